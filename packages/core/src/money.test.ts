import { describe, expect, it } from "vitest";
import { spreadsheetSafe } from "./courses/admin";
import { minorUnitsPer, toMajor } from "./money";

describe("money", () => {
  it("knows each currency's minor units", () => {
    expect(minorUnitsPer("CAD")).toBe(100);
    expect(minorUnitsPer("PEN")).toBe(100);
    expect(minorUnitsPer("CLP")).toBe(1);
    expect(toMajor(6000, "CAD")).toBe("60.00");
    expect(toMajor(6000, "CLP")).toBe("6000");
  });
  it("quotes CSV cells a spreadsheet would run as formulas", () => {
    expect(spreadsheetSafe('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(spreadsheetSafe("+51 984")).toBe("'+51 984");
    expect(spreadsheetSafe("Rosa Huamán")).toBe("Rosa Huamán");
  });
});
