import { describe, expect, it } from "vitest";
import { errorUnder, fieldErrors, pathErrors, problemCode, problemOf, retryMinutes } from "./problem";

describe("problems", () => {
  it("keys field errors by their top-level field, first message wins", () => {
    const problem = {
      type: "t",
      title: "Invalid request",
      status: 400,
      detail: "d",
      errors: [
        { path: "languages.1", message: "bad" },
        { path: "name", message: "short" },
        { path: "name", message: "again" },
      ],
    };
    expect(fieldErrors(problem)).toEqual({ languages: "bad", name: "short" });
  });

  it("keys field errors by their full path too, and finds the errors under a path", () => {
    const problem = {
      type: "t",
      title: "Invalid request",
      status: 400,
      detail: "d",
      errors: [
        { path: "modules.0.lessons.1.title", message: "empty" },
        { path: "title.es", message: "short" },
        { path: "title.es", message: "again" },
      ],
    };
    const errors = pathErrors(problem);
    expect(errors).toEqual({ "modules.0.lessons.1.title": "empty", "title.es": "short" });
    expect(errorUnder(errors, "title")).toBe("short");
    expect(errorUnder(errors, "modules.0")).toBe("empty");
    expect(errorUnder(errors, "modules.1")).toBeUndefined();
    expect(errorUnder(errors, "modules.0.lessons.1.titles")).toBeUndefined();
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

  it("knows the codes it can translate, and only those", () => {
    const base = { type: "t", title: "Conflict", status: 409, detail: "The seat hold has expired; enrol again." };
    expect(problemCode({ ...base, code: "hold_expired" })).toBe("hold_expired");
    expect(problemCode({ ...base, code: "already_refunded" })).toBe("already_refunded");
    expect(problemCode({ ...base, code: "something_new" })).toBeUndefined();
    expect(problemCode(base)).toBeUndefined();
  });
});
