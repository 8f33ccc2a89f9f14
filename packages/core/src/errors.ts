/**
 * Typed domain errors. Core throws these; the HTTP layer maps each kind to one
 * problem+json status, so no transport decides what a failure means.
 */
export type FieldError = { path: string; message: string };

export class DomainError extends Error {
  constructor(
    readonly kind: "invalid" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "too_many" | "unavailable",
    message: string,
    readonly errors?: FieldError[],
    /** A stable, machine-readable reason a client can translate (e.g. "already_enrolled"). */
    readonly code?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class Invalid extends DomainError {
  constructor(message: string, errors?: FieldError[]) {
    super("invalid", message, errors);
  }
  static field(path: string, message: string) {
    return new Invalid(message, [{ path, message }]);
  }
}
export class Unauthorized extends DomainError {
  constructor(message = "Sign-in required or session invalid.") {
    super("unauthorized", message);
  }
}
export class Forbidden extends DomainError {
  constructor(message = "You may not do this.") {
    super("forbidden", message);
  }
}
export class NotFound extends DomainError {
  constructor(what: string) {
    super("not_found", `${what} not found.`);
  }
}
export class Conflict extends DomainError {
  constructor(message: string, code?: string, errors?: FieldError[]) {
    super("conflict", message, errors, code);
  }
}
export class TooMany extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("too_many", message);
  }
}
/** What a 503 tells the client to wait before trying again. */
export const RETRY_AFTER_SECONDS = 2;

/** A dependency is down, hung or saturated: 503 with Retry-After (decision 0015). */
export class Unavailable extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(
    message = "The database is not answering; try again shortly.",
    opts: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super("unavailable", message);
    this.retryAfterSeconds = opts.retryAfterSeconds ?? RETRY_AFTER_SECONDS;
    if (opts.cause !== undefined) this.cause = opts.cause;
  }
}

/** True for failures of the DynamoDB endpoint itself (down, refused, timed out), not of a request. */
export function isDatabaseUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: string; $metadata?: { httpStatusCode?: number } };
  const network = ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND"];
  if (e.code && network.includes(e.code)) return true;
  // AbortError: the call outlived its deadline (db/client.ts).
  if (["TimeoutError", "AbortError", "RequestTimeout", "ServiceUnavailable", "InternalServerError"].includes(e.name))
    return true;
  if (e.name === "ResourceNotFoundException") return true; // table missing: the database is not usable
  const cause = (e as { cause?: unknown }).cause;
  return cause ? isDatabaseUnreachable(cause) : false;
}
