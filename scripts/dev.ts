/**
 * `npm run dev`: DynamoDB Local (data kept in .data/ across restarts; `--fresh`
 * wipes it and re-seeds), the API on :3000, the Vite dev server for the web app,
 * and the scheduled jobs on an interval. Ctrl-C stops everything it started.
 * What it shares with `npm start` is in lib/local-run.ts.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { printBanner, portsFromEnv, repoRoot, startLocalRun } from "./lib/local-run";
import { viteBin, webRoot } from "./lib/web-build";

const ports = portsFromEnv();
const webPort = Number(process.env.WEB_PORT ?? 5173);
const run = await startLocalRun({
  dataDir: resolve(repoRoot, ".data"),
  fresh: process.argv.includes("--fresh"),
  ports,
  appUrl: process.env.APP_URL ?? `http://localhost:${webPort}`,
  webDist: false,
});

const web = spawn(process.execPath, [viteBin(), "--port", String(webPort), "--strictPort"], {
  cwd: webRoot,
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, API_PROXY: `http://127.0.0.1:${ports.api}` },
});
web.stdout?.on("data", () => {}); // Vite's banner is replaced by ours below.
run.adopt(web, "The web dev server");

printBanner(run, { web: `http://localhost:${webPort}/`, freshHint: "--fresh" });
