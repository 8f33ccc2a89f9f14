/**
 * Starts the local stack the dev runner, the seed script and the bench share:
 * DynamoDB Local (persistent or in memory), the table, core configured to use it,
 * and optionally the API + web server and the local Stripe server.
 */
import { Config } from "@rutas/core";
import { ddbRaw } from "@rutas/core/db/client";
import { type LocalDynamo, startLocalDynamo } from "@rutas/core/db/local";
import { ensureTable } from "@rutas/core/db/table";
import { type StripeLocal, startStripeLocal } from "@rutas/stripe-local";
import { type RunningServer, startServer } from "../../functions/src/server";

export type LocalStack = {
  dynamo: LocalDynamo;
  tableName: string;
  tableCreated: boolean;
  server?: RunningServer;
  stripeUrl?: string;
  stripeLocal?: StripeLocal;
  stop: () => Promise<void>;
};

/** The budgets set explicitly in the environment (DYNAMODB_ATTEMPT_TIMEOUT_MS …), which win over the local ones. */
function envBudgets(): Partial<Config.Budgets> {
  const names: [keyof Config.Budgets, string][] = [
    ["dynamoAttemptMs", "DYNAMODB_ATTEMPT_TIMEOUT_MS"],
    ["dynamoCallMs", "DYNAMODB_CALL_DEADLINE_MS"],
    ["transactRetryMs", "TRANSACT_RETRY_BUDGET_MS"],
    ["stripeMs", "STRIPE_TIMEOUT_MS"],
    ["apiMs", "API_BUDGET_MS"],
  ];
  const set = names.filter(([, env]) => process.env[env]);
  return Object.fromEntries(set.map(([key]) => [key, Config.config().budgets[key]]));
}

export async function startStack(opts: {
  dbPath?: string;
  /** Where sold documents are stored (default: FILES_DIR, else .data/files). */
  filesDir?: string;
  dynamoPort?: number;
  tableName?: string;
  /** Where people open links from e-mails and Stripe redirects: the web app's URL. */
  appUrl?: string;
  server?: { port?: number; host?: string; webDist?: string | false; quiet?: boolean };
  /**
   * Start the local Stripe-compatible server (unless STRIPE_SECRET_KEY points at real Stripe);
   * `retryDelaysMs` spaces its webhook retries (tests want them short).
   */
  stripe?: { port?: number; retryDelaysMs?: number[] };
}): Promise<LocalStack> {
  const dynamo = await startLocalDynamo({ dbPath: opts.dbPath, port: opts.dynamoPort });
  let server: RunningServer | undefined;
  try {
    const tableName = opts.tableName ?? "rutas-local";
    const port = opts.server?.port ?? 3000;
    Config.configure({
      stage: "local",
      tableName,
      dynamoEndpoint: dynamo.endpoint,
      region: "local",
      appUrl: opts.appUrl ?? process.env.APP_URL ?? `http://localhost:${port}`,
      // DynamoDB Local is slower than DynamoDB (decision 0015); variables set in the environment win.
      budgets: { ...Config.localStackBudgets(), ...envBudgets() },
      ...(opts.filesDir ? { files: { ...Config.config().files, dir: opts.filesDir } } : {}),
    });
    const tableCreated = (await ensureTable(ddbRaw(), tableName)) === "created";
    server = opts.server
      ? await startServer({ ...opts.server, log: opts.server.quiet ? () => {} : undefined })
      : undefined;
    const useLocalStripe = opts.stripe && !process.env.STRIPE_SECRET_KEY;
    const stripeLocal = useLocalStripe
      ? await startStripeLocal({
          port: opts.stripe?.port ?? 0,
          webhookSecret: Config.config().stripe.webhookSecret,
          webhookUrl: server ? `${server.url.replace("0.0.0.0", "127.0.0.1")}/api/stripe/webhook` : undefined,
          retryDelaysMs: opts.stripe?.retryDelaysMs,
        })
      : undefined;
    if (stripeLocal) {
      Config.configure({
        stripe: { secretKey: "sk_test_rutas_local", webhookSecret: stripeLocal.webhookSecret, apiUrl: stripeLocal.url },
      });
    }
    return {
      dynamo,
      tableName,
      tableCreated,
      server,
      stripeUrl: stripeLocal?.url,
      stripeLocal,
      stop: async () => {
        await stripeLocal?.close();
        await server?.close();
        ddbRaw().destroy();
        await dynamo.stop();
      },
    };
  } catch (err) {
    // E.g. the Stripe port is taken: nothing started so far may keep running.
    await server?.close();
    await dynamo.stop();
    throw err;
  }
}
