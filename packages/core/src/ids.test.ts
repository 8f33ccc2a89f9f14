import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { ENROLMENT_ID, enrolmentId } from "./enrolment";
import * as Offerings from "./offerings";
import { isUlid } from "./ids";

describe("id shapes the edge checks against", () => {
  it("accepts every ULID core mints and nothing longer, shorter or lower-case", () => {
    for (let i = 0; i < 100; i++) expect(isUlid(ulid())).toBe(true);
    const id = ulid();
    for (const bad of [
      "",
      id.toLowerCase(),
      id.slice(1),
      `${id}0`,
      "8".repeat(26),
      `${id.slice(0, 25)}U`,
      "0".repeat(8000),
    ])
      expect(isUlid(bad)).toBe(false);
  });

  it("accepts every enrolment id enrolmentId mints, for each kind", () => {
    for (const { kind } of Offerings.kinds()) expect(ENROLMENT_ID.test(enrolmentId(kind, ulid(), ulid()))).toBe(true);
    const [a, b] = [ulid(), ulid()];
    // The shape admits any lower-case code (kinds register their own); an unregistered one is a 404 later.
    for (const bad of [
      `C.${a}.${b}`,
      `1.${a}.${b}`,
      `.${a}.${b}`,
      `c.${a}`,
      `c.${a}.${b}.${b}`,
      `c.${a}.${b}x`,
      `c..${b}`,
      `c.${"0".repeat(8000)}.${b}`,
    ])
      expect(ENROLMENT_ID.test(bad)).toBe(false);
  });
});
