import { describe, expect, it } from "vitest";
import {
  CONTENT_LANGUAGES,
  LOCALES,
  isContentLanguage,
  isLocale,
  languagesOf,
  localeOf,
  pick,
  pickWithLanguage,
} from "./text";

describe("UI locales and content languages", () => {
  it("are two lists: the UI speaks EN/ES/FR, a record may also hold Quechua and Aymara", () => {
    expect(LOCALES).toEqual(["en", "es", "fr"]);
    expect(CONTENT_LANGUAGES).toEqual(["en", "es", "fr", "qu", "ay"]);
    expect(isLocale("qu")).toBe(false);
    expect(isContentLanguage("qu")).toBe(true);
    expect(isContentLanguage("ay")).toBe(true);
    expect(isContentLanguage("pt")).toBe(false);
  });
});

describe("pick", () => {
  it("shows the reader's UI language when the record has it", () => {
    expect(pick({ en: "Water", qu: "Yaku" }, "en", "qu")).toBe("Water");
    expect(pickWithLanguage({ en: "Water", qu: "Yaku" }, "en", "qu")).toEqual({
      text: "Water",
      language: "en",
      fallback: false,
    });
  });

  it("else the record's own language, even when another one comes first", () => {
    expect(pickWithLanguage({ es: "Agua", qu: "Yaku" }, "en", "qu")).toEqual({
      text: "Yaku",
      language: "qu",
      fallback: true,
    });
    expect(pickWithLanguage({ es: "Agua", ay: "Uma" }, "fr", "ay")).toEqual({
      text: "Uma",
      language: "ay",
      fallback: true,
    });
  });

  it("else the first language the record has, when its own is missing or unknown", () => {
    expect(pickWithLanguage({ fr: "Eau", qu: "Yaku" }, "en", "es")).toEqual({
      text: "Eau",
      language: "fr",
      fallback: true,
    });
    expect(pickWithLanguage({ ay: "Uma" }, "es")).toEqual({ text: "Uma", language: "ay", fallback: true });
    expect(pick({ qu: "Yaku" }, "fr")).toBe("Yaku");
  });

  it("treats an empty text as missing, and gives an empty string when there is none", () => {
    expect(pickWithLanguage({ en: "", qu: "Yaku" }, "en")).toEqual({ text: "Yaku", language: "qu", fallback: true });
    expect(pickWithLanguage({}, "es", "qu")).toEqual({ text: "", language: "es", fallback: true });
  });
});

describe("languagesOf", () => {
  it("lists the content languages written, in a stable order", () => {
    expect(languagesOf({ ay: "Uma", es: "Agua", qu: "", en: "Water" })).toEqual(["en", "es", "ay"]);
  });
});

describe("localeOf (e-mails)", () => {
  it("writes in the first UI language a person reads, never in a content-only language", () => {
    expect(localeOf(["qu", "es"])).toBe("es");
    expect(localeOf(["ay"])).toBe("en");
    expect(localeOf(undefined)).toBe("en");
    expect(localeOf(["fr", "en"])).toBe("fr");
  });
});
