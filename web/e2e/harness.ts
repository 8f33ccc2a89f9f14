/**
 * The real stack for browser journeys: DynamoDB Local with a fresh table, the local
 * server serving /api and web/dist on one origin, optionally the local Stripe server,
 * and Debian's Chromium. Needs `npm run build:web` first (the root `npm test` does it).
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../../scripts/lib/browser";
import { type LocalStack, startStack } from "../../scripts/lib/stack";

const here = dirname(fileURLToPath(import.meta.url));
export const webDist = resolve(here, "../dist");
export const artifacts = resolve(here, "../../.test-artifacts");

export type E2E = {
  stack: LocalStack;
  url: string;
  browser: Browser;
  /** A phone-sized context in a locale; script errors and CSP violations are collected in `errors`. */
  phone: (locale: string) => Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  newestLink: (email: string) => Promise<string>;
  stop: () => Promise<void>;
};

export async function startE2E(opts: { stripe?: boolean } = {}): Promise<E2E> {
  if (!existsSync(join(webDist, "index.html"))) throw new Error(`No web build in ${webDist}: run \`npm run build:web\` first.`);
  const { freePort } = await import("../../packages/core/src/db/local");
  const port = await freePort();
  const stack = await startStack({
    tableName: `e2e-${process.pid}-${Date.now().toString(36)}`,
    appUrl: `http://127.0.0.1:${port}`,
    server: { port, host: "127.0.0.1", webDist, quiet: true },
    stripe: opts.stripe ? { port: 0 } : undefined,
  });
  const browser = await launchChromium();
  const url = stack.server!.url;
  return {
    stack,
    url,
    browser,
    async phone(locale) {
      const context = await browser.newContext({ locale, viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (err) => errors.push(String(err)));
      page.on("console", (msg) => {
        // 4xx answers the journey provokes on purpose are logged by Chromium too; they are not faults.
        if (msg.type() === "error" && !/status of 4\d\d/.test(msg.text())) errors.push(msg.text());
      });
      return { context, page, errors };
    },
    async newestLink(email) {
      const res = await fetch(`${url}/api/dev/outbox?to=${encodeURIComponent(email)}`);
      const mails = (await res.json()) as { link?: string }[];
      if (!mails[0]?.link) throw new Error(`No e-mailed link for ${email}`);
      return mails[0].link;
    },
    async stop() {
      await browser.close();
      await stack.stop();
    },
  };
}
