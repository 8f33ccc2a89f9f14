import { describe, expect, it } from "vitest";
import { chooseLanguage, splitPath } from "./languages";

describe("chooseLanguage", () => {
  it("takes the URL prefix first", () => {
    expect(chooseLanguage({ path: "/fr/profile", stored: "es", preferred: ["en-CA"] })).toBe("fr");
  });
  it("then the remembered choice", () => {
    expect(chooseLanguage({ path: "/", stored: "es", preferred: ["fr-CA"] })).toBe("es");
  });
  it("then the browser's languages, by their base language, in order", () => {
    expect(chooseLanguage({ path: "/", stored: null, preferred: ["qu-PE", "es-PE", "en"] })).toBe("es");
    expect(chooseLanguage({ path: "/", stored: "de", preferred: ["FR-ca"] })).toBe("fr");
  });
  it("else English", () => {
    expect(chooseLanguage({ path: "/xx/profile", stored: null, preferred: ["de-DE"] })).toBe("en");
  });
});

describe("splitPath", () => {
  it("separates the language prefix from the page", () => {
    expect(splitPath("/es")).toEqual({ lang: "es", rest: "" });
    expect(splitPath("/es/")).toEqual({ lang: "es", rest: "" });
    expect(splitPath("/es/profile/")).toEqual({ lang: "es", rest: "/profile" });
    expect(splitPath("/")).toEqual({ lang: null, rest: "" });
    expect(splitPath("/profile")).toEqual({ lang: null, rest: "/profile" });
    expect(splitPath("/esx/profile")).toEqual({ lang: null, rest: "/esx/profile" });
  });
});
