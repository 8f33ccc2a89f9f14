/**
 * Reading failures: the API answers every error as application/problem+json; a
 * thrown fetch means no network. Field errors are keyed by their top-level field
 * so a form can show each one next to its input.
 */
import type { Problem } from "../../../functions/src/http/problem";

export type { Problem };

type ResponseLike = { status: number; statusText: string; json(): Promise<unknown> };

export async function problemOf(res: ResponseLike): Promise<Problem> {
  try {
    const body = (await res.json()) as Partial<Problem> | null;
    if (body && typeof body.status === "number") return body as Problem;
  } catch {
    // Not JSON (a proxy's error page): fall through to a problem made from the status.
  }
  return { type: "about:blank", title: res.statusText, status: res.status, detail: "" };
}

/** "languages.1" → "languages"; "body" (a malformed request) is left for the form-level message. */
export function fieldErrors(problem: Problem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem.errors ?? []) {
    const field = e.path.split(".")[0];
    out[field] ??= e.message;
  }
  return out;
}

/** Every field error by its full path ("modules.0.lessons.1.title"), first message wins. */
export function pathErrors(problem: Problem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem.errors ?? []) out[e.path] ??= e.message;
  return out;
}

/** The first error at `path` or anywhere under it ("title" finds "title.es"). */
export function errorUnder(errors: Record<string, string>, path: string): string | undefined {
  return errors[path] ?? Object.entries(errors).find(([p]) => p.startsWith(`${path}.`))?.[1];
}

/** Whole minutes to wait, from a 429's Retry-After header (seconds); at least 1. */
export function retryMinutes(retryAfter: string | null): number {
  const seconds = Number(retryAfter);
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 1;
}

/**
 * The reasons the API names with a machine-readable `code` (a conflict such as a
 * lapsed seat hold). The web says them in the reader's language (i18n `problems.*`);
 * an unknown code falls back to the status and the server's English detail.
 */
export const PROBLEM_CODES = [
  "already_enrolled",
  "enrolment_closed",
  "not_started",
  "not_active",
  "payment_pending",
  "hold_expired",
  "already_paid",
  "not_payable",
  "already_refunded",
  "paid_enrolment_withdrawn",
  "frozen",
  "over_due",
  "no_connected_account",
  "deadline_passed",
  "closed",
  "round_running",
  "not_assigned",
  "respond_by_passed",
  "declined",
  "accepted",
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export const problemCode = (problem: Problem): ProblemCode | undefined =>
  (PROBLEM_CODES as readonly string[]).includes(problem.code ?? "") ? (problem.code as ProblemCode) : undefined;
