/** The pure rules of announcements: what a link may be, when one is archived, what is refused. */
import { describe, expect, it } from "vitest";
import { isArchived, isWebUrl, problems } from "./index";

const valid = {
  kind: "event" as const,
  title: { qu: "Tinkuy" },
  body: { es: "Encuentro." },
  topics: ["social-participation"],
  countries: ["PE"],
  startDate: "2027-03-01",
};

describe("announcements", () => {
  it("links only to http(s) addresses", () => {
    for (const ok of ["https://example.org", "http://example.org/a?b=c#d", "https://例え.jp/パス"])
      expect(isWebUrl(ok), ok).toBe(true);
    for (const bad of [
      "javascript:alert(1)",
      "JAVASCRIPT:alert(1)",
      "data:text/html,hi",
      "mailto:a@example.org",
      "ftp://example.org",
      "//example.org",
      "/path",
      "example.org",
      "https://",
      `https://example.org/${"a".repeat(2000)}`,
    ])
      expect(isWebUrl(bad), bad).toBe(false);
  });

  it("is archived the day after its last day (UTC), its end date or else its start date", () => {
    const at = (iso: string) => new Date(iso);
    expect(isArchived({ startDate: "2027-03-01" }, at("2027-03-01T23:59:59Z"))).toBe(false);
    expect(isArchived({ startDate: "2027-03-01" }, at("2027-03-02T00:00:00Z"))).toBe(true);
    expect(isArchived({ startDate: "2027-03-01", endDate: "2027-03-05" }, at("2027-03-05T12:00:00Z"))).toBe(false);
    expect(isArchived({ startDate: "2027-03-01", endDate: "2027-03-05" }, at("2027-03-06T00:00:00Z"))).toBe(true);
  });

  it("names every problem at once", () => {
    expect(problems(valid)).toEqual([]);
    const paths = problems({
      ...valid,
      kind: "party" as never,
      title: {},
      topics: ["astrology", "urban-environment"],
      countries: ["XX"],
      startDate: "2027-02-30",
      endDate: "2027-01-01",
      url: "javascript:x",
    }).map((e) => e.path);
    expect(paths).toEqual(["kind", "title", "topics.0", "countries.0", "startDate", "url"]);
    expect(problems({ ...valid, endDate: "2027-02-28" }).map((e) => e.path)).toEqual(["endDate"]);
  });
});
