/**
 * `npm run dev`: DynamoDB Local (data kept in .data/ across restarts; `--fresh`
 * wipes it and re-seeds), the API on :3000, the Vite dev server for the web app,
 * and the scheduled jobs on an interval. Ctrl-C stops everything it started.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { Jobs } from "@rutas/core";
import { seed } from "./lib/seed-data";
import { startStack } from "./lib/stack";

const root = resolve(import.meta.dirname, "..");
const fresh = process.argv.includes("--fresh");
const port = Number(process.env.PORT ?? 3000);
const webPort = Number(process.env.WEB_PORT ?? 5173);
const dataDir = resolve(root, ".data/dynamodb");

if (fresh) rmSync(dataDir, { recursive: true, force: true });
const stack = await startStack({
  dbPath: dataDir,
  dynamoPort: Number(process.env.DYNAMODB_PORT ?? 8000),
  appUrl: process.env.APP_URL ?? `http://localhost:${webPort}`,
  server: { port, host: "0.0.0.0", webDist: false },
  stripe: { port: Number(process.env.STRIPE_LOCAL_PORT ?? 12111) },
});
// Whatever fails from here on must not leave DynamoDB Local running.
process.on("uncaughtException", async (err) => {
  console.error(err);
  await stack.stop();
  process.exit(1);
});
if (stack.tableCreated) await seed();

const children: ChildProcess[] = [];
// Vite is run by node directly (not through npx) so that stopping it stops it.
const vitePkg = createRequire(resolve(root, "web/package.json")).resolve("vite/package.json");
const viteBin = resolve(dirname(vitePkg), "bin/vite.js");
const web = spawn(process.execPath, [viteBin, "--port", String(webPort), "--strictPort"], {
  cwd: resolve(root, "web"),
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, API_PROXY: `http://127.0.0.1:${port}` },
});
children.push(web);
web.stdout?.on("data", () => {}); // Vite's banner is replaced by ours below.

const jobs = setInterval(async () => {
  const report = await Jobs.runScheduled({ now: new Date() });
  const did = Object.entries(report.results).filter(([, v]) => v !== 0);
  if (did.length) console.log(JSON.stringify({ level: "info", msg: "scheduled jobs", ...report }));
}, 60_000);

console.log(`
  Rutas is running${stack.tableCreated ? " (demo data seeded)" : " (data kept from last run; --fresh to reset)"}

  Web app      http://localhost:${webPort}/
  API          http://localhost:${port}/api   (OpenAPI: /api/openapi.json)
  Outbox       http://localhost:${port}/api/dev/outbox?to=admin@example.org
  Stripe       ${stack.stripeUrl ? `${stack.stripeUrl} (local Stripe-compatible server; card 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined)` : "real Stripe (STRIPE_SECRET_KEY is set)"}
  DynamoDB     ${stack.dynamo.endpoint}   (table ${stack.tableName}, data in .data/)

  Sign in with any address; the link is in the outbox. Demo sign-ins:
    admin@example.org          platform admin
    unsaac@example.org         admin of Universidad Nacional de San Antonio Abad del Cusco
    laval@example.org          admin of Université Laval
    ana.quispe@example.org     participant, Peru (reduced price)
    marc.tremblay@example.org  participant, Canada (standard price)

  Ctrl-C stops everything.
`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  clearInterval(jobs);
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await stack.stop();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
web.on("exit", (code) => {
  if (!stopping) {
    console.error(`The web dev server stopped (exit ${code}); stopping the rest.`);
    void shutdown();
  }
});
