// Starts the local Stripe-compatible server (development and tests only, never deployed): the real `stripe` SDK talks to it with {host, port, protocol: "http"}.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type Stripe from "stripe";
import { handleApi } from "./api";
import * as Checkout from "./checkout";
import type { Core } from "./core";
import { StripeApiError } from "./errors";
import { API_VERSION, Events } from "./events";
import { decodeSegment, send, sendJson } from "./http";
import { handleCheckoutPage, handleOnboardingPage } from "./hosted";
import { IdempotencyKeys } from "./idempotency";
import { Store } from "./state";
import { type Delivery, WebhookSender } from "./webhooks";

export { API_VERSION } from "./events";
export { TEST_CARDS } from "./checkout";
export { signatureHeader } from "./webhooks";
export type { Delivery } from "./webhooks";

export const DEFAULT_WEBHOOK_SECRET = "whsec_rutas_local";
export const DEFAULT_RETRY_DELAYS_MS = [1000, 5000, 30_000, 120_000];

export type StripeLocalOptions = {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Interface to listen on; 127.0.0.1 by default. */
  host?: string;
  /** Where events are POSTed; none → events are only stored (readable with /v1/events). */
  webhookUrl?: string;
  webhookSecret?: string;
  /** Base of the URLs handed to browsers (Checkout `url`, account links); defaults to this server's own URL. */
  publicUrl?: string;
  /** Waits between webhook attempts after a failure; attempts = delays + 1. */
  retryDelaysMs?: number[];
  /** Per-attempt webhook timeout; 10 s by default. */
  webhookTimeoutMs?: number;
  /** How often open sessions past `expires_at` are expired; 1 s by default. */
  sweepIntervalMs?: number;
  /** One line per API request and webhook attempt (the CLI prints them). */
  log?: (line: string) => void;
};

export type StripeLocal = {
  url: string;
  port: number;
  webhookSecret: string;
  setWebhookUrl(url: string): void;
  /** Delivers an event again, now; resolves with the endpoint's status (0 when unreachable). */
  resend(eventId: string): Promise<number>;
  /** Every event so far, oldest first. */
  events(): Stripe.Event[];
  /** Every webhook attempt so far, in order. */
  deliveries(): Delivery[];
  /**
   * Test hook: stop answering, as a stuck Stripe or a network partition would. Connections are
   * still accepted and requests read; none is handled until `resume()`, which handles them all.
   */
  hang(): void;
  resume(): void;
  close(): Promise<void>;
};

export async function startStripeLocal(opts: StripeLocalOptions = {}): Promise<StripeLocal> {
  const host = opts.host ?? "127.0.0.1";
  const webhookSecret = opts.webhookSecret ?? DEFAULT_WEBHOOK_SECRET;
  const store = new Store();
  const sender = new WebhookSender({
    url: opts.webhookUrl,
    secret: webhookSecret,
    retryDelaysMs: opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: opts.webhookTimeoutMs ?? 10_000,
    log: opts.log,
  });
  const core: Core = { store, events: new Events(store, sender), publicUrl: "" };
  const keys = new IdempotencyKeys();

  let held: (() => void)[] | undefined;
  const server = createServer((req, res) => {
    // A held request whose caller gave up meanwhile is dropped, as a partition would drop it.
    if (held) return void held.push(() => !req.socket.destroyed && server.emit("request", req, res));
    route(core, keys, req, res, opts.log).catch((err) => {
      console.error("stripe-local: unexpected error", err);
      if (!res.headersSent) send(res, 500, "Internal error", { "Content-Type": "text/plain" });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const reachableHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${reachableHost}:${port}`;
  core.publicUrl = (opts.publicUrl ?? url).replace(/\/+$/, "");

  const sweep = setInterval(() => Checkout.sweep(core), opts.sweepIntervalMs ?? 1000);
  sweep.unref();

  return {
    url,
    port,
    webhookSecret,
    setWebhookUrl: (u) => sender.setUrl(u),
    resend: async (eventId) => {
      const event = store.eventsById.get(eventId);
      if (!event) throw new Error(`No such event: '${eventId}'`);
      return sender.resend(event);
    },
    events: () => structuredClone(store.events),
    deliveries: () => sender.log.map((d) => ({ ...d })),
    hang: () => {
      held ??= [];
    },
    resume: () => {
      const waiting = held ?? [];
      held = undefined;
      for (const handle of waiting) handle();
    },
    close: async () => {
      held = undefined;
      clearInterval(sweep);
      await sender.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function route(
  core: Core,
  keys: IdempotencyKeys,
  req: IncomingMessage,
  res: ServerResponse,
  log?: (line: string) => void,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://stripe-local");
  const path = url.pathname;
  if (path.startsWith("/v1/")) return handleApi(core, keys, req, res, url, log);
  const checkout = /^\/checkout\/([^/]+)$/.exec(path);
  if (checkout) return handleCheckoutPage(core, req, res, decodeSegment(checkout[1]));
  const onboarding = /^\/connect\/onboarding\/([^/]+)$/.exec(path);
  if (onboarding) return handleOnboardingPage(core, req, res, decodeSegment(onboarding[1]));
  if (path === "/" || path === "/health") {
    return sendJson(res, 200, JSON.stringify({ object: "stripe_local", api_version: API_VERSION, livemode: false }));
  }
  const notFound = new StripeApiError(404, {
    type: "invalid_request_error",
    message: `Unrecognized request URL (${req.method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
  sendJson(res, 404, JSON.stringify(notFound.toJSON(), null, 2));
}
