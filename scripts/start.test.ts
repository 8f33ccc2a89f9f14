/**
 * `npm start` end to end: the script is spawned as a user would run it (its own ports, a
 * temporary data folder), then Ctrl-C must leave nothing listening. The preview must serve what
 * users get: the built HTML (not Vite's dev client), the API on the same origin, the SPA on
 * deep links, and hashed assets cached for a year.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "@rutas/core/db/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

/** True when nothing listens on `port` any more (on any interface, as DynamoDB Local binds). */
const portIsFree = (port: number) =>
  new Promise<boolean>((done) => {
    const probe = createServer();
    probe.once("error", () => done(false));
    probe.listen(port, "0.0.0.0", () => probe.close(() => done(true)));
  });

describe("npm start (production preview)", () => {
  let child: ChildProcess;
  let output = "";
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let dataDir: string;
  const ports = { api: 0, dynamo: 0, stripe: 0 };
  let base = "";

  beforeAll(async () => {
    ports.api = await freePort();
    ports.dynamo = await freePort();
    ports.stripe = await freePort();
    base = `http://127.0.0.1:${ports.api}`;
    dataDir = mkdtempSync(join(tmpdir(), "rutas-preview-"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(ports.api),
      DYNAMODB_PORT: String(ports.dynamo),
      STRIPE_LOCAL_PORT: String(ports.stripe),
    };
    delete env.APP_URL;
    delete env.STRIPE_SECRET_KEY;
    // node + tsx's loader directly (no npm or tsx wrapper), so the signal below reaches the runner itself.
    child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--data", dataDir], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    exited = new Promise((done) => child.once("exit", (code, signal) => done({ code, signal })));
    // Typically 15-25 s (DynamoDB Local's JVM, then seeding); more on a loaded machine.
    const deadline = Date.now() + 75_000;
    while (!output.includes("Rutas is running")) {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start did not come up in 75 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 90_000);

  afterAll(async () => {
    if (child?.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves the built web app and the API on one origin, seeded, then Ctrl-C stops everything", async () => {
    expect(output).toContain("demo data seeded");
    expect(output).toContain(`http://localhost:${ports.api}/`);

    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get("content-type")).toMatch(/text\/html/);
    const html = await home.text();
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/);
    expect(html).not.toContain("/@vite/client");
    expect(html).not.toContain("/src/main.tsx");

    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const courses = (await (await fetch(`${base}/api/courses`)).json()) as { items: unknown[] };
    expect(courses.items.length).toBeGreaterThan(0); // the demo world, seeded on first run

    const deep = await fetch(`${base}/en/courses`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get("cache-control")).toBe("no-cache");
    expect(await deep.text()).toBe(html);

    const entry = html.match(/src="(\/assets\/index-[\w-]+\.js)"/)![1];
    const asset = await fetch(base + entry, { headers: { "Accept-Encoding": "gzip" } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(asset.headers.get("content-encoding")).toBe("gzip");
    expect(asset.headers.get("content-type")).toMatch(/javascript/);

    child.kill("SIGINT");
    const { code } = await Promise.race([
      exited,
      new Promise<never>((_, fail) =>
        setTimeout(() => fail(new Error(`no exit 15 s after SIGINT:\n${output}`)), 15_000),
      ),
    ]);
    expect(code).toBe(0);
    for (const port of [ports.api, ports.dynamo, ports.stripe])
      expect(await portIsFree(port), `port ${port} still taken`).toBe(true);
  }, 30_000);
});
