/**
 * Assigning exchange places: applicant-proposing deferred acceptance (Gale and Shapley, 1962), in
 * its many-to-one form (Roth, 1984) where each offer has a number of places. Pure and deterministic:
 * the same input always gives the same assignments, whatever order applicants or offers are listed
 * in, because the applicant-optimal stable matching is unique. Anyone can re-run it on a round's
 * published input and check the outcome.
 *
 * The rules:
 * - A pair is acceptable only when each ranks the other. Ids in a ranking that are not in the input
 *   are ignored; a ranking that names an id twice counts its first place.
 * - Every applicant proposes to the offers of their ranking in order; an offer keeps, among those
 *   who proposed to it, the ones it ranks highest up to its capacity, and turns the rest away.
 * - The result is stable (no applicant and offer would both rather have each other than what they
 *   got) and the best stable result for every applicant at once.
 */

export type MatchApplicant = { id: string; ranking: string[] };
export type MatchOffer = { id: string; capacity: number; ranking: string[] };
export type MatchInput = { applicants: MatchApplicant[]; offers: MatchOffer[] };
export type MatchResult = { assignments: Record<string, string | null> };

/** Position of each id in a ranking (first occurrence wins); absent means "not acceptable". */
function ranks(ranking: string[]): Map<string, number> {
  const out = new Map<string, number>();
  ranking.forEach((id, i) => {
    if (!out.has(id)) out.set(id, i);
  });
  return out;
}

/** Refuses bad input; returns each applicant's and offer's index in its list. */
function validate(input: MatchInput): { applicantIndex: Map<string, number>; offerIndex: Map<string, number> } {
  const applicantIndex = new Map<string, number>();
  input.applicants.forEach((a, i) => {
    if (typeof a.id !== "string" || applicantIndex.has(a.id))
      throw new RangeError(`Applicant id ${a.id} is missing or repeated.`);
    applicantIndex.set(a.id, i);
    if (!Array.isArray(a.ranking)) throw new RangeError(`Applicant ${a.id} has no ranking.`);
  });
  const offerIndex = new Map<string, number>();
  input.offers.forEach((o, j) => {
    if (typeof o.id !== "string" || offerIndex.has(o.id))
      throw new RangeError(`Offer id ${o.id} is missing or repeated.`);
    offerIndex.set(o.id, j);
    if (!Number.isSafeInteger(o.capacity) || o.capacity < 0)
      throw new RangeError(`Offer ${o.id} has capacity ${o.capacity}: a whole number ≥ 0 is needed.`);
    if (!Array.isArray(o.ranking)) throw new RangeError(`Offer ${o.id} has no ranking.`);
  });
  return { applicantIndex, offerIndex };
}

/**
 * Deferred acceptance over integer indices: linear in the total length of the rankings plus a
 * log factor per proposal. Applicants and offers become indices; each applicant's acceptable
 * choices are laid out once, with the rank the offer gives them, in flat typed arrays; each offer
 * keeps the applicants it holds in a max-heap by rank (its worst on top), so a proposal is
 * answered without sorting or scanning a ranking. The order in which free applicants propose does
 * not change the outcome (the applicant-optimal stable matching is unique).
 */
export function stableMatch(input: MatchInput): MatchResult {
  const { applicantIndex, offerIndex } = validate(input);
  const { applicants, offers } = input;
  const A = applicants.length;
  const O = offers.length;

  // Who each offer ranks, by applicant, as (offer, rank) pairs (first occurrence wins): the
  // offers' rankings resolved to applicant indices once (-1: not an applicant, or repeated).
  let offerEntries = 0;
  for (const o of offers) offerEntries += o.ranking.length;
  const ranked = new Int32Array(offerEntries);
  const rankedByStart = new Int32Array(A + 1); // applicant i's pairs are [start[i], start[i + 1])
  const stamp = new Int32Array(A);
  for (let j = 0, e = 0; j < O; j++) {
    const ranking = offers[j].ranking;
    for (let r = 0; r < ranking.length; r++, e++) {
      const i = applicantIndex.get(ranking[r]);
      if (i === undefined || stamp[i] === j + 1) {
        ranked[e] = -1;
        continue;
      }
      stamp[i] = j + 1;
      ranked[e] = i;
      rankedByStart[i + 1]++;
    }
  }
  for (let i = 0; i < A; i++) rankedByStart[i + 1] += rankedByStart[i];
  const fill = rankedByStart.slice(0, A);
  const rankedByOffer = new Int32Array(rankedByStart[A]);
  const rankedByRank = new Int32Array(rankedByStart[A]);
  for (let j = 0, e = 0; j < O; j++) {
    const length = offers[j].ranking.length;
    for (let r = 0; r < length; r++, e++) {
      const i = ranked[e];
      if (i < 0) continue;
      rankedByOffer[fill[i]] = j;
      rankedByRank[fill[i]++] = r;
    }
  }

  // Each applicant's acceptable offers in their order (an offer that does not rank them is
  // skipped, a repeated one counts once), with the rank that offer gives them.
  const choiceStart = new Int32Array(A + 1);
  let total = 0;
  for (const a of applicants) total += a.ranking.length;
  const choiceOffer = new Int32Array(total);
  const choiceRank = new Int32Array(total);
  const proposers = new Int32Array(O); // how many applicants may propose to each offer
  const rankOf = new Int32Array(O);
  const rankedMe = new Int32Array(O); // stamp: the offer ranks applicant i
  const listed = new Int32Array(O); // stamp: applicant i already listed the offer
  let k = 0;
  for (let i = 0; i < A; i++) {
    for (let p = rankedByStart[i]; p < rankedByStart[i + 1]; p++) {
      rankedMe[rankedByOffer[p]] = i + 1;
      rankOf[rankedByOffer[p]] = rankedByRank[p];
    }
    const ranking = applicants[i].ranking;
    for (let c = 0; c < ranking.length; c++) {
      const j = offerIndex.get(ranking[c]);
      if (j === undefined || listed[j] === i + 1) continue;
      listed[j] = i + 1;
      if (rankedMe[j] !== i + 1) continue;
      choiceOffer[k] = j;
      choiceRank[k++] = rankOf[j];
      proposers[j]++;
    }
    choiceStart[i + 1] = k;
  }

  // Each offer's held applicants: a max-heap by rank in its own slice of two flat arrays.
  const heapStart = new Int32Array(O + 1);
  for (let j = 0; j < O; j++) heapStart[j + 1] = heapStart[j] + Math.min(offers[j].capacity, proposers[j]);
  const heapRank = new Int32Array(heapStart[O]);
  const heapApplicant = new Int32Array(heapStart[O]);
  const heapSize = new Int32Array(O);

  const next = choiceStart.slice(0, A); // each applicant's next choice to propose to
  for (let first = 0; first < A; first++) {
    let i = first; // proposes until held; one turned away for them proposes next
    while (i >= 0 && next[i] < choiceStart[i + 1]) {
      const c = next[i]++;
      const j = choiceOffer[c];
      const rank = choiceRank[c];
      const base = heapStart[j];
      const size = heapSize[j];
      if (size < offers[j].capacity) {
        // A free place: sift the newcomer up.
        let at = size;
        while (at > 0) {
          const up = (at - 1) >> 1;
          if (heapRank[base + up] >= rank) break;
          heapRank[base + at] = heapRank[base + up];
          heapApplicant[base + at] = heapApplicant[base + up];
          at = up;
        }
        heapRank[base + at] = rank;
        heapApplicant[base + at] = i;
        heapSize[j] = size + 1;
        i = -1;
      } else if (size > 0 && rank < heapRank[base]) {
        // Full, and it ranks the newcomer above its worst: the worst is turned away.
        const out = heapApplicant[base];
        let at = 0;
        for (;;) {
          let child = 2 * at + 1;
          if (child >= size) break;
          if (child + 1 < size && heapRank[base + child + 1] > heapRank[base + child]) child++;
          if (heapRank[base + child] <= rank) break;
          heapRank[base + at] = heapRank[base + child];
          heapApplicant[base + at] = heapApplicant[base + child];
          at = child;
        }
        heapRank[base + at] = rank;
        heapApplicant[base + at] = i;
        i = out;
      }
      // Otherwise turned away: i proposes to their next choice.
    }
  }

  const assignments: Record<string, string | null> = {};
  for (const a of applicants) assignments[a.id] = null;
  for (let j = 0; j < O; j++)
    for (let h = heapStart[j]; h < heapStart[j] + heapSize[j]; h++)
      assignments[applicants[heapApplicant[h]].id] = offers[j].id;
  return { assignments };
}

export type BlockingPair = { applicant: string; offer: string };

/**
 * The pairs that would break an outcome: an applicant and an offer that rank each other, where the
 * applicant prefers the offer to what they got and the offer has a free place or holds someone it
 * ranks lower. A stable outcome has none. Also refuses an outcome that fills an offer beyond its
 * capacity or pairs two who do not both rank each other.
 */
export function blockingPairs(input: MatchInput, assignments: Record<string, string | null>): BlockingPair[] {
  const { offerIndex } = validate(input);
  const offerRank = input.offers.map((o) => ranks(o.ranking));
  const holders = input.offers.map(() => [] as string[]);
  for (const a of input.applicants) {
    const got = assignments[a.id] ?? null;
    if (got === null) continue;
    const j = offerIndex.get(got);
    if (j === undefined || !ranks(a.ranking).has(got) || !offerRank[j].has(a.id))
      throw new RangeError(`Applicant ${a.id} is assigned to ${got}, which is not an acceptable pair.`);
    holders[j].push(a.id);
  }
  input.offers.forEach((o, j) => {
    if (holders[j].length > o.capacity) throw new RangeError(`Offer ${o.id} holds more than its capacity.`);
  });
  // Each offer's worst held rank (-1 when it holds no one), computed once.
  const worst = holders.map((held, j) => held.reduce((w, h) => Math.max(w, offerRank[j].get(h)!), -1));

  // Only the offers an applicant ranks above what they got can block; listed in the offers' order.
  const out: BlockingPair[] = [];
  for (const a of input.applicants) {
    const mine = ranks(a.ranking);
    const got = assignments[a.id] ?? null;
    const gotRank = got === null ? Infinity : mine.get(got)!;
    const blocking: number[] = [];
    for (const [offerId, wanted] of mine) {
      if (wanted >= gotRank) break; // a ranking's first occurrences come in increasing order
      const j = offerIndex.get(offerId);
      const order = j === undefined ? undefined : offerRank[j].get(a.id);
      if (j === undefined || order === undefined) continue;
      if (holders[j].length < input.offers[j].capacity || order < worst[j]) blocking.push(j);
    }
    blocking.sort((x, y) => x - y);
    for (const j of blocking) out.push({ applicant: a.id, offer: input.offers[j].id });
  }
  return out;
}
