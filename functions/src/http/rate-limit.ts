/**
 * Per-person limits on the writes that cost money or send e-mail (decision 0014).
 *
 * One table, one middleware: a route opts in with one line in its `createRoute`,
 * `middleware: perPersonLimit("checkout")`. The counter is core's fixed window in
 * DynamoDB (a conditional ADD), so the limit holds when the same request arrives 50 times
 * at once and across every Lambda instance. Over the limit → 429 problem+json with
 * `Retry-After` (seconds to the end of the window), set by toProblem.
 *
 * Only a signed-in person is counted, by person id. Anonymous callers pass through untouched
 * so the route still answers them 401 (the per-IP limit at the edge is what holds them back);
 * a system actor never comes over HTTP. Every attempt counts, including ones the route then
 * refuses (400/404/409): the limit is on presses, not on successes.
 *
 * Limits are set far above what a real participant or admin does, so only a script or a
 * stuck client meets them. POST /api/payouts and each payout-run step use
 * `perPersonLimit("payout")`; POST /api/announcements, still to come, will use
 * `perPersonLimit("announcement")`. Sign-in links are limited per address in core
 * (Auth.requestMagicLink, MAGIC_LINKS_PER_HOUR), not here: the caller is not signed in.
 */
import { Auth } from "@rutas/core";
import type { MiddlewareHandler } from "hono";
import type { Env } from "./env";

export type Limit = {
  /** Requests allowed per person in one window. */
  max: number;
  /** Fixed window length, in seconds (windows start on multiples of it, in UTC). */
  windowSeconds: number;
  /** What is being counted, for the 429's detail. */
  what: string;
};

export const PERSON_LIMITS = {
  // One seat is paid at a time; a hesitant buyer re-presses Pay, reloads, opens a second tab, retries a
  // declined card: a handful per seat. 20 in 10 minutes is several seats' worth, and caps the Stripe
  // Checkout Sessions one account can have us create at 120 an hour.
  checkout: { max: 20, windowSeconds: 600, what: "checkout requests" },
  // An institution or platform admin refunding a cancelled cohort clicks once per enrolment (cohorts
  // hold a few dozen people). 60 in 10 minutes lets a whole cohort be refunded by hand; a runaway
  // script or a stolen admin session is held to 360 refunds an hour.
  refund: { max: 60, windowSeconds: 600, what: "refund requests" },
  // The operator's payout run: one payout per host with a balance due. Same reasoning as refunds.
  payout: { max: 60, windowSeconds: 600, what: "payout requests" },
  // Each announcement is e-mailed to the people who follow its topic: 10 an hour is a busy
  // institution's whole week of news, and bounds the e-mail one account can make us send.
  announcement: { max: 10, windowSeconds: 3600, what: "announcements" },
} as const satisfies Record<string, Limit>;

export type LimitedAction = keyof typeof PERSON_LIMITS;

const describeWindow = (s: number) => (s % 3600 === 0 ? `${s / 3600} hour(s)` : `${Math.round(s / 60)} minutes`);

/** Counts the signed-in person's request against `action`'s limit; over it, a 429 with Retry-After. */
export function perPersonLimit(action: LimitedAction, limit: Limit = PERSON_LIMITS[action]): MiddlewareHandler<Env> {
  return async (c, next) => {
    const actor = c.get("actor");
    if (actor?.kind === "person") {
      await Auth.RateLimit.consume(
        `person-${action}`,
        actor.id,
        limit.max,
        limit.windowSeconds,
        `Too many ${limit.what}: at most ${limit.max} every ${describeWindow(limit.windowSeconds)} per person. ` +
          "Try again after the number of seconds in Retry-After.",
      );
    }
    await next();
  };
}
