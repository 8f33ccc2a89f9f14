// Checkout Sessions' life: open → complete (paid with a test card on the hosted page) or open → expired (by API or at expires_at); each step emits the events Stripe emits.
import type Stripe from "stripe";
import type { Core } from "./core";
import { errors } from "./errors";
import type { RequestInfo } from "./events";
import { newId, nowSeconds } from "./ids";
import * as build from "./objects";
import type { PaymentIntentData } from "./state";

export const TEST_CARDS = { pays: "4242424242424242", declined: "4000000000000002" } as const;

export function createSession(
  core: Core,
  input: build.SessionInput,
  paymentData: PaymentIntentData,
): Stripe.Checkout.Session {
  const session = build.checkoutSession(input, core.publicUrl);
  core.store.sessions.set(session.id, session);
  core.store.sessionLines.set(session.id, input.lineItems);
  core.store.sessionPaymentData.set(session.id, paymentData);
  return session;
}

/** The session, expired first if its `expires_at` has passed (Stripe expires sessions on time, not on access; this keeps reads exact between sweeps). */
export function getSession(core: Core, id: string): Stripe.Checkout.Session | undefined {
  const session = core.store.sessions.get(id);
  if (session && session.status === "open" && session.expires_at <= nowSeconds()) expire(core, session, null);
  return session;
}

export function expireByApi(core: Core, session: Stripe.Checkout.Session, request: RequestInfo): void {
  if (session.status !== "open") {
    throw errors.refused(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of \`${session.status}\`.`,
    );
  }
  expire(core, session, request);
}

function expire(core: Core, session: Stripe.Checkout.Session, request: RequestInfo | null): void {
  session.status = "expired";
  session.url = null;
  core.events.emit("checkout.session.expired", session, request);
}

/** Expires every open session past its `expires_at`; run on a timer. */
export function sweep(core: Core): void {
  const now = nowSeconds();
  for (const session of core.store.sessions.values()) {
    if (session.status === "open" && session.expires_at <= now) expire(core, session, null);
  }
}

export type PayResult =
  { ok: true; redirect: string | null } | { ok: false; reason: "declined" | "invalid" | "not_open" };

/** A customer submits a card number on the hosted page. */
export function pay(
  core: Core,
  session: Stripe.Checkout.Session,
  cardInput: string,
  email: string | undefined,
): PayResult {
  if (session.status !== "open") return { ok: false, reason: "not_open" };
  const card = cardInput.replace(/[\s-]/g, "");
  if (card === TEST_CARDS.declined) return { ok: false, reason: "declined" };
  if (card !== TEST_CARDS.pays) return { ok: false, reason: "invalid" };

  const { store } = core;
  const data = store.sessionPaymentData.get(session.id) ?? { metadata: {} };
  const customerEmail = session.customer_email ?? email ?? null;
  const chargeId = newId.charge();
  const txnId = newId.balanceTransaction();
  const pi = build.paymentIntent(session, data, chargeId, newId.paymentMethod());
  const charge = build.charge(chargeId, pi, txnId, { last4: card.slice(-4), email: customerEmail });
  const txn = build.balanceTransaction(txnId, "charge", pi.amount, pi.currency, chargeId, pi.description);
  store.paymentIntents.set(pi.id, pi);
  store.charges.set(charge.id, charge);
  store.balanceTransactions.set(txn.id, txn);

  session.status = "complete";
  session.payment_status = "paid";
  session.payment_intent = pi.id;
  session.url = null;
  session.customer_details = {
    address: null,
    business_name: null,
    email: customerEmail,
    individual_name: null,
    name: null,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };

  // A customer's action, not an API request: Stripe sends request {id: null, idempotency_key: null}.
  core.events.emit("checkout.session.completed", session, null);
  core.events.emit("payment_intent.succeeded", pi, null);
  core.events.emit("charge.succeeded", charge, null);
  return {
    ok: true,
    redirect: session.success_url ? session.success_url.replace(/\{CHECKOUT_SESSION_ID\}/g, session.id) : null,
  };
}
