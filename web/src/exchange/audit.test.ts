import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../../packages/core/src/canonical";
import { auditFile, digestOf } from "./audit";

const input = {
  applicants: [
    { id: "applicant-1", ranking: ["offer-2", "offer-1"] },
    { id: "applicant-2", ranking: ["offer-1"] },
  ],
  offers: [
    { id: "offer-1", capacity: 1, ranking: ["applicant-2", "applicant-1"] },
    { ranking: ["applicant-1"], capacity: 1, id: "offer-2" },
  ],
};

describe("a round's audit file", () => {
  it("computes in the browser the digest the server publishes (sha256 of the canonical input)", async () => {
    const server = createHash("sha256").update(canonicalJson(input)).digest("hex");
    expect(await digestOf(input)).toBe(server);
    // Key order does not matter: the canonical JSON sorts keys.
    expect(await digestOf(JSON.parse(JSON.stringify(input)))).toBe(server);
  });

  it("holds the algorithm, the digest, the input and the outcome, and nothing else", () => {
    const round = {
      id: "01J",
      ranAt: "2026-12-02T10:00:00Z",
      algorithm: "deferred-acceptance/applicant-proposing/v1",
      inputDigest: "ab",
      applicants: 2,
      offers: 2,
      matched: 2,
      stable: true,
      input,
      outcome: { "applicant-1": "offer-2", "applicant-2": "offer-1" },
    };
    expect(Object.keys(auditFile(round)).sort()).toEqual(["algorithm", "input", "inputDigest", "outcome"]);
  });
});
