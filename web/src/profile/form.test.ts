import { describe, expect, it } from "vitest";
import { ALL_COUNTRIES, COMMON_COUNTRIES, countryOptions } from "./countries";
import { draftOf, patchOf } from "./form";

describe("patchOf", () => {
  const saved = { name: "Ana", country: "PE", organisationType: "ngo" as const, languages: ["es", "qu"] };

  it("sends only what changed, trimmed", () => {
    const draft = { ...draftOf(saved), name: "  Ana Quispe ", profession: "Agronomist" };
    expect(patchOf(saved, draft)).toEqual({ name: "Ana Quispe", profession: "Agronomist" });
  });

  it("sends nothing when nothing changed (order of languages does not matter)", () => {
    expect(patchOf(saved, { ...draftOf(saved), languages: ["qu", "es"] })).toEqual({});
  });

  it("sends an emptied name (the server says it is required) but not an emptied select", () => {
    expect(patchOf(saved, { ...draftOf(saved), name: "", country: "", organisationType: "" })).toEqual({ name: "" });
  });

  it("sends languages in a stable order", () => {
    expect(patchOf(saved, { ...draftOf(saved), languages: ["qu", "en", "es"] })).toEqual({
      languages: ["en", "es", "qu"],
    });
  });
});

describe("countryOptions", () => {
  it("offers the 249 ISO countries once each, the common ones first, named in the reader's language", () => {
    expect(new Set(ALL_COUNTRIES).size).toBe(249);
    const { common, others } = countryOptions("es");
    expect(common.map((c) => c.code)).toEqual(COMMON_COUNTRIES);
    expect(common[1].name).toBe("Perú");
    expect(common.length + others.length).toBe(249);
    expect(others.every((c) => c.name !== c.code)).toBe(true);
  });
});
