/**
 * The API-level budget (decision 0015): a request that has not finished after `budgets.apiMs`
 * is answered 503 with Retry-After, so the caller hears back before its own timeout and well
 * before the Lambda's 15 s. Each dependency call has a shorter deadline of its own; this catches
 * a route that makes many slow-but-not-dead calls one after another.
 */
import { Config, Unavailable } from "@rutas/core";
import type { MiddlewareHandler } from "hono";

/** Methods whose work may be abandoned halfway: they change nothing. */
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Only reads are raced: answering 503 does not stop the route, and on Lambda the rest would be
 * frozen mid-way — a refund between its claim and Stripe. Writes run to completion, each call
 * bounded by its own deadline and the whole by the Lambda's timeout.
 */
export const deadline: MiddlewareHandler = async (c, next) => {
  if (!SAFE.has(c.req.method)) return next();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Unavailable("This took too long on our side; try again shortly.")),
      Config.config().budgets.apiMs,
    );
  });
  try {
    await Promise.race([next(), expired]);
  } finally {
    clearTimeout(timer);
  }
};
