import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type MatchInput, blockingPairs, stableMatch } from "./match";
import { market } from "./market.testing";

const acceptable = (m: MatchInput, a: string, o: string) =>
  (m.applicants.find((x) => x.id === a)?.ranking.includes(o) ?? false) &&
  (m.offers.find((x) => x.id === o)?.ranking.includes(a) ?? false);

/** Every stable outcome of a small market, by trying every assignment. */
function allStable(m: MatchInput): Record<string, string | null>[] {
  const options = m.applicants.map((a) => [null, ...a.ranking.filter((o) => acceptable(m, a.id, o))]);
  const out: Record<string, string | null>[] = [];
  const walk = (i: number, acc: Record<string, string | null>) => {
    if (i === m.applicants.length) {
      try {
        if (blockingPairs(m, acc).length === 0) out.push({ ...acc });
      } catch {
        /* over capacity: not an outcome */
      }
      return;
    }
    for (const o of options[i]) walk(i + 1, { ...acc, [m.applicants[i].id]: o });
  };
  walk(0, {});
  return out;
}

describe("stableMatch", () => {
  it("assigns every applicant (null when unmatched), within capacities, only to acceptable pairs", () => {
    fc.assert(
      fc.property(market(12, 6, 3), (m) => {
        const { assignments } = stableMatch(m);
        expect(Object.keys(assignments).sort()).toEqual(m.applicants.map((a) => a.id).sort());
        for (const o of m.offers)
          expect(Object.values(assignments).filter((x) => x === o.id).length).toBeLessThanOrEqual(o.capacity);
        for (const [a, o] of Object.entries(assignments)) if (o !== null) expect(acceptable(m, a, o)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("is stable: no applicant and offer would both rather have each other", () => {
    fc.assert(
      fc.property(market(12, 6, 3), (m) => {
        expect(blockingPairs(m, stableMatch(m).assignments)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("is applicant-optimal: each applicant gets the best offer they hold in any stable outcome (brute force)", () => {
    fc.assert(
      fc.property(market(5, 3, 2), (m) => {
        const { assignments } = stableMatch(m);
        const stable = allStable(m);
        expect(stable).toContainEqual(assignments);
        for (const a of m.applicants) {
          const rank = (o: string | null) => (o === null ? Infinity : a.ranking.indexOf(o));
          for (const other of stable) expect(rank(assignments[a.id])).toBeLessThanOrEqual(rank(other[a.id]));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same outcome whatever order applicants and offers are listed in", () => {
    fc.assert(
      fc.property(
        market(10, 5, 3).chain((m) =>
          fc.tuple(
            fc.constant(m),
            fc.shuffledSubarray(m.applicants, { minLength: m.applicants.length }),
            fc.shuffledSubarray(m.offers, { minLength: m.offers.length }),
          ),
        ),
        ([m, applicants, offers]) => {
          expect(stableMatch({ applicants, offers })).toEqual(stableMatch(m));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("explains a small market by hand", () => {
    const m: MatchInput = {
      applicants: [
        { id: "ana", ranking: ["cusco", "quebec"] },
        { id: "marc", ranking: ["cusco"] },
        { id: "lucia", ranking: ["cusco", "quebec"] },
      ],
      offers: [
        { id: "cusco", capacity: 1, ranking: ["marc", "ana", "lucia"] },
        // Quebec does not rank Lucía: she stays unassigned rather than take a place it did not offer her.
        { id: "quebec", capacity: 2, ranking: ["ana"] },
      ],
    };
    expect(stableMatch(m).assignments).toEqual({ ana: "quebec", marc: "cusco", lucia: null });
  });

  it("finds the pair that breaks an unstable outcome, and refuses an impossible one", () => {
    const m: MatchInput = {
      applicants: [
        { id: "ana", ranking: ["cusco", "quebec"] },
        { id: "lucia", ranking: ["cusco"] },
      ],
      offers: [
        { id: "cusco", capacity: 1, ranking: ["ana", "lucia"] },
        { id: "quebec", capacity: 1, ranking: ["ana"] },
      ],
    };
    // Cusco would rather have Ana, and Ana would rather have Cusco.
    expect(blockingPairs(m, { ana: "quebec", lucia: "cusco" })).toEqual([{ applicant: "ana", offer: "cusco" }]);
    // Lucía has nothing while Cusco has a free place she wants and it ranks her.
    expect(blockingPairs(m, { ana: "quebec", lucia: null })).toEqual([
      { applicant: "ana", offer: "cusco" },
      { applicant: "lucia", offer: "cusco" },
    ]);
    expect(blockingPairs(m, stableMatch(m).assignments)).toEqual([]);
    expect(() => blockingPairs(m, { ana: "cusco", lucia: "cusco" })).toThrow(RangeError);
    expect(() => blockingPairs(m, { ana: "cusco", lucia: "quebec" })).toThrow(RangeError);
  });

  it("ignores ids a ranking names that are not in the market, and counts a repeated id once", () => {
    const m: MatchInput = {
      applicants: [{ id: "a", ranking: ["ghost", "o", "o"] }],
      offers: [{ id: "o", capacity: 1, ranking: ["nobody", "a"] }],
    };
    expect(stableMatch(m).assignments).toEqual({ a: "o" });
  });

  it("refuses bad input with a RangeError", () => {
    expect(() => stableMatch({ applicants: [], offers: [{ id: "o", capacity: -1, ranking: [] }] })).toThrow(RangeError);
    expect(() => stableMatch({ applicants: [], offers: [{ id: "o", capacity: 1.5, ranking: [] }] })).toThrow(
      RangeError,
    );
    expect(() =>
      stableMatch({
        applicants: [
          { id: "a", ranking: [] },
          { id: "a", ranking: [] },
        ],
        offers: [],
      }),
    ).toThrow(RangeError);
  });
});
