import { describe, expect, it } from "vitest";
import { Failure } from "../api/load";
import type { I18n } from "../i18n/i18n";
import { failureNotice } from "./status";

/** A stand-in t(): the key, with its variables. */
const t = ((key: string, vars?: Record<string, unknown>) =>
  vars ? `${key} ${JSON.stringify(vars)}` : key) as unknown as I18n["t"];
const conflict = (extra: object) =>
  new Failure(409, {
    type: "t",
    title: "Conflict",
    status: 409,
    detail: "The seat hold has expired; enrol again.",
    ...extra,
  });

describe("failure notices", () => {
  it("says a reason the API names with a code in the reader's language, without the English detail", () => {
    expect(failureNotice(conflict({ code: "hold_expired" }), t)).toEqual({
      kind: "alert",
      text: "problems.hold_expired",
    });
    expect(failureNotice(conflict({ code: "already_paid" }), t)).toEqual({
      kind: "alert",
      text: "problems.already_paid",
    });
  });

  it("falls back to the status and the server's words for a conflict without a known code", () => {
    expect(failureNotice(conflict({ code: "brand_new" }), t)).toEqual({
      kind: "alert",
      text: 'errors.generic {"status":409}',
      detail: "The seat hold has expired; enrol again.",
    });
  });

  it("says the network is down when no answer came, and keeps server errors' internals out", () => {
    expect(failureNotice(new TypeError("Failed to fetch"), t)).toEqual({
      kind: "alert",
      text: "errors.network",
      detail: undefined,
    });
    const internal = new Failure(500, {
      type: "t",
      title: "Internal error",
      status: 500,
      detail: "Something went wrong on our side.",
    });
    expect(failureNotice(internal, t)?.detail).toBeUndefined();
  });
});
