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

function validate(input: MatchInput): void {
  const seen = new Set<string>();
  for (const a of input.applicants) {
    if (typeof a.id !== "string" || seen.has(a.id))
      throw new RangeError(`Applicant id ${a.id} is missing or repeated.`);
    seen.add(a.id);
    if (!Array.isArray(a.ranking)) throw new RangeError(`Applicant ${a.id} has no ranking.`);
  }
  const offers = new Set<string>();
  for (const o of input.offers) {
    if (typeof o.id !== "string" || offers.has(o.id)) throw new RangeError(`Offer id ${o.id} is missing or repeated.`);
    offers.add(o.id);
    if (!Number.isSafeInteger(o.capacity) || o.capacity < 0)
      throw new RangeError(`Offer ${o.id} has capacity ${o.capacity}: a whole number ≥ 0 is needed.`);
    if (!Array.isArray(o.ranking)) throw new RangeError(`Offer ${o.id} has no ranking.`);
  }
}

export function stableMatch(input: MatchInput): MatchResult {
  validate(input);
  const offerRank = new Map(input.offers.map((o) => [o.id, ranks(o.ranking)]));
  const capacity = new Map(input.offers.map((o) => [o.id, o.capacity]));
  // Each applicant's acceptable offers, in their order: an offer that does not rank them is skipped.
  const choices = new Map(
    input.applicants.map((a) => [
      a.id,
      [...ranks(a.ranking).keys()].filter((offerId) => offerRank.get(offerId)?.has(a.id) ?? false),
    ]),
  );
  const next = new Map(input.applicants.map((a) => [a.id, 0]));
  const held = new Map(input.offers.map((o) => [o.id, [] as string[]]));
  const free = input.applicants.map((a) => a.id);

  while (free.length) {
    const applicant = free.shift()!;
    const list = choices.get(applicant)!;
    const i = next.get(applicant)!;
    if (i >= list.length) continue; // no acceptable offer left: stays unassigned
    next.set(applicant, i + 1);
    const offerId = list[i];
    const order = offerRank.get(offerId)!;
    const keep = [...held.get(offerId)!, applicant].sort((x, y) => order.get(x)! - order.get(y)!);
    const places = capacity.get(offerId)!;
    held.set(offerId, keep.slice(0, places));
    free.push(...keep.slice(places)); // turned away: proposes to their next choice
  }

  const assignments: Record<string, string | null> = {};
  for (const a of input.applicants) assignments[a.id] = null;
  for (const [offerId, applicants] of held) for (const a of applicants) assignments[a] = offerId;
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
  validate(input);
  const offerRank = new Map(input.offers.map((o) => [o.id, ranks(o.ranking)]));
  const holders = new Map(input.offers.map((o) => [o.id, [] as string[]]));
  for (const a of input.applicants) {
    const got = assignments[a.id] ?? null;
    if (got === null) continue;
    if (!holders.has(got) || !ranks(a.ranking).has(got) || !offerRank.get(got)!.has(a.id))
      throw new RangeError(`Applicant ${a.id} is assigned to ${got}, which is not an acceptable pair.`);
    holders.get(got)!.push(a.id);
  }
  for (const o of input.offers)
    if (holders.get(o.id)!.length > o.capacity) throw new RangeError(`Offer ${o.id} holds more than its capacity.`);

  const out: BlockingPair[] = [];
  for (const a of input.applicants) {
    const mine = ranks(a.ranking);
    const got = assignments[a.id] ?? null;
    const gotRank = got === null ? Infinity : mine.get(got)!;
    for (const o of input.offers) {
      const wanted = mine.get(o.id);
      const order = offerRank.get(o.id)!;
      if (wanted === undefined || wanted >= gotRank || !order.has(a.id)) continue;
      const held = holders.get(o.id)!;
      const worst = Math.max(-1, ...held.map((h) => order.get(h)!));
      if (held.length < o.capacity || order.get(a.id)! < worst) out.push({ applicant: a.id, offer: o.id });
    }
  }
  return out;
}
