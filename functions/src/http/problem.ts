/**
 * The one place failures become HTTP: every error leaves as
 * application/problem+json, and nothing internal (stack, SDK message) leaks.
 */
import { DomainError, type FieldError, isDatabaseUnreachable, RETRY_AFTER_SECONDS } from "@rutas/core";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: FieldError[];
};

const statusOf: Record<DomainError["kind"], ContentfulStatusCode> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many: 429,
  unavailable: 503,
};

const titles: Record<number, string> = {
  400: "Invalid request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Unprocessable",
  429: "Too many requests",
  500: "Internal error",
  503: "Service unavailable",
};

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  detail: string,
  errors?: FieldError[],
  code?: string,
) {
  const body: Problem = {
    type: `https://rutas.app/problems/${code ?? status}`,
    title: titles[status] ?? "Error",
    status,
    detail,
    ...(code ? { code } : {}),
    ...(errors?.length ? { errors } : {}),
  };
  return c.body(JSON.stringify(body), status, { "Content-Type": "application/problem+json" });
}

export function toProblem(err: unknown, c: Context, log: (line: Record<string, unknown>) => void) {
  if (err instanceof DomainError) {
    // 429 and 503 say when to come back (decision 0015).
    if ("retryAfterSeconds" in err) c.header("Retry-After", String(err.retryAfterSeconds));
    return problem(c, statusOf[err.kind], err.message, err.errors, err.code);
  }
  // Stripe refused the request (e.g. an amount below its minimum): the caller's problem, explained.
  const stripeType = (err as { type?: string })?.type;
  if (
    stripeType === "StripeInvalidRequestError" ||
    stripeType === "StripeCardError" ||
    stripeType === "StripeIdempotencyError"
  ) {
    log({ level: "warn", msg: "stripe refused", requestId: c.get("requestId"), error: (err as Error).message });
    return problem(c, 422, `The payment provider refused this: ${(err as Error).message}`);
  }
  if (
    stripeType === "StripeConnectionError" ||
    stripeType === "StripeAPIError" ||
    stripeType === "StripeRateLimitError"
  ) {
    log({ level: "error", msg: "stripe unavailable", requestId: c.get("requestId"), error: (err as Error).message });
    c.header("Retry-After", String(RETRY_AFTER_SECONDS));
    return problem(c, 503, "The payment provider is not answering; try again shortly.");
  }
  if (isDatabaseUnreachable(err)) {
    log({ level: "error", msg: "database unreachable", requestId: c.get("requestId"), error: (err as Error).name });
    c.header("Retry-After", String(RETRY_AFTER_SECONDS));
    return problem(c, 503, "The database is not answering; try again shortly.");
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    // Hono's own messages (e.g. malformed JSON) are safe and useful to the caller.
    const detail =
      status === 400
        ? "The request body is not valid JSON."
        : status === 415
          ? "Send the body as application/json."
          : err.message || titles[status] || "Error";
    return problem(
      c,
      status,
      detail,
      status === 400 || status === 415 ? [{ path: "body", message: detail }] : undefined,
    );
  }
  log({
    level: "error",
    msg: "unhandled error",
    requestId: c.get("requestId"),
    error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return problem(c, 500, "Something went wrong on our side. The request id is in the X-Request-Id header.");
}
