/**
 * Stripe's events, each processed at most once: its marker item is written in the same
 * transaction as its effect (enrolment, payment record, ledger posting). Events may arrive late
 * or out of order: a payment for a hold that already lapsed takes a seat if one is free, and is
 * refunded automatically if not.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type Stripe from "stripe";
import { config } from "../config";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { transact } from "../db/transact";
import * as Enrolment from "../enrolment";
import { Conflict, Invalid, NotFound } from "../errors";
import * as Ledger from "../ledger";
import * as Offerings from "../offerings";
import { stripe } from "../stripe";
import { type Locale, LOCALES } from "../text";
import { notifyNoSeat, notifyPaid } from "./notices";
import { type PaymentRecord, eventMarker, getPayment, recordWrite } from "./record";
import { applyRefund, refundNoSeat } from "./refunds";
import { accountUpdated } from "../payouts/connect";

const { Transitions } = Enrolment;

/** Verifies Stripe's signature over the raw body; a bad one is refused before anything is read. */
export function verifyEvent(rawBody: string, signature: string | undefined): Stripe.Event {
  if (!signature)
    throw new Invalid("Missing Stripe-Signature header.", [{ path: "Stripe-Signature", message: "Required." }]);
  try {
    return stripe().webhooks.constructEvent(rawBody, signature, config().stripe.webhookSecret);
  } catch {
    throw new Invalid("The Stripe signature does not match this body.", [
      { path: "Stripe-Signature", message: "Invalid signature." },
    ]);
  }
}

export type EventOutcome = "processed" | "duplicate" | "ignored" | "refunded_no_seat";

export async function processEvent(event: Stripe.Event, depth = 0): Promise<EventOutcome> {
  // Re-deciding happens when the enrolment moved under us; it cannot move forever.
  if (depth > 3) throw new Conflict("The enrolment kept changing while this event was applied; Stripe will retry it.");
  const seen = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.stripeEvent(event.id), ConsistentRead: true }),
  );
  if (seen.Item) return "duplicate";
  switch (event.type) {
    case "checkout.session.completed":
      return sessionCompleted(event, event.data.object, depth);
    case "checkout.session.expired":
      return sessionExpired(event, event.data.object, depth);
    case "charge.refunded":
      return chargeRefunded(event, event.data.object);
    case "account.updated":
      return accountUpdated(event, event.data.object);
    default:
      return ignore(event, "ignored");
  }
}

async function markOnly(event: Stripe.Event, outcome: string): Promise<boolean> {
  return (await transact([eventMarker(event, outcome)])).ok;
}

/** Acknowledged and not retried (e.g. a session opened by someone else on the same Stripe account). */
const ignore = async (event: Stripe.Event, why: string): Promise<EventOutcome> =>
  (await markOnly(event, why)) ? "ignored" : "duplicate";

/** The enrolment a session was opened for, if it is ours and still exists. */
async function enrolmentOf(session: Stripe.Checkout.Session) {
  const id = session.metadata?.enrolmentId;
  return id ? Enrolment.get(id).catch(() => null) : null;
}

async function sessionCompleted(
  event: Stripe.Event,
  session: Stripe.Checkout.Session,
  depth: number,
): Promise<EventOutcome> {
  if (session.payment_status !== "paid") return ignore(event, "unpaid");
  if (!session.metadata?.enrolmentId) return ignore(event, "not_ours");
  const e = await enrolmentOf(session);
  if (!e) return ignore(event, "unknown_enrolment");
  const offering = await Offerings.get(e.kind, e.offeringId);
  if (!offering) throw new NotFound("Offering");
  const piId = typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
  if (!piId)
    throw new Invalid("Completed session without a payment intent.", [
      { path: "data.object.payment_intent", message: "Required." },
    ]);
  const pi = await stripe().paymentIntents.retrieve(piId, { expand: ["latest_charge.balance_transaction"] });
  const charge = pi.latest_charge as Stripe.Charge | null;
  const fee =
    typeof charge?.balance_transaction === "object" && charge.balance_transaction ? charge.balance_transaction.fee : 0;
  const amount = session.amount_total ?? pi.amount;
  const currency = (session.currency ?? pi.currency).toUpperCase();
  const locale = (LOCALES as readonly string[]).includes(session.metadata?.locale ?? "")
    ? (session.metadata!.locale as Locale)
    : "en";
  const now = new Date().toISOString();
  const record: PaymentRecord = {
    paymentIntentId: pi.id,
    chargeId: charge?.id ?? "",
    enrolmentId: e.id,
    personId: e.personId,
    email: e.email,
    amount,
    currency,
    fee,
    refunded: 0,
    refundClaimed: 0,
    plan: offering.feeShares,
    locale,
    institutionId: offering.institutionId,
    createdAt: now,
  };
  const posting = Ledger.newPosting({
    kind: "payment",
    currency,
    lines: Ledger.paymentLines(amount, fee, offering.feeShares),
    memo: `Payment ${pi.id} for ${e.kind} ${e.offeringId}`,
    offering: { kind: e.kind, id: e.offeringId },
    institutionId: offering.institutionId,
    enrolmentId: e.id,
    paymentIntentId: pi.id,
  });
  // Only the first payment marks the offering: later ones leave its (hot) item alone. Once marked, the
  // plan cannot change (a route freezes it), so there is nothing left to check.
  const paid = offering.firstPaidAt ? undefined : { at: now, plan: offering.feeShares };
  /** The payment and its posting, once; `outcome` says what the payment bought. */
  const recordAndPost = (outcome: PaymentRecord["outcome"]) => [
    recordWrite({ ...record, outcome }),
    ...Ledger.postingWrites(posting),
  ];

  if (e.status === "pending_payment") {
    const items = [
      eventMarker(event, "activated"),
      ...recordAndPost("seat"),
      Transitions.activatePaid(e, "pending_payment", pi.id, now),
    ];
    // The held seat was counted when it was taken, so the offering item is touched only here.
    const out = await transact([...items, ...(paid ? Enrolment.markFirstPaid(e.kind, e.offeringId, paid) : [])]);
    if (out.ok) {
      await notifyPaid(record);
      return "processed";
    }
    if (out.failed[0]) return "duplicate";
    // The hold just lapsed, or the fee plan changed since it was read: decide again.
    if (out.failed[items.length - 1] || out.failed[items.length]) return processEvent(event, depth + 1);
    return ignore(event, "already_recorded");
  }
  if (e.status === "expired" || e.status === "withdrawn") {
    // The hold lapsed before the payment arrived: take a seat if one is free.
    const items = [
      eventMarker(event, "activated_late"),
      ...recordAndPost("seat"),
      Transitions.activatePaid(e, e.status, pi.id, now),
    ];
    const out = await transact([...items, ...Enrolment.takeSeat(e.kind, e.offeringId, { paid })]);
    if (out.ok) {
      await notifyPaid(record);
      return "processed";
    }
    if (out.failed[0]) return "duplicate";
    if (out.failed[items.length - 1]) return processEvent(event, depth + 1); // the enrolment moved: decide again
    if (out.failed[items.length]) {
      // Refused by the offering item: full — or its fee plan changed since it was read, then decide again.
      const current = await Offerings.get(e.kind, e.offeringId);
      if (current && Enrolment.hasFreeSeat(current)) return processEvent(event, depth + 1);
    }
  }
  // No seat for this payment (offering full, or paid twice): record it, give the money back, and
  // only then mark the event done — so a failure at Stripe is retried by Stripe's redelivery.
  await transact(recordAndPost("no_seat")); // a redelivery finds it recorded already: fine
  const recorded = (await getPayment(pi.id))!;
  // A concurrent delivery of this event gave the payment its seat: nothing is owed back.
  if (recorded.outcome === "seat") return "duplicate";
  if (await refundNoSeat(recorded)) await notifyNoSeat(recorded, Offerings.describe(e.kind).links(e).page);
  return (await markOnly(event, "refunded_no_seat")) ? "refunded_no_seat" : "duplicate";
}

async function sessionExpired(
  event: Stripe.Event,
  session: Stripe.Checkout.Session,
  depth: number,
): Promise<EventOutcome> {
  if (!session.metadata?.enrolmentId) return ignore(event, "not_ours");
  const e = await enrolmentOf(session);
  if (!e) return ignore(event, "unknown_enrolment");
  // Only the hold this session was opened for: a later hold (after re-enrolling) has its own session.
  const hold = session.metadata?.holdExpiresAt ?? e.holdExpiresAt;
  if (e.status !== "pending_payment" || !hold || e.holdExpiresAt !== hold)
    return (await markOnly(event, "nothing_held")) ? "processed" : "duplicate";
  const handOver = await Enrolment.handOverSeat(e.kind, e.offeringId, depth);
  const out = await transact([
    eventMarker(event, "released"),
    Transitions.expireHold(e, hold, new Date().toISOString()),
    ...handOver.items,
  ]);
  // Marker taken: a duplicate. Otherwise the enrolment or the queue moved: decide again.
  if (!out.ok) return out.failed[0] ? "duplicate" : processEvent(event, depth + 1);
  await handOver.notify();
  return "processed";
}

async function chargeRefunded(event: Stripe.Event, charge: Stripe.Charge): Promise<EventOutcome> {
  const piId = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!piId) return ignore(event, "no_payment_intent");
  const record = await getPayment(piId);
  if (!record) return ignore(event, "unknown_payment");
  const refunds = charge.refunds?.data ?? (await stripe().refunds.list({ charge: charge.id, limit: 100 })).data;
  let applied = false;
  for (const refund of refunds.filter((r) => r.status === "succeeded")) {
    // The event's marker rides with the first reversal this event posts.
    applied = (await applyRefund(refund.id, refund.amount, piId, applied ? undefined : event)) || applied;
  }
  if (!applied && !(await markOnly(event, "already_applied"))) return "duplicate";
  return "processed";
}
