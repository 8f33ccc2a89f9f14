/**
 * Every error is problem+json, unknown routes included, whichever way the API is
 * served: the app alone (Lambda), or the local server with or without web/dist.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { createLocalHandler } from "./server";

let dist: string;
beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), "rutas-dist-"));
  await mkdir(join(dist, "assets"));
  await writeFile(join(dist, "index.html"), "<!doctype html><title>Rutas</title>");
  await writeFile(join(dist, "assets", "app-1234.js"), "export {};");
});
afterAll(() => rm(dist, { recursive: true, force: true }));

const quiet = { log: () => {} };
const handlers = {
  "the app (Lambda)": () => createApp(quiet),
  "the local server without web/dist": () => createLocalHandler({ ...quiet, webDist: false }),
  "the local server with web/dist": () => createLocalHandler({ ...quiet, webDist: dist }),
};

const unknown: [string, string][] = [
  ["GET", "/api/nowhere"],
  ["POST", "/api/nowhere"],
  ["HEAD", "/api/nowhere"],
  ["GET", "/api"],
  ["GET", "/api/"],
  ["GET", "/api/me/"], // a trailing slash
  ["GET", "/api/topics/"],
  ["DELETE", "/api/topics"], // a method the route does not have
  ["PUT", "/api/me"],
  ["GET", "/api/%E0%A4%A"], // malformed percent-encoding
  ["POST", "/nowhere"],
  ["DELETE", "/es/profile"],
];

describe.each(Object.entries(handlers))("unknown routes on %s", (_, make) => {
  it.each(unknown)("%s %s is a problem+json 404", async (method, path) => {
    const res = await make().request(path, { method }); // made here: dist exists only once beforeAll ran
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    if (method === "HEAD") return;
    expect(await res.json()).toMatchObject({
      type: expect.any(String),
      title: "Not found",
      status: 404,
      detail: expect.any(String),
    });
  });
});

describe("pages outside /api", () => {
  it("without web/dist, any page is a problem+json 404", async () => {
    for (const path of ["/", "/es/profile", "/favicon.ico", "/API/topics"]) {
      const res = await createLocalHandler({ ...quiet, webDist: false }).request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toBe("application/problem+json");
    }
  });

  it("with web/dist, client routes get the app shell and files are served, but a missing asset is a 404, not HTML", async () => {
    const app = createLocalHandler({ ...quiet, webDist: dist });
    const shell = await app.request("/es/profile");
    expect(shell.status).toBe(200);
    expect(shell.headers.get("content-type")).toContain("text/html");
    const asset = await app.request("/assets/app-1234.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const missing = await app.request("/assets/app-0000.js");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    expect(missing.headers.get("cache-control") ?? "").not.toContain("immutable");
  });

  it("the API still answers through the local server", async () => {
    const res = await createLocalHandler({ ...quiet, webDist: dist }).request("/api/topics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
  });
});
