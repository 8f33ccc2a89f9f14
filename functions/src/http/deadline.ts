/**
 * The API-level budget (decision 0015): a request that has not finished after `budgets.apiMs`
 * is answered 503 with Retry-After, so the caller hears back before its own timeout and well
 * before the Lambda's 15 s. Each dependency call has a shorter deadline of its own; this catches
 * a route that makes many slow-but-not-dead calls one after another.
 */
import { Config, Unavailable } from "@rutas/core";
import type { MiddlewareHandler } from "hono";

export const deadline: MiddlewareHandler = async (_c, next) => {
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
