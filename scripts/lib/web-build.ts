/**
 * The production web build (web/dist) that `npm start`, the bench and the browser journeys
 * serve through the local server (functions/src/server.ts): rebuilt when missing or older
 * than anything it is built from, so a preview never shows yesterday's pages.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

export const webRoot = resolve(import.meta.dirname, "../../web");
export const webDist = join(webRoot, "dist");

/** What `vite build` reads; a change to any of them makes web/dist stale. */
const inputs = ["src", "public", "index.html", "vite.config.ts", "package.json", "tsconfig.json"];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file shows only as its folder's change
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when `dist` has no index.html or any input under `root` changed after it was written. */
export function webBuildIsStale(root = webRoot, dist = join(root, "dist")): boolean {
  const index = join(dist, "index.html");
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return inputs.some((input) => newestMtime(join(root, input)) > built);
}

/** Vite's CLI, run by node directly (not through npx) so that stopping it stops it. */
export function viteBin(): string {
  const vitePkg = createRequire(join(webRoot, "package.json")).resolve("vite/package.json");
  return resolve(dirname(vitePkg), "bin/vite.js");
}

/** Builds web/dist when it is stale; returns whether it built. Throws when the build fails. */
export function ensureWebBuild(): boolean {
  if (!webBuildIsStale()) return false;
  console.log("web/dist is missing or older than web/src: building it (vite build)…");
  const result = spawnSync(process.execPath, [viteBin(), "build", "--logLevel", "warn"], {
    cwd: webRoot,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
  return true;
}
