import { describe, expect, it } from "vitest";
import { fieldErrors, problemOf, retryMinutes } from "./problem";

describe("problems", () => {
  it("keys field errors by their top-level field, first message wins", () => {
    const problem = {
      type: "t", title: "Invalid request", status: 400, detail: "d",
      errors: [{ path: "languages.1", message: "bad" }, { path: "name", message: "short" }, { path: "name", message: "again" }],
    };
    expect(fieldErrors(problem)).toEqual({ languages: "bad", name: "short" });
  });

  it("makes a problem from a response that is not problem+json", async () => {
    const res = { status: 502, statusText: "Bad Gateway", json: () => Promise.reject(new SyntaxError("html")) };
    expect(await problemOf(res)).toMatchObject({ status: 502, title: "Bad Gateway" });
  });

  it("rounds Retry-After up to whole minutes", () => {
    expect(retryMinutes("3599")).toBe(60);
    expect(retryMinutes("1")).toBe(1);
    expect(retryMinutes(null)).toBe(1);
  });
});
