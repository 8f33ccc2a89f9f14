import { describe, expect, it } from "vitest";
import { isAppRoute, spaRoutingFunction } from "./spa";

// What CloudFront runs, evaluated here as its runtime would (one function named handler).
const edge = new Function(`${spaRoutingFunction}; return handler;`)() as (e: { request: { uri: string } }) => {
  uri: string;
};
const atEdge = (uri: string) => edge({ request: { uri } }).uri !== uri; // rewritten to the shell

describe("SPA routing: one rule at the edge and on the local server", () => {
  const routes = [
    "/",
    "/es/",
    "/es/courses",
    "/fr/courses/01JABC",
    "/es/learning/c.01JABCDEF",
    "/es/learning/c.01JABCDEF/1-2",
    "/verify/AB12-CD34",
  ];
  const files = [
    "/assets/index-BWVeTV0d.js",
    "/assets/index-DiEVmrm6.css",
    "/favicon.svg",
    "/sw.js",
    "/index.html",
    "/robots.txt",
    "/assets/font.woff2",
  ];

  it.each(routes)("%s gets the app shell", (path) => {
    expect(isAppRoute(path)).toBe(true);
    expect(atEdge(path)).toBe(true);
  });

  it.each(files)("%s is a file (served or 404, never the shell)", (path) => {
    expect(isAppRoute(path)).toBe(false);
    expect(atEdge(path)).toBe(false);
  });

  it("leaves /api to the API locally (at the edge, /api/* is another cache behaviour)", () => {
    expect(isAppRoute("/api/health")).toBe(false);
    expect(isAppRoute("/api")).toBe(false);
  });
});
