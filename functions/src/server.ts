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
import { type AppOptions, createApp, type LogLine } from "./app";
import { problem, toProblem } from "./http/problem";
import { securityHeaders } from "./http/security";
import { isApiPath, isAppRoute } from "./http/spa";

export const defaultWebDist = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../web/dist");

export function createLocalHandler(opts: AppOptions & { webDist?: string | false } = {}) {
  const log = opts.log ?? ((line: LogLine) => console.log(JSON.stringify(line)));
  const root = new Hono();
  root.use("*", compress());
  root.route("/", createApp({ ...opts, log }));
  // Whatever nothing answers, API or web, is a problem+json 404, never Hono's text/plain.
  root.notFound((c) => problem(c, 404, `No route for ${c.req.method} ${c.req.path}.`));
  root.onError((err, c) => toProblem(err, c, log));
  root.use("*", securityHeaders());
  const dist = opts.webDist === false ? undefined : (opts.webDist ?? defaultWebDist);
  if (dist && existsSync(join(dist, "index.html"))) {
    // Hashed assets never change; HTML must always be revalidated.
    root.use("/assets/*", async (c, next) => {
      await next();
      if (c.res.ok) c.header("Cache-Control", "public, max-age=31536000, immutable");
    });
    root.use("*", async (c, next) => {
      await next();
      if (!c.res.headers.has("Cache-Control") && c.res.headers.get("Content-Type")?.startsWith("text/html"))
        c.header("Cache-Control", "no-cache");
    });
    const statics = serveStatic({ root: dist });
    root.use("*", (c, next) => (isApiPath(c.req.path) ? next() : statics(c, next)));
    const indexHtml = readFile(join(dist, "index.html"), "utf8");
    // Client-side routes (e.g. /es/profile) get the app shell by the rule CloudFront runs
    // (http/spa.ts): a missing asset or an unknown API route is a 404, not HTML cached for a year.
    root.get("*", async (c, next) => {
      if (isApiPath(c.req.path) || !isAppRoute(c.req.path)) return next();
      return c.html(await indexHtml);
    });
  }
  return root;
}

export type RunningServer = { url: string; port: number; close: () => Promise<void> };

export async function startServer(
  opts: AppOptions & { port?: number; host?: string; webDist?: string | false } = {},
): Promise<RunningServer> {
  const app = createLocalHandler(opts);
  return new Promise((resolvePromise, reject) => {
    const server = serve(
      { fetch: app.fetch, port: opts.port ?? 0, hostname: opts.host ?? "127.0.0.1" },
      (info: AddressInfo) => {
        // Listening on all interfaces is reached as localhost; otherwise by the address bound.
        const host = opts.host === "0.0.0.0" ? "localhost" : (opts.host ?? "127.0.0.1");
        resolvePromise({
          url: `http://${host}:${info.port}`,
          port: info.port,
          close: () => new Promise((r) => server.close(() => r())),
        });
      },
    );
    server.once("error", reject);
  });
}
