/**
 * `npm start`: what users get, locally. The production web build (web/dist, rebuilt first when
 * missing or older than its sources) and the API on one origin, served by the same local server
 * the bench and the browser journeys measure, on the local stack with its own data in
 * .data-preview/ (seeded on first run with dev's demo world). Page-weight and Lighthouse checks
 * run against it; `npm run dev` (Vite's dev server, unbundled modules) is for editing, not
 * for measuring.
 *
 *   npm start                      # PORT, DYNAMODB_PORT, STRIPE_LOCAL_PORT as for dev
 *   npm start -- --fresh           # wipe .data-preview/ and re-seed
 *   npm start -- --data DIR        # another data folder (the tests use a temporary one)
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { printBanner, portsFromEnv, repoRoot, startLocalRun } from "./lib/local-run";
import { ensureWebBuild, webDist } from "./lib/web-build";

const { values: args } = parseArgs({
  options: {
    fresh: { type: "boolean", default: false },
    data: { type: "string", default: resolve(repoRoot, ".data-preview") },
  },
});
ensureWebBuild();
const ports = portsFromEnv();
const run = await startLocalRun({
  dataDir: resolve(args.data),
  fresh: args.fresh,
  ports,
  appUrl: process.env.APP_URL ?? `http://localhost:${ports.api}`,
  webDist,
});
printBanner(run, {
  web: `${run.stack.server!.url}/   (production build from web/dist, same origin as the API)`,
  freshHint: "npm start -- --fresh",
});
