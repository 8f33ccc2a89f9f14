/**
 * Payment test rig: the real API on a real HTTP port (so Stripe webhooks can reach
 * it), the local Stripe-compatible server, and the real Stripe SDK to sign events.
 */
import { Config } from "@rutas/core";
import { startStripeLocal } from "@rutas/stripe-local";
import Stripe from "stripe";
import { type RunningServer, startServer } from "../server";

export async function startPaymentRig() {
  const server: RunningServer = await startServer({ port: 0, webDist: false, log: () => {} });
  const hook = `${server.url}/api/stripe/webhook`;
  const stripeLocal = await startStripeLocal({ port: 0, webhookUrl: hook, retryDelaysMs: [50, 100, 200] });
  Config.configure({
    appUrl: server.url,
    stripe: { secretKey: "sk_test_rutas_tests", webhookSecret: stripeLocal.webhookSecret, apiUrl: stripeLocal.url },
  });
  const sdk = new Stripe("sk_test_rutas_tests", { host: "127.0.0.1", port: stripeLocal.port, protocol: "http" });

  /** Signs a payload exactly as Stripe does, with the configured secret. */
  const sign = (payload: string) =>
    sdk.webhooks.generateTestHeaderString({ payload, secret: stripeLocal.webhookSecret });

  /** Sends the same event to the API, `times` times at once, each with a fresh valid signature. */
  async function deliver(event: Stripe.Event, times: number) {
    const payload = JSON.stringify(event);
    return Promise.all(
      Array.from({ length: times }, async () => {
        const res = await fetch(hook, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Stripe-Signature": sign(payload) },
          body: payload,
        });
        return { status: res.status, body: (await res.json()) as { outcome?: string } };
      }),
    );
  }

  /** Pays (or fails to pay) on the hosted checkout page, as a browser form would. */
  async function payOnPage(url: string, card: string) {
    const res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ card }),
      redirect: "manual",
    });
    return { status: res.status, location: res.headers.get("location"), text: await res.text() };
  }

  /** Stops webhooks from reaching the API, so a test can deliver captured events itself. */
  const detach = () => stripeLocal.setWebhookUrl("http://127.0.0.1:9/unreachable");
  const attach = () => stripeLocal.setWebhookUrl(hook);

  return {
    server,
    stripeLocal,
    sdk,
    sign,
    deliver,
    payOnPage,
    detach,
    attach,
    stop: async () => {
      await stripeLocal.close();
      await server.close();
    },
  };
}

export async function eventually<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  ms = 10_000,
): Promise<T> {
  const until = Date.now() + ms;
  let last: T = await fn();
  while (!ok(last)) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await fn();
  }
  return last;
}
