import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { ENROLMENT_ID, enrolmentId } from "./enrolment";
import { isUlid } from "./ids";

describe("id shapes the edge checks against", () => {
  it("accepts every ULID core mints and nothing longer, shorter or lower-case", () => {
    for (let i = 0; i < 100; i++) expect(isUlid(ulid())).toBe(true);
    const id = ulid();
    for (const bad of ["", id.toLowerCase(), id.slice(1), `${id}0`, "8".repeat(26), `${id.slice(0, 25)}U`, "0".repeat(8000)]) expect(isUlid(bad)).toBe(false);
  });

  it("accepts every enrolment id enrolmentId mints, for each kind", () => {
    for (const kind of ["cohort", "route", "publication"] as const) expect(ENROLMENT_ID.test(enrolmentId(kind, ulid(), ulid()))).toBe(true);
    const [a, b] = [ulid(), ulid()];
    for (const bad of [`x.${a}.${b}`, `c.${a}`, `c.${a}.${b}.${b}`, `c.${a}.${b}x`, `c..${b}`, `c.${"0".repeat(8000)}.${b}`]) expect(ENROLMENT_ID.test(bad)).toBe(false);
  });
});
