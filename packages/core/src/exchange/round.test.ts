import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { market } from "./market.testing";
import { type MatchInput, blockingPairs, stableMatch } from "./match";
import {
  ALGORITHM,
  canonicalJson,
  explain,
  explainEntry,
  inputDigest,
  offerEntries,
  pseudonyms,
  publicInput,
  publicOutcome,
  reasons,
} from "./round";

// Two offers with one place each; ana and ben both want "lima" first, lima ranks ben above ana;
// "cusco" does not rank carla at all.
const input: MatchInput = {
  applicants: [
    { id: "P#ana", ranking: ["lima", "cusco"] },
    { id: "P#ben", ranking: ["lima"] },
    { id: "P#carla", ranking: ["cusco", "lima"] },
  ],
  offers: [
    { id: "lima", capacity: 1, ranking: ["P#ben", "P#ana", "P#carla"] },
    { id: "cusco", capacity: 1, ranking: ["P#ana"] },
  ],
};

describe("a round's published input and digest", () => {
  it("uses pseudonyms only, sorted, and the digest is re-computable from what is published", () => {
    const names = pseudonyms(input);
    const published = publicInput(input, names);
    const text = JSON.stringify(published);
    for (const real of ["ana", "ben", "carla", "lima", "cusco"]) expect(text).not.toContain(real);
    expect(published.applicants.map((a) => a.id)).toEqual(["applicant-1", "applicant-2", "applicant-3"]);
    expect(published.offers.map((o) => o.id)).toEqual(["offer-1", "offer-2"]);

    const { assignments } = stableMatch(input);
    const outcome = publicOutcome(assignments, names);
    // Anyone: parse the published JSON, re-run, and compare.
    const downloaded = JSON.parse(JSON.stringify({ input: published, outcome })) as {
      input: MatchInput;
      outcome: Record<string, string | null>;
    };
    expect(inputDigest(downloaded.input)).toBe(inputDigest(published));
    expect(stableMatch(downloaded.input).assignments).toEqual(downloaded.outcome);
    expect(blockingPairs(downloaded.input, downloaded.outcome)).toEqual([]);
    expect(ALGORITHM).toBe("deferred-acceptance/applicant-proposing/v1");
  });

  it("does not depend on the order things were listed in", () => {
    const shuffled: MatchInput = { applicants: [...input.applicants].reverse(), offers: [...input.offers].reverse() };
    expect(inputDigest(publicInput(shuffled))).toBe(inputDigest(publicInput(input)));
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
});

describe("explanations", () => {
  const { assignments } = stableMatch(input);

  it("the outcome is what the example says", () => {
    expect(assignments).toEqual({ "P#ana": "cusco", "P#ben": "lima", "P#carla": null });
  });

  it("names the places that went to applicants ranked above", () => {
    expect(reasons(input, assignments, "P#ana")).toEqual([{ offerId: "lima", reason: "full", places: 1 }]);
    const e = explain(input, assignments, "P#ana", (id, l) => `${id}-${l}`);
    expect(e.offerId).toBe("cusco");
    expect(e.explanation.en).toContain("cusco-en");
    expect(e.explanation.en).toContain("lima-en: its 1 place went to applicants it ranked above you.");
    expect(e.explanation.es).toContain("lima-es");
    expect(e.explanation.fr).toContain("lima-fr");
  });

  it("says when an offer did not rank the applicant, and when nothing was assigned", () => {
    expect(reasons(input, assignments, "P#carla")).toEqual([
      { offerId: "cusco", reason: "not_ranked" },
      { offerId: "lima", reason: "full", places: 1 },
    ]);
    const e = explain(input, assignments, "P#carla");
    expect(e.offerId).toBeNull();
    expect(e.explanation.en).toContain("cusco: this offer did not rank you.");
    expect(e.explanation.es).toContain("No se le ha asignado");
    expect(e.explanation.fr).toContain("cette offre ne vous a pas classé");
  });

  it("has nothing to explain for someone who got their first choice", () => {
    expect(reasons(input, assignments, "P#ben")).toEqual([]);
  });

  it("says when a ranked offer was not part of the round (closed before it ran)", () => {
    const withClosed: MatchInput = {
      ...input,
      applicants: [{ id: "P#dora", ranking: ["closed", "cusco"] }, ...input.applicants],
    };
    const out = stableMatch(withClosed).assignments;
    expect(reasons(withClosed, out, "P#dora")[0]).toEqual({ offerId: "closed", reason: "not_in_round" });
    expect(explain(withClosed, out, "P#dora").explanation.en).toContain(
      "closed: this offer was not part of this round.",
    );
  });
});

describe("what an offer's institution reads (offerEntries)", () => {
  it("classifies everyone who listed the offer by the one reason a stable outcome leaves", () => {
    fc.assert(
      fc.property(market(7, 4, 2), (m) => {
        const { assignments } = stableMatch(m);
        for (const o of m.offers) {
          const entries = offerEntries(m, assignments, o.id);
          const listed = m.applicants.filter((a) => a.ranking.includes(o.id));
          expect(entries.map((e) => e.personId).sort()).toEqual(listed.map((a) => a.id).sort());
          const placedHere = Object.values(assignments).filter((x) => x === o.id).length;
          for (const e of entries) {
            const a = m.applicants.find((x) => x.id === e.personId)!;
            const got = assignments[a.id] ?? null;
            expect(e.choice).toBe(a.ranking.indexOf(o.id) + 1);
            expect(e.rank).toBe(o.ranking.includes(a.id) ? o.ranking.indexOf(a.id) + 1 : null);
            if (e.outcome === "placed") expect(got).toBe(o.id);
            if (e.outcome === "not_ranked") expect(e.rank).toBeNull();
            if (e.outcome === "higher_choice") expect(a.ranking.indexOf(got!)).toBeLessThan(a.ranking.indexOf(o.id));
            if (e.outcome === "full") {
              // Its places are all taken, each by someone it ranked above this person.
              expect(placedHere).toBe(o.capacity);
              for (const [p, x] of Object.entries(assignments))
                if (x === o.id) expect(o.ranking.indexOf(p)).toBeLessThan(e.rank! - 1);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("says it in EN/ES/FR", () => {
    const placed = explainEntry({ personId: "p", rank: 2, choice: 1, outcome: "placed" }, 3);
    expect(placed.en).toBe("Placed here: you ranked them #2, and this offer was their choice #1.");
    expect(explainEntry({ personId: "p", rank: 4, choice: 2, outcome: "full" }, 3).fr).toBe(
      "Vos 3 places sont allées à des candidats que vous avez classés avant lui.",
    );
    expect(Object.keys(placed).sort()).toEqual(["en", "es", "fr"]);
  });
});
