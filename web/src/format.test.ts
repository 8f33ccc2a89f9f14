import { describe, expect, it } from "vitest";
import { formatMoney, formatSize, minorPerMajor, pick } from "./format";

describe("formatting", () => {
  it("turns minor units into the currency's major unit", () => {
    expect(formatMoney("en", { amount: 4550, currency: "CAD" })).toBe("CA$45.50");
    expect(formatMoney("en", { amount: 4550, currency: "JPY" })).toBe("¥4,550");
    expect(minorPerMajor("PEN")).toBe(100);
    expect(minorPerMajor("CLP")).toBe(1);
  });

  it("writes file sizes in kB or MB", () => {
    expect(formatSize("en", 820_400)).toBe("820 kB");
    expect(formatSize("en", 1_450_000)).toBe("1.5 MB");
    expect(formatSize("en", 12)).toBe("1 kB");
  });

  it("picks the reader's language, else another, saying which", () => {
    expect(pick({ es: "Hola", fr: "Salut" }, "fr")).toEqual({ text: "Salut", lang: "fr", fallback: false });
    expect(pick({ es: "Hola", fr: "Salut" }, "en")).toEqual({ text: "Hola", lang: "es", fallback: true });
    expect(pick({}, "en")).toEqual({ text: "", lang: "en", fallback: true });
  });

  it("falls back to the record's own language before any other, Quechua and Aymara included", () => {
    expect(pick({ es: "Agua", qu: "Yaku" }, "en", "qu")).toEqual({ text: "Yaku", lang: "qu", fallback: true });
    expect(pick({ en: "Water", qu: "Yaku" }, "en", "qu")).toEqual({ text: "Water", lang: "en", fallback: false });
    expect(pick({ es: "Agua", ay: "Uma" }, "fr", "ay")).toEqual({ text: "Uma", lang: "ay", fallback: true });
    expect(pick({ ay: "Uma" }, "es")).toEqual({ text: "Uma", lang: "ay", fallback: true });
    expect(pick({ fr: "Eau", qu: "Yaku" }, "en", "es")).toEqual({ text: "Eau", lang: "fr", fallback: true });
  });
});
