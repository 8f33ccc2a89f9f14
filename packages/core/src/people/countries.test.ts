import { describe, expect, it } from "vitest";
import { isCountryCode, pricingGroupOf, sideOf } from "./countries";

describe("pricing groups", () => {
  it("puts Canada in the north at the standard price", () => {
    expect(sideOf("CA")).toBe("north");
    expect(pricingGroupOf("CA", "university")).toBe("standard");
    expect(pricingGroupOf("CA", "rural_organisation")).toBe("standard");
  });
  it("gives the Andes the reduced price, and community organisations the community price", () => {
    for (const c of ["PE", "BO", "EC", "CO"]) {
      expect(sideOf(c)).toBe("south");
      expect(pricingGroupOf(c, "ngo")).toBe("reduced");
      expect(pricingGroupOf(c, "local_talent")).toBe("community");
    }
  });
  it("charges the standard price when no country is known", () => {
    expect(sideOf(undefined)).toBeNull();
    expect(pricingGroupOf(undefined, "local_talent")).toBe("standard");
  });
  it("accepts only real ISO 3166-1 alpha-2 codes", () => {
    expect(isCountryCode("PE")).toBe(true);
    expect(isCountryCode("pe")).toBe(false);
    expect(isCountryCode("XX")).toBe(false);
    expect(isCountryCode("PER")).toBe(false);
  });
});
