/**
 * Settings read once from the environment and checked with zod. Tests and the
 * dev runner override them with `configure()` before the first use.
 */
import { createHmac } from "node:crypto";
import { z } from "zod";

const schema = z.object({
  APP_STAGE: z.string().default("local"),
  TABLE_NAME: z.string().default("rutas-local"),
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  AWS_REGION: z.string().default("ca-central-1"),
  SESSION_SECRET: z.string().min(32).default("local-only-session-secret-change-me-0123456789"),
  ADMIN_EMAILS: z.string().default("admin@example.org"),
  APP_URL: z.string().url().default("http://localhost:3000"),
  SESSION_DAYS: z.coerce.number().int().positive().default(14),
  MAGIC_LINKS_PER_HOUR: z.coerce.number().int().positive().default(5),
  /** Where sold documents live: an S3 bucket on AWS, a folder locally. */
  FILES_BUCKET: z.string().optional(),
  FILES_DIR: z.string().default(".data/files"),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  /** The local Stripe-compatible server, e.g. http://127.0.0.1:12111; unset means api.stripe.com. */
  STRIPE_API_URL: z.string().url().optional(),
  /** Time limits and retry budgets: docs/decisions/0015-timeouts-and-retry-budgets.md. */
  DYNAMODB_ATTEMPT_TIMEOUT_MS: z.coerce.number().int().positive().default(1000),
  DYNAMODB_CALL_DEADLINE_MS: z.coerce.number().int().positive().default(2500),
  TRANSACT_RETRY_BUDGET_MS: z.coerce.number().int().positive().default(2500),
  STRIPE_TIMEOUT_MS: z.coerce.number().int().positive().default(2500),
  API_BUDGET_MS: z.coerce.number().int().positive().default(4500),
  /** The sender of every e-mail on AWS, e.g. "Rutas <alertas@rutas.org>"; unset: the outbox only. */
  MAIL_FROM: z.string().optional(),
  /** SES configuration set (bounce and complaint tracking), when the deploy made one. */
  SES_CONFIGURATION_SET: z.string().optional(),
  /** Another SES endpoint (tests point it at a local fake); unset: the region's. */
  SES_ENDPOINT: z.string().url().optional(),
  /** Signs one-click unsubscribe links (decision 0023); unset: derived from SESSION_SECRET. */
  UNSUBSCRIBE_SECRET: z.string().min(32).optional(),
});

export type Config = {
  stage: string;
  tableName: string;
  dynamoEndpoint?: string;
  region: string;
  sessionSecret: string;
  adminEmails: string[];
  appUrl: string;
  sessionDays: number;
  magicLinksPerHour: number;
  stripe: { secretKey: string; webhookSecret: string; apiUrl?: string };
  files: { bucket?: string; dir: string };
  budgets: Budgets;
  /** Outgoing e-mail: `from` set means SES sends it (and the outbox records it), else the outbox only. */
  mail: { from?: string; configurationSet?: string; endpoint?: string };
  unsubscribeSecret: string;
};

/**
 * How long anything may wait on a dependency (decision 0015). Each bound sits inside the one
 * around it: DynamoDB attempt < DynamoDB call < API budget < Lambda timeout (15 s).
 */
export type Budgets = {
  /** One DynamoDB HTTP attempt, counted from when the request is written to its socket. */
  dynamoAttemptMs: number;
  /** One DynamoDB call, all SDK retries and socket queueing included; then it is aborted. */
  dynamoCallMs: number;
  /** Retrying a transaction that conflicts or is throttled, from its first attempt. */
  transactRetryMs: number;
  /** One Stripe request (no automatic retries: a retry would not fit the API budget). */
  stripeMs: number;
  /** One API request; past it the caller gets a 503 with Retry-After. */
  apiMs: number;
};

let current: Config | undefined;

/** SST passes secrets as SST_Secret_value_<NAME>; core reads them by their plain names. */
function withSstSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith("SST_Secret_value_")) out[k.slice("SST_Secret_value_".length)] ??= v;
  }
  return out;
}

/**
 * With STRIPE_SECRET_KEY set, real Stripe (test or live) is used. Without it, the
 * local stage talks to the local Stripe-compatible server; other stages refuse.
 */
function stripeSettings(e: z.infer<typeof schema>): Config["stripe"] {
  if (e.STRIPE_SECRET_KEY) {
    if (!e.STRIPE_WEBHOOK_SECRET) throw new Error("STRIPE_WEBHOOK_SECRET must be set with STRIPE_SECRET_KEY");
    return { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, apiUrl: e.STRIPE_API_URL };
  }
  if (e.APP_STAGE !== "local") return { secretKey: "", webhookSecret: "", apiUrl: undefined };
  return {
    secretKey: "sk_test_rutas_local",
    webhookSecret: e.STRIPE_WEBHOOK_SECRET ?? "whsec_rutas_local",
    apiUrl: e.STRIPE_API_URL ?? "http://127.0.0.1:12111",
  };
}

function fromEnv(env: NodeJS.ProcessEnv): Config {
  const e = schema.parse(withSstSecrets(env));
  if (e.APP_STAGE !== "local" && e.SESSION_SECRET.startsWith("local-only")) {
    throw new Error("SESSION_SECRET must be set outside the local stage");
  }
  return {
    stage: e.APP_STAGE,
    tableName: e.TABLE_NAME,
    dynamoEndpoint: e.DYNAMODB_ENDPOINT,
    region: e.AWS_REGION,
    sessionSecret: e.SESSION_SECRET,
    adminEmails: e.ADMIN_EMAILS.split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    appUrl: e.APP_URL.replace(/\/$/, ""),
    sessionDays: e.SESSION_DAYS,
    magicLinksPerHour: e.MAGIC_LINKS_PER_HOUR,
    stripe: stripeSettings(e),
    files: { bucket: e.FILES_BUCKET, dir: e.FILES_DIR },
    mail: {
      from: e.MAIL_FROM || undefined,
      configurationSet: e.SES_CONFIGURATION_SET || undefined,
      endpoint: e.SES_ENDPOINT,
    },
    // A key of its own, derived (HMAC) from the session secret unless one is configured: the
    // unsubscribe signature can never be replayed as a session signature, nor the other way round.
    unsubscribeSecret:
      e.UNSUBSCRIBE_SECRET ?? createHmac("sha256", e.SESSION_SECRET).update("rutas/unsubscribe/v1").digest("hex"),
    budgets: {
      dynamoAttemptMs: e.DYNAMODB_ATTEMPT_TIMEOUT_MS,
      dynamoCallMs: e.DYNAMODB_CALL_DEADLINE_MS,
      transactRetryMs: e.TRANSACT_RETRY_BUDGET_MS,
      stripeMs: e.STRIPE_TIMEOUT_MS,
      apiMs: e.API_BUDGET_MS,
    },
  };
}

/** The production bounds (every variable unset), for tests and the bench that must measure them. */
export const defaultBudgets = (): Budgets => fromEnv({}).budgets;

/**
 * Looser bounds for the local stack (dev runner, seed, bench set-up, and the test files sharing one
 * DynamoDB Local): that Local runs on a small shared machine, serialises transactions (~20 ms
 * each) and takes seconds to create a table, so production's 1 s attempt would call a busy Local
 * dead. Tests of a hung dependency and the bench's hung figures switch back to defaultBudgets().
 */
export const localStackBudgets = (): Budgets => ({
  dynamoAttemptMs: 10_000,
  dynamoCallMs: 20_000,
  transactRetryMs: 20_000,
  stripeMs: 10_000,
  apiMs: 25_000,
});

export function config(): Config {
  current ??= fromEnv(process.env);
  return current;
}

export function configure(overrides: Partial<Config>): Config {
  current = { ...config(), ...overrides };
  return current;
}

export const isLocalStage = () => config().stage === "local";
