/**
 * What a matching round publishes and tells each applicant (docs/decisions/0019-exchange-matching.md).
 *
 * - `publicInput` replaces people and offers by pseudonyms (`applicant-1`, `offer-1`, numbered in
 *   the order of their real ids, so stable within a round) and sorts both lists by pseudonym:
 *   the published input holds no personal data.
 * - `inputDigest` is the sha256 of the canonical JSON of that input (object keys sorted, lists in
 *   the order above), so anyone can re-run `stableMatch` on the published input and check both the
 *   digest and the outcome.
 * - `explain` says, in EN/ES/FR, which offer an applicant got and, for each offer they ranked
 *   higher, why not: the offer did not rank them, or its places went to applicants it ranked above
 *   them (that is the only other reason in applicant-proposing deferred acceptance).
 */
import { createHash } from "node:crypto";
import type { Locale } from "../text";
import { canonicalJson } from "../canonical";
import type { MatchInput } from "./match";

export const ALGORITHM = "deferred-acceptance/applicant-proposing/v1";

export { canonicalJson };

/** sha256 (hex) of the canonical JSON of a round's (published) input. */
export const inputDigest = (input: MatchInput): string =>
  createHash("sha256").update(canonicalJson(input)).digest("hex");

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export type Pseudonyms = { applicants: Map<string, string>; offers: Map<string, string> };

/** Pseudonyms for a round: `applicant-<n>` / `offer-<n>`, numbered in the order of the real ids. */
export function pseudonyms(input: MatchInput): Pseudonyms {
  const name = (prefix: string, ids: string[]) =>
    new Map([...ids].sort(byId).map((id, i) => [id, `${prefix}-${i + 1}`]));
  return {
    applicants: name(
      "applicant",
      input.applicants.map((a) => a.id),
    ),
    offers: name(
      "offer",
      input.offers.map((o) => o.id),
    ),
  };
}

const sortKey = (x: string) => Number(x.slice(x.lastIndexOf("-") + 1));

/**
 * The input as published: pseudonyms only, lists sorted by pseudonym number, rankings keeping
 * their order but dropping ids that are not in the round (they play no part in the match).
 */
export function publicInput(input: MatchInput, names: Pseudonyms = pseudonyms(input)): MatchInput {
  const rename = (ids: string[], map: Map<string, string>) => ids.filter((id) => map.has(id)).map((id) => map.get(id)!);
  return {
    applicants: input.applicants
      .map((a) => ({ id: names.applicants.get(a.id)!, ranking: rename(a.ranking, names.offers) }))
      .sort((x, y) => sortKey(x.id) - sortKey(y.id)),
    offers: input.offers
      .map((o) => ({ id: names.offers.get(o.id)!, capacity: o.capacity, ranking: rename(o.ranking, names.applicants) }))
      .sort((x, y) => sortKey(x.id) - sortKey(y.id)),
  };
}

/** The outcome as published: pseudonym → pseudonym or null. */
export function publicOutcome(
  assignments: Record<string, string | null>,
  names: Pseudonyms,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [applicant, offer] of Object.entries(assignments).sort(
    ([a], [b]) => sortKey(names.applicants.get(a)!) - sortKey(names.applicants.get(b)!),
  ))
    out[names.applicants.get(applicant)!] = offer === null ? null : names.offers.get(offer)!;
  return out;
}

export type Reason =
  | { offerId: string; reason: "not_ranked" }
  | { offerId: string; reason: "full"; places: number }
  | { offerId: string; reason: "not_in_round" };

/** Why an applicant did not get each offer they ranked above the one they got (or any, if none). */
export function reasons(input: MatchInput, assignments: Record<string, string | null>, applicantId: string): Reason[] {
  const me = input.applicants.find((a) => a.id === applicantId);
  if (!me) return [];
  const got = assignments[applicantId] ?? null;
  const offers = new Map(input.offers.map((o) => [o.id, o]));
  const out: Reason[] = [];
  const seen = new Set<string>();
  for (const offerId of me.ranking) {
    if (offerId === got) break;
    if (seen.has(offerId)) continue;
    seen.add(offerId);
    const offer = offers.get(offerId);
    if (!offer) out.push({ offerId, reason: "not_in_round" });
    else if (!offer.ranking.includes(applicantId)) out.push({ offerId, reason: "not_ranked" });
    else out.push({ offerId, reason: "full", places: offer.capacity });
  }
  return out;
}

const WORDS: Record<
  Locale,
  {
    got: (o: string) => string;
    none: string;
    notRanked: (o: string) => string;
    full: (o: string, n: number) => string;
    notInRound: (o: string) => string;
  }
> = {
  en: {
    got: (o) => `You have been assigned a place in ${o}.`,
    none: "You have not been assigned a place in this round.",
    notRanked: (o) => `${o}: this offer did not rank you.`,
    full: (o, n) => `${o}: its ${n} ${n === 1 ? "place" : "places"} went to applicants it ranked above you.`,
    notInRound: (o) => `${o}: this offer was not part of this round.`,
  },
  es: {
    got: (o) => `Se le ha asignado una plaza en ${o}.`,
    none: "No se le ha asignado ninguna plaza en esta ronda.",
    notRanked: (o) => `${o}: esta oferta no le incluyó en su clasificación.`,
    full: (o, n) =>
      `${o}: ${n === 1 ? "su única plaza fue" : `sus ${n} plazas fueron`} para postulantes que clasificó por encima de usted.`,
    notInRound: (o) => `${o}: esta oferta no formó parte de esta ronda.`,
  },
  fr: {
    got: (o) => `Une place vous a été attribuée dans ${o}.`,
    none: "Aucune place ne vous a été attribuée lors de ce tour.",
    notRanked: (o) => `${o} : cette offre ne vous a pas classé.`,
    full: (o, n) =>
      `${o} : ${n === 1 ? "sa place est allée" : `ses ${n} places sont allées`} à des candidats qu'elle a classés avant vous.`,
    notInRound: (o) => `${o} : cette offre ne faisait pas partie de ce tour.`,
  },
};

/**
 * An applicant's explanation in each UI language. `label` names an offer for a reader (its title
 * in that language); by default the offer's id.
 */
export function explain(
  input: MatchInput,
  assignments: Record<string, string | null>,
  applicantId: string,
  label: (offerId: string, locale: Locale) => string = (id) => id,
): { offerId: string | null; explanation: Record<Locale, string> } {
  const got = assignments[applicantId] ?? null;
  return { offerId: got, explanation: explainReasons(got, reasons(input, assignments, applicantId), label) };
}

/** The explanation from what a round stored for an applicant: the offer they got and the reasons. */
export function explainReasons(
  got: string | null,
  why: Reason[],
  label: (offerId: string, locale: Locale) => string = (id) => id,
): Record<Locale, string> {
  const text = (locale: Locale) => {
    const w = WORDS[locale];
    const lines = [got === null ? w.none : w.got(label(got, locale))];
    for (const r of why) {
      const name = label(r.offerId, locale);
      lines.push(
        r.reason === "not_ranked"
          ? w.notRanked(name)
          : r.reason === "full"
            ? w.full(name, r.places)
            : w.notInRound(name),
      );
    }
    return lines.join("\n");
  };
  return { en: text("en"), es: text("es"), fr: text("fr") };
}

/**
 * What an offer's institution reads about each person who listed the offer in a round: placed
 * here (with the offer's rank of them and their choice number), not ranked by the offer, placed at
 * an offer they ranked higher, or passed over because the places went to people ranked above
 * them. In a stable outcome those are the only cases.
 */
export type OfferEntry = {
  personId: string;
  /** The offer's rank of the person (1 = first), null when it did not rank them. */
  rank: number | null;
  /** Where the person put this offer in their own ranking (1 = first choice). */
  choice: number;
  outcome: "placed" | "higher_choice" | "full" | "not_ranked";
};

export function offerEntries(
  input: MatchInput,
  assignments: Record<string, string | null>,
  offerId: string,
): OfferEntry[] {
  const offer = input.offers.find((o) => o.id === offerId);
  if (!offer) return [];
  const rankOf = new Map<string, number>();
  offer.ranking.forEach((id, i) => rankOf.has(id) || rankOf.set(id, i + 1));
  const entries: OfferEntry[] = [];
  for (const a of input.applicants) {
    const at = a.ranking.indexOf(offerId);
    if (at < 0) continue;
    const rank = rankOf.get(a.id) ?? null;
    const got = assignments[a.id] ?? null;
    const outcome: OfferEntry["outcome"] =
      got === offerId
        ? "placed"
        : rank === null
          ? "not_ranked"
          : got !== null && a.ranking.indexOf(got) < at
            ? "higher_choice"
            : "full";
    entries.push({ personId: a.id, rank, choice: at + 1, outcome });
  }
  const order = { placed: 0, higher_choice: 1, full: 2, not_ranked: 3 };
  return entries.sort((x, y) => order[x.outcome] - order[y.outcome] || (x.rank ?? Infinity) - (y.rank ?? Infinity));
}

const OFFER_WORDS: Record<
  Locale,
  {
    placed: (rank: number, choice: number) => string;
    higher: string;
    full: (places: number) => string;
    notRanked: string;
  }
> = {
  en: {
    placed: (r, c) => `Placed here: you ranked them #${r}, and this offer was their choice #${c}.`,
    higher: "Placed at an offer they ranked above this one.",
    full: (n) => `Your ${n} ${n === 1 ? "place" : "places"} went to applicants you ranked above them.`,
    notRanked: "You did not rank them.",
  },
  es: {
    placed: (r, c) => `Asignado aquí: usted le clasificó n.º ${r} y esta oferta era su opción n.º ${c}.`,
    higher: "Asignado a una oferta que prefería a esta.",
    full: (n) =>
      `${n === 1 ? "Su plaza fue" : `Sus ${n} plazas fueron`} para postulantes que usted clasificó por encima.`,
    notRanked: "Usted no le clasificó.",
  },
  fr: {
    placed: (r, c) => `Placé ici : vous l'avez classé n° ${r}, et cette offre était son choix n° ${c}.`,
    higher: "Placé dans une offre qu'il préférait à celle-ci.",
    full: (n) =>
      `${n === 1 ? "Votre place est allée" : `Vos ${n} places sont allées`} à des candidats que vous avez classés avant lui.`,
    notRanked: "Vous ne l'avez pas classé.",
  },
};

/** Why a person who listed an offer was or was not placed there, for the offer's institution. */
export function explainEntry(entry: OfferEntry, places: number): Record<Locale, string> {
  const text = (locale: Locale) => {
    const w = OFFER_WORDS[locale];
    return entry.outcome === "placed"
      ? w.placed(entry.rank!, entry.choice)
      : entry.outcome === "higher_choice"
        ? w.higher
        : entry.outcome === "full"
          ? w.full(places)
          : w.notRanked;
  };
  return { en: text("en"), es: text("es"), fr: text("fr") };
}
