/**
 * The real stack for browser journeys: DynamoDB Local with a fresh table, the local
 * server serving /api and web/dist on one origin, optionally the local Stripe server,
 * and Debian's Chromium. Needs `npm run build:web` first (the root `npm test` does it).
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, BrowserContextOptions, ConsoleMessage, Page } from "playwright-core";
import { Config } from "@rutas/core";
import { expect } from "vitest";
import { launchChromium } from "../../scripts/lib/browser";
import { type LocalStack, startStack } from "../../scripts/lib/stack";
import { webDist } from "../../scripts/lib/web-build";

const here = dirname(fileURLToPath(import.meta.url));
export const artifacts = resolve(here, "../../.test-artifacts");

/** What the journey's pages may log without it being a fault. */
export type ErrorWatch = {
  /** Put before each collected line, e.g. who was using the page. */
  who?: string;
  /** Console errors the journey provokes on purpose. Default: the 4xx answers Chromium logs. */
  expected?: (msg: ConsoleMessage, page: Page) => boolean;
  /** Pages and scripts that are ours (default: all); nothing is collected from the others, e.g. Stripe's checkout. */
  ours?: (url: string) => boolean;
};

const anyClientError = (msg: ConsoleMessage) => /status of 4\d\d/.test(msg.text());

/** Collects script errors and console errors (which include CSP violations) of `page` into `errors`. */
export function watchErrors(page: Page, errors: string[], opts: ErrorWatch = {}): void {
  const { expected = anyClientError, ours = () => true } = opts;
  const line = (text: string) => (opts.who ? `${opts.who}: ${text}` : text);
  page.on("pageerror", (err) => {
    if (ours(page.url())) errors.push(line(String(err)));
  });
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    if (!ours(msg.location().url || page.url()) || !ours(page.url())) return;
    if (expected(msg, page)) return;
    errors.push(line(msg.text()));
  });
}

/** How wide the page is laid out: more than the viewport means sideways scrolling. */
export const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

export type Mail = { to: string; subject: string; text: string; link?: string };

export type E2E = {
  stack: LocalStack;
  url: string;
  browser: Browser;
  /**
   * A phone-sized context in a locale; script errors and CSP violations are collected in
   * `errors` (a new array, or `watch.errors` to share one between pages).
   */
  phone: (
    locale: string,
    watch?: ErrorWatch & { errors?: string[]; context?: BrowserContextOptions },
  ) => Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  /** The dev outbox's mails to `email`, newest first. */
  outbox: (email: string) => Promise<Mail[]>;
  newestLink: (email: string) => Promise<string>;
  /** On the Spanish sign-in page: ask for a link, then open it as if from the e-mail. */
  signInHere: (page: Page, email: string) => Promise<void>;
  stop: () => Promise<void>;
};

export async function startE2E(
  opts: {
    /** Start the local Stripe server too; `retryDelaysMs` spaces its webhook retries. */
    stripe?: boolean | { retryDelaysMs?: number[] };
    /** Settings for core on top of the stack's (e.g. `adminEmails`). */
    config?: Partial<Config.Config>;
  } = {},
): Promise<E2E> {
  if (!existsSync(join(webDist, "index.html")))
    throw new Error(`No web build in ${webDist}: run \`npm run build:web\` first.`);
  const { freePort } = await import("../../packages/core/src/db/local");
  const port = await freePort();
  const stack = await startStack({
    tableName: `e2e-${process.pid}-${Date.now().toString(36)}`,
    appUrl: `http://127.0.0.1:${port}`,
    server: { port, host: "127.0.0.1", webDist, quiet: true },
    stripe: opts.stripe ? { port: 0, ...(typeof opts.stripe === "object" ? opts.stripe : {}) } : undefined,
  });
  if (opts.config) Config.configure(opts.config);
  const browser = await launchChromium();
  const url = stack.server!.url;
  const outbox = async (email: string) => {
    const res = await fetch(`${url}/api/dev/outbox?to=${encodeURIComponent(email)}`);
    if (!res.ok) throw new Error(`The outbox answered ${res.status} for ${email}`);
    return (await res.json()) as Mail[];
  };
  const newestLink = async (email: string) => {
    const mails = await outbox(email);
    if (!mails[0]?.link) throw new Error(`No e-mailed link for ${email}`);
    return mails[0].link;
  };
  return {
    stack,
    url,
    browser,
    async phone(locale, { errors = [], context: options, ...watch } = {}) {
      const context = await browser.newContext({ locale, viewport: { width: 360, height: 740 }, ...options });
      const page = await context.newPage();
      watchErrors(page, errors, watch);
      return { context, page, errors };
    },
    outbox,
    newestLink,
    async signInHere(page, email) {
      await page.getByLabel("Correo electrónico").fill(email);
      await page.getByRole("button", { name: "Envíame un enlace" }).click();
      await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Revisa tu correo");
      await page.goto(await newestLink(email));
    },
    async stop() {
      await browser.close();
      await stack.stop();
    },
  };
}
