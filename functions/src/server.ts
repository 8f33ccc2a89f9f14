/**
 * The local Node server: the API under /api and, when built, the web app from
 * web/dist (same origin, so the session cookie just works). Used by the dev
 * runner, the browser tests and the bench.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { compress } from "hono/compress";
import { type AppOptions, createApp } from "./app";
import { problem } from "./http/problem";
import { securityHeaders } from "./http/security";
import { isApiPath, isAppRoute } from "./http/spa";

export const defaultWebDist = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../web/dist");

export function createLocalHandler(opts: AppOptions & { webDist?: string | false } = {}) {
  const root = new Hono();
  root.use("*", compress());
  root.route("/", createApp(opts));
  const dist = opts.webDist === false ? undefined : (opts.webDist ?? defaultWebDist);
  if (dist && existsSync(join(dist, "index.html"))) {
    root.use("*", securityHeaders());
    // Hashed assets never change; HTML must always be revalidated.
    root.use("/assets/*", async (c, next) => {
      await next();
      if (c.res.ok) c.header("Cache-Control", "public, max-age=31536000, immutable");
    });
    root.use("*", async (c, next) => {
      await next();
      if (!c.res.headers.has("Cache-Control") && c.res.headers.get("Content-Type")?.startsWith("text/html")) c.header("Cache-Control", "no-cache");
    });
    root.use("*", serveStatic({ root: dist }));
    const indexHtml = readFile(join(dist, "index.html"), "utf8");
    // Client-side routes (e.g. /es/profile) get the app shell by the rule CloudFront runs
    // (http/spa.ts): a missing asset is a 404, not HTML cached for a year.
    root.get("*", async (c, next) => {
      if (!isAppRoute(c.req.path)) return next();
      return c.html(await indexHtml);
    });
  }
  // Sub-apps' notFound handlers do not apply once mounted: an unknown API route answers as the API does.
  root.notFound((c) => (isApiPath(c.req.path) ? problem(c, 404, `No route for ${c.req.method} ${c.req.path}.`) : c.text("Not found", 404)));
  return root;
}

export type RunningServer = { url: string; port: number; close: () => Promise<void> };

export async function startServer(opts: AppOptions & { port?: number; host?: string; webDist?: string | false } = {}): Promise<RunningServer> {
  const app = createLocalHandler(opts);
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: opts.host ?? "127.0.0.1" }, (info: AddressInfo) => {
      // Listening on all interfaces is reached as localhost; otherwise by the address bound.
      const host = opts.host === "0.0.0.0" ? "localhost" : (opts.host ?? "127.0.0.1");
      resolvePromise({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
    server.once("error", reject);
  });
}
