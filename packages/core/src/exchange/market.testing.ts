/** Random exchange markets for property tests (match and round explanations). */
import fc from "fast-check";
import type { MatchInput } from "./match";

/** Random markets: up to `maxApplicants` applicants and `maxOffers` offers, each ranking a random subset. */
export const market = (maxApplicants: number, maxOffers: number, maxCapacity: number) =>
  fc
    .record({
      applicants: fc.integer({ min: 0, max: maxApplicants }),
      offers: fc.integer({ min: 0, max: maxOffers }),
    })
    .chain(({ applicants, offers }) => {
      const applicantIds = Array.from({ length: applicants }, (_, i) => `a${i}`);
      const offerIds = Array.from({ length: offers }, (_, i) => `o${i}`);
      const rankingOf = (ids: string[]) =>
        fc.shuffledSubarray(ids).chain((s) => fc.shuffledSubarray(s, { minLength: s.length }));
      return fc.record({
        applicants: fc.tuple(...applicantIds.map((id) => rankingOf(offerIds).map((ranking) => ({ id, ranking })))),
        offers: fc.tuple(
          ...offerIds.map((id) =>
            fc
              .record({ capacity: fc.integer({ min: 0, max: maxCapacity }), ranking: rankingOf(applicantIds) })
              .map((o) => ({ id, ...o })),
          ),
        ),
      });
    }) as fc.Arbitrary<MatchInput>;
