// Test rig shared by this package's tests: a running server, the real SDK pointed at it, a webhook receiver that records raw bodies, and helpers to pay on the hosted page.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { type StripeLocal, type StripeLocalOptions, startStripeLocal } from "./index";

export const API_VERSION = "2026-10-28.endive" as const;
export const SECRET_KEY = "sk_test_rutas_stripe_local";

export type Received = { headers: IncomingHttpHeaders; body: string };

export async function startReceiver() {
  const received: Received[] = [];
  let respond: (r: Received, n: number) => number = () => 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(r);
      res.writeHead(respond(r, received.length)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    /** Decides the status of each delivery (n counts from 1). */
    respondWith(fn: (r: Received, n: number) => number) {
      respond = fn;
    },
    events: () => received.map((r) => JSON.parse(r.body) as Stripe.Event),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

export async function startRig(opts: StripeLocalOptions = {}) {
  const local: StripeLocal = await startStripeLocal({ retryDelaysMs: [50, 100], ...opts });
  const stripe = new Stripe(SECRET_KEY, {
    apiVersion: API_VERSION,
    host: "127.0.0.1",
    port: local.port,
    protocol: "http",
  });
  return { local, stripe };
}

export const sessionParams = (
  over: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams => ({
  mode: "payment",
  line_items: [
    {
      quantity: 1,
      price_data: {
        currency: "cad",
        unit_amount: 12_000,
        product_data: { name: "Gestión comunitaria de recursos naturales" },
      },
    },
  ],
  customer_email: "ana.quispe@example.org",
  client_reference_id: "enrol_01",
  metadata: { enrolmentId: "enrol_01", locale: "en" },
  payment_intent_data: { metadata: { enrolmentId: "enrol_01" }, transfer_group: "route:R1" },
  success_url: "http://localhost:5173/en/learning?paid=enrol_01&session={CHECKOUT_SESSION_ID}",
  cancel_url: "http://localhost:5173/en/courses/C1",
  expires_at: Math.floor(Date.now() / 1000) + 31 * 60,
  locale: "en",
  ...over,
});

/** Submits the hosted page's form as a browser would. */
export async function submitCard(url: string, card: string, extra: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ card, ...extra }),
    redirect: "manual",
  });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}

/** A session paid with 4242 4242 4242 4242. */
export async function paidSession(stripe: Stripe, over: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  const created = await stripe.checkout.sessions.create(sessionParams(over));
  const paid = await submitCard(created.url!, "4242 4242 4242 4242");
  if (paid.status !== 303) throw new Error(`payment failed: ${paid.status}`);
  const session = await stripe.checkout.sessions.retrieve(created.id);
  return { session, paymentIntentId: session.payment_intent as string };
}

export async function until<T>(fn: () => T, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to fail");
}
