/**
 * What `npm run dev` and `npm start` share: ports from PORT / DYNAMODB_PORT / STRIPE_LOCAL_PORT,
 * DynamoDB Local keeping its data in a folder of its own (`--fresh` wipes it), the demo world
 * seeded on first run, the local Stripe server, the API server, the scheduled jobs every minute
 * (the functions the AWS cron runs), and one shutdown that stops every process on Ctrl-C/SIGTERM.
 */
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { join, relative } from "node:path";
import { Jobs } from "@rutas/core";
import { seed } from "./seed-data";
import { type LocalStack, startStack } from "./stack";

export const repoRoot = join(import.meta.dirname, "../..");

export type LocalPorts = { api: number; dynamo: number; stripe: number };

export function portsFromEnv(env: NodeJS.ProcessEnv = process.env): LocalPorts {
  return {
    api: Number(env.PORT ?? 3000),
    dynamo: Number(env.DYNAMODB_PORT ?? 8000),
    stripe: Number(env.STRIPE_LOCAL_PORT ?? 12111),
  };
}

export type LocalRun = {
  stack: LocalStack;
  /** True when the table was new, so the demo world was seeded. */
  seeded: boolean;
  dataDir: string;
  /** A child process (e.g. Vite) to stop with the rest; if it dies, everything stops. */
  adopt: (child: ChildProcess, what: string) => void;
  shutdown: (code?: number) => Promise<void>;
};

export async function startLocalRun(opts: {
  /** Holds `dynamodb/` and `files/` (sold documents). */
  dataDir: string;
  fresh: boolean;
  ports: LocalPorts;
  /** Where people open links from e-mails and Stripe redirects. */
  appUrl: string;
  /** The built web app served by the API server on the same origin, or false (dev: Vite serves it). */
  webDist: string | false;
}): Promise<LocalRun> {
  const dbPath = join(opts.dataDir, "dynamodb");
  if (opts.fresh) rmSync(dbPath, { recursive: true, force: true });
  const stack = await startStack({
    dbPath,
    filesDir: join(opts.dataDir, "files"),
    dynamoPort: opts.ports.dynamo,
    appUrl: opts.appUrl,
    server: { port: opts.ports.api, host: "0.0.0.0", webDist: opts.webDist },
    stripe: { port: opts.ports.stripe },
  });

  const children: { child: ChildProcess; what: string }[] = [];
  const jobs = setInterval(async () => {
    const report = await Jobs.runScheduled({ now: new Date() });
    const did = Object.entries(report.results).filter(([, v]) => v !== 0);
    if (!report.ok) console.error(JSON.stringify(Jobs.logLine(report)));
    else if (did.length) console.log(JSON.stringify(Jobs.logLine(report)));
  }, 60_000);
  let stopping = false;
  async function shutdown(code = 0) {
    if (stopping) return;
    stopping = true;
    clearInterval(jobs);
    for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await stack.stop();
    process.exit(code);
  }
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  // Whatever fails from here on must not leave DynamoDB Local or a child running.
  process.on("uncaughtException", (err) => {
    console.error(err);
    void shutdown(1);
  });

  if (stack.tableCreated) {
    await seed().catch(async (err) => {
      console.error(err);
      await shutdown(1);
    });
  }

  return {
    stack,
    seeded: stack.tableCreated,
    dataDir: opts.dataDir,
    adopt(child, what) {
      children.push({ child, what });
      child.on("exit", (code) => {
        if (stopping) return;
        console.error(`${what} stopped (exit ${code}); stopping the rest.`);
        void shutdown(1);
      });
    },
    shutdown,
  };
}

/** The banner both runners print: where everything is, and who to sign in as. */
export function printBanner(run: LocalRun, opts: { web: string; freshHint: string }) {
  const { stack } = run;
  const api = stack.server!.url;
  const data = relative(repoRoot, run.dataDir) || run.dataDir;
  console.log(`
  Rutas is running${run.seeded ? " (demo data seeded)" : ` (data kept from last run; ${opts.freshHint} to reset)`}

  Web app      ${opts.web}
  API          ${api}/api   (OpenAPI: /api/openapi.json)
  Outbox       ${api}/api/dev/outbox?to=admin@example.org
  Stripe       ${stack.stripeUrl ? `${stack.stripeUrl} (local Stripe-compatible server; card 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined)` : "real Stripe (STRIPE_SECRET_KEY is set)"}
  DynamoDB     ${stack.dynamo.endpoint}   (table ${stack.tableName}, data in ${data}/)

  Sign in with any address; the link is in the outbox. Demo sign-ins:
    admin@example.org          platform admin
    unsaac@example.org         admin of Universidad Nacional de San Antonio Abad del Cusco
    laval@example.org          admin of Université Laval
    ana.quispe@example.org     participant, Peru (reduced price)
    marc.tremblay@example.org  participant, Canada (standard price)

  Ctrl-C stops everything.
`);
}
