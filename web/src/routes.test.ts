import { describe, expect, it } from "vitest";
import { matchRoute, routes } from "./routes";

const pageOf = (pattern: string) => routes.find(([p]) => p === pattern)![1];

describe("routes", () => {
  it("matches fixed pages and pages with parameters", () => {
    expect(matchRoute("")?.page).toBe(pageOf(""));
    expect(matchRoute("/courses")).toEqual({ page: pageOf("/courses"), params: {} });
    expect(matchRoute("/courses/01JABC")).toEqual({ page: pageOf("/courses/:id"), params: { id: "01JABC" } });
    expect(matchRoute("/learning/c.01J.01K/1-2")).toEqual({
      page: pageOf("/learning/:enrolmentId/:lessonId"),
      params: { enrolmentId: "c.01J.01K", lessonId: "1-2" },
    });
    expect(matchRoute("/verify/AB12CD")?.params).toEqual({ code: "AB12CD" });
    expect(matchRoute("/publications")?.page).toBe(pageOf("/publications"));
    expect(matchRoute("/publications/01JDOC")).toEqual({ page: pageOf("/publications/:id"), params: { id: "01JDOC" } });
  });

  it("matches the exchange pages, the application before any offer id", () => {
    expect(matchRoute("/exchange")?.page).toBe(pageOf("/exchange"));
    expect(matchRoute("/exchange/application")?.page).toBe(pageOf("/exchange/application"));
    expect(matchRoute("/exchange/offers/01JOFF")).toEqual({
      page: pageOf("/exchange/offers/:id"),
      params: { id: "01JOFF" },
    });
    expect(matchRoute("/exchange/rounds/01JRND")?.params).toEqual({ id: "01JRND" });
  });

  it("finds nothing for unknown paths, empty or malformed segments", () => {
    expect(matchRoute("/nowhere")).toBeNull();
    expect(matchRoute("/courses/")).toBeNull();
    expect(matchRoute("/courses/a/b")).toBeNull();
    expect(matchRoute("/verify/%E0%A4%A")).toBeNull();
  });
});
