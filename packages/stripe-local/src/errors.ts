// Stripe's error body ({error: {type, code, message, param, doc_url}}) and statuses, so the SDK raises the same error classes it would against Stripe.

export type ErrorType = "invalid_request_error" | "idempotency_error" | "api_error" | "card_error";

export type StripeErrorBody = {
  type: ErrorType;
  message: string;
  code?: string;
  param?: string;
  doc_url?: string;
  request_log_url?: string;
};

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    /** Validation failures are not saved under an idempotency key (Stripe saves only requests whose endpoint began executing). */
    readonly beforeExecution = false,
  ) {
    super(body.message);
  }

  toJSON(): { error: StripeErrorBody } {
    return { error: this.body };
  }
}

const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}`;

function invalid(
  status: number,
  message: string,
  opts: { code?: string; param?: string; beforeExecution?: boolean } = {},
): StripeApiError {
  const body: StripeErrorBody = { type: "invalid_request_error", message };
  if (opts.code) {
    body.code = opts.code;
    body.doc_url = docUrl(opts.code);
  }
  if (opts.param) body.param = opts.param;
  return new StripeApiError(status, body, opts.beforeExecution ?? false);
}

export const errors = {
  /** 404 for an id that does not exist, e.g. "No such checkout.session: 'cs_test_…'". */
  noSuch: (what: string, id: string, param: string) =>
    invalid(404, `No such ${what}: '${id}'`, { code: "resource_missing", param }),
  /** 400 resource_missing for an id passed as a parameter (Stripe answers 400 there, 404 only for the path). */
  noSuchParam: (what: string, id: string, param: string) =>
    invalid(400, `No such ${what}: '${id}'`, { code: "resource_missing", param }),
  missing: (param: string) =>
    invalid(400, `Missing required param: ${param}.`, { code: "parameter_missing", param, beforeExecution: true }),
  unknown: (param: string) =>
    invalid(400, `Received unknown parameter: ${param}`, { code: "parameter_unknown", param, beforeExecution: true }),
  empty: (param: string) =>
    invalid(
      400,
      `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
      { code: "parameter_invalid_empty", param, beforeExecution: true },
    ),
  integer: (param: string, value: string) =>
    invalid(400, `Invalid integer: ${value}`, { code: "parameter_invalid_integer", param, beforeExecution: true }),
  boolean: (param: string, value: string) =>
    invalid(400, `Invalid boolean: ${value}`, { code: "parameter_invalid_boolean", param, beforeExecution: true }),
  notString: (param: string) =>
    invalid(400, `Invalid string: ${param} must be a string`, {
      code: "parameter_invalid_string",
      param,
      beforeExecution: true,
    }),
  notHash: (param: string) =>
    invalid(400, `Invalid object: ${param} must be a hash`, {
      code: "parameter_invalid_object",
      param,
      beforeExecution: true,
    }),
  notArray: (param: string) =>
    invalid(400, `Invalid array: ${param} must be an array`, {
      code: "parameter_invalid_array",
      param,
      beforeExecution: true,
    }),
  range: (param: string, message: string) =>
    invalid(400, message, { code: "parameter_invalid_integer", param, beforeExecution: true }),
  /** Enum and format errors carry a param but, as at Stripe, no code. */
  invalidValue: (param: string, message: string, code?: string) =>
    invalid(400, message, { param, code, beforeExecution: true }),
  /** A state or business-rule refusal raised while the endpoint runs (saved under an idempotency key). */
  refused: (message: string, opts: { code?: string; param?: string } = {}) => invalid(400, message, opts),
  unsupported: (param: string, what: string) =>
    invalid(
      400,
      `stripe-local does not support ${what}. It implements only the Stripe calls the platform uses (docs/decisions/0007-local-stripe-server.md).`,
      {
        param,
        beforeExecution: true,
      },
    ),
  url: (method: string, path: string) =>
    invalid(
      404,
      `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      {
        beforeExecution: true,
      },
    ),
  noKey: () =>
    invalid(
      401,
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      { beforeExecution: true },
    ),
  badKey: (key: string) => invalid(401, `Invalid API Key provided: ${redact(key)}`, { beforeExecution: true }),
  idempotencyParams: (key: string) =>
    new StripeApiError(
      400,
      {
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      },
      true,
    ),
  idempotencyEndpoint: (key: string, first: string, now: string) =>
    new StripeApiError(
      400,
      {
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${first}' vs '${now}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      },
      true,
    ),
  idempotencyKeyTooLong: () =>
    invalid(400, "Idempotency-Key must be at most 255 characters long.", { beforeExecution: true }),
  bodyTooLarge: () => invalid(413, "Request body too large.", { beforeExecution: true }),
  internal: (message: string) => new StripeApiError(500, { type: "api_error", message }),
};

/** Stripe shows the key's prefix and last four characters only. */
function redact(key: string): string {
  if (key.length <= 12) return key.replace(/./g, "*");
  const prefix = key.slice(0, key.indexOf("_", 3) + 1 || 3);
  return `${prefix}${"*".repeat(Math.max(4, key.length - prefix.length - 4))}${key.slice(-4)}`;
}
