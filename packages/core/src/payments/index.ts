/**
 * Online cost recovery with Stripe Checkout.
 *
 * - The amount is the enrolment's price, fixed by the server when the seat was
 *   taken; the client never sends one.
 * - Every Stripe event is processed at most once: its marker item is written in
 *   the same transaction as its effect (enrolment, payment record, ledger posting).
 * - A refund's reversal is posted exactly once, keyed by the refund id, by
 *   whichever comes first: the admin's API call or the `charge.refunded` webhook.
 * - Events may arrive late or out of order: a payment for a hold that already
 *   lapsed takes a seat if one is free, and is refunded automatically if not.
 */
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type Stripe from "stripe";
import { type Actor, requirePerson } from "../actor";
import { config } from "../config";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { transact } from "../db/transact";
import * as Enrolment from "../enrolment";
import { Conflict, Forbidden, Invalid, NotFound, Unauthorized } from "../errors";
import * as Institutions from "../institutions";
import * as Ledger from "../ledger";
import { stripe } from "../stripe";
import { type Locale, LOCALES, pick } from "../text";
import { notifyNoSeat, notifyPaid, notifyRefunded } from "./notices";

export type PaymentRecord = {
  paymentIntentId: string;
  chargeId: string;
  enrolmentId: string;
  personId: string;
  email: string;
  amount: number;
  currency: string;
  fee: number;
  refunded: number;
  /** Claimed by refund requests in flight or done; guards against refunding twice. */
  refundClaimed: number;
  plan: Ledger.Share[];
  locale: Locale;
  institutionId: string;
  /** What the payment bought: a seat, or nothing (refunded because none was left). */
  outcome?: "seat" | "no_seat";
  createdAt: string;
};

const EVENT_MARKER_DAYS = 400;
const marker = (event: Stripe.Event, outcome: string) => ({
  Put: {
    TableName: tableName(),
    Item: {
      ...keys.stripeEvent(event.id),
      type: "StripeEvent",
      eventType: event.type,
      outcome,
      processedAt: new Date().toISOString(),
      expiresAt: Math.floor(Date.now() / 1000) + EVENT_MARKER_DAYS * 86400,
    },
    ConditionExpression: "attribute_not_exists(pk)",
  },
});

// ——— Checkout ———

export async function checkout(actor: Actor, enrolmentId: string, locale: Locale = "en"): Promise<{ sessionId: string; url: string }> {
  const who = requirePerson(actor);
  const e = await Enrolment.get(enrolmentId);
  if (!e || e.personId !== who.id) throw new NotFound("Enrolment");
  if (e.status !== "pending_payment" || !e.price || !e.holdExpiresAt) {
    throw e.status === "active"
      ? new Conflict("This enrolment is already paid.", "already_paid")
      : new Conflict(`An enrolment that is ${e.status} cannot be paid.`, "not_payable");
  }
  if (Date.parse(e.holdExpiresAt) <= Date.now()) throw new Conflict("The seat hold has expired; enrol again.", "hold_expired");
  const existing = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.checkout(e.id), ConsistentRead: true }));
  if (existing.Item && existing.Item.holdExpiresAt === e.holdExpiresAt) {
    const session = await stripe()
      .checkout.sessions.retrieve(existing.Item.sessionId as string)
      .catch((err: { code?: string }) => {
        // A session Stripe no longer knows (e.g. a restarted local server): open a new one.
        if (err.code === "resource_missing") return null;
        throw err;
      });
    if (session?.status === "open" && session.url) return { sessionId: session.id, url: session.url };
  }
  const offering = await Enrolment.getOffering(e.kind, e.offeringId);
  if (!offering) throw new NotFound("Offering");
  const app = config().appUrl;
  // Stripe's minimum is 30 minutes; rounding up to a 10-minute boundary keeps the parameters, and
  // so the idempotency key's meaning, identical for every press within one window.
  const window = 10 * 60;
  const expiresAt = Math.ceil((Math.floor(Date.now() / 1000) + 31 * 60) / window) * window;
  const back = { cohort: `${app}/${locale}/courses/${e.parentId}`, route: `${app}/${locale}/routes/${e.offeringId}`, publication: `${app}/${locale}/publications/${e.offeringId}` }[e.kind];
  const session = await stripe().checkout.sessions.create(
    {
      mode: "payment",
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: e.price.currency.toLowerCase(),
            unit_amount: e.price.amount,
            product_data: { name: e.kind === "publication" ? pick(offering.title, locale) : `${pick(offering.title, locale)} (${offering.startDate} – ${offering.endDate})` },
          },
        },
      ],
      customer_email: e.email,
      client_reference_id: e.id,
      metadata: { enrolmentId: e.id, locale, holdExpiresAt: e.holdExpiresAt },
      payment_intent_data: { metadata: { enrolmentId: e.id, locale }, transfer_group: `${e.kind}:${e.offeringId}` },
      success_url: e.kind === "publication" ? `${back}?paid=1` : `${app}/${locale}/learning?paid=${encodeURIComponent(e.id)}&session={CHECKOUT_SESSION_ID}`,
      cancel_url: back,
      // A completion after the hold lapsed is handled on arrival (see sessionCompleted).
      expires_at: expiresAt,
      locale,
    },
    // The same hold always opens the same session, however often the button is pressed.
    { idempotencyKey: `checkout:${e.id}:${e.holdExpiresAt}:${expiresAt}` },
  );
  await ddb().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.checkout(e.id), type: "CheckoutSession", sessionId: session.id, url: session.url, holdExpiresAt: e.holdExpiresAt, createdAt: new Date().toISOString() },
    }),
  );
  return { sessionId: session.id, url: session.url! };
}

// ——— Webhooks ———

/** Verifies Stripe's signature over the raw body; a bad one is refused before anything is read. */
export function verifyEvent(rawBody: string, signature: string | undefined): Stripe.Event {
  if (!signature) throw new Invalid("Missing Stripe-Signature header.", [{ path: "Stripe-Signature", message: "Required." }]);
  try {
    return stripe().webhooks.constructEvent(rawBody, signature, config().stripe.webhookSecret);
  } catch {
    throw new Invalid("The Stripe signature does not match this body.", [{ path: "Stripe-Signature", message: "Invalid signature." }]);
  }
}

export type EventOutcome = "processed" | "duplicate" | "ignored" | "refunded_no_seat";

export async function processEvent(event: Stripe.Event, depth = 0): Promise<EventOutcome> {
  // Re-deciding happens when the enrolment moved under us; it cannot move forever.
  if (depth > 3) throw new Conflict("The enrolment kept changing while this event was applied; Stripe will retry it.");
  const seen = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.stripeEvent(event.id), ConsistentRead: true }));
  if (seen.Item) return "duplicate";
  switch (event.type) {
    case "checkout.session.completed":
      return sessionCompleted(event, event.data.object, depth);
    case "checkout.session.expired":
      return sessionExpired(event, event.data.object, depth);
    case "charge.refunded":
      return chargeRefunded(event, event.data.object);
    default:
      return (await markOnly(event, "ignored")) ? "ignored" : "duplicate";
  }
}

async function markOnly(event: Stripe.Event, outcome: string): Promise<boolean> {
  return (await transact([marker(event, outcome)])).ok;
}


/** A session opened by someone else on the same Stripe account is not ours: acknowledged, not retried. */
const ignore = async (event: Stripe.Event, why: string): Promise<EventOutcome> => ((await markOnly(event, why)) ? "ignored" : "duplicate");

async function sessionCompleted(event: Stripe.Event, session: Stripe.Checkout.Session, depth: number): Promise<EventOutcome> {
  if (session.payment_status !== "paid") return ignore(event, "unpaid");
  const enrolmentId = session.metadata?.enrolmentId;
  if (!enrolmentId) return ignore(event, "not_ours");
  const e = await Enrolment.get(enrolmentId).catch(() => null);
  if (!e) return ignore(event, "unknown_enrolment");
  const offering = await Enrolment.getOffering(e.kind, e.offeringId);
  if (!offering) throw new NotFound("Offering");
  const piId = typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
  if (!piId) throw new Invalid("Completed session without a payment intent.", [{ path: "data.object.payment_intent", message: "Required." }]);
  const pi = await stripe().paymentIntents.retrieve(piId, { expand: ["latest_charge.balance_transaction"] });
  const charge = pi.latest_charge as Stripe.Charge | null;
  const fee = typeof charge?.balance_transaction === "object" && charge.balance_transaction ? charge.balance_transaction.fee : 0;
  const amount = session.amount_total ?? pi.amount;
  const currency = (session.currency ?? pi.currency).toUpperCase();
  const locale = (LOCALES as readonly string[]).includes(session.metadata?.locale ?? "") ? (session.metadata!.locale as Locale) : "en";
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
    createdAt: new Date().toISOString(),
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
  /** The payment and its posting, once; `outcome` says what the payment bought. */
  const recordAndPost = (outcome: PaymentRecord["outcome"]) => [
    {
      Put: {
        TableName: tableName(),
        Item: { ...keys.payment(pi.id), ...keys.paymentOfPerson(e.personId, record.createdAt), type: "Payment", ...record, outcome },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    ...Ledger.postingWrites(posting),
  ];
  const activate = (from: Enrolment.EnrolmentStatus) => ({
    Update: {
      TableName: tableName(),
      Key: Enrolment.enrolmentKey(e),
      UpdateExpression: "SET #status = :active, paymentIntentId = :pi, updatedAt = :now REMOVE gsi2pk, gsi2sk, holdExpiresAt",
      ConditionExpression: "#status = :from",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":active": "active", ":pi": pi.id, ":now": new Date().toISOString(), ":from": from },
    },
  });

  if (e.status === "pending_payment") {
    const out = await transact([marker(event, "activated"), ...recordAndPost("seat"), activate("pending_payment")]);
    if (out.ok) {
      await notifyPaid(record);
      return "processed";
    }
    if (out.failed[0]) return "duplicate";
    if (out.failed[out.failed.length - 1]) return processEvent(event, depth + 1); // the hold just lapsed, or similar: decide again
    return ignore(event, "already_recorded");
  }
  if (e.status === "expired" || e.status === "withdrawn") {
    // The hold lapsed before the payment arrived: take a seat if one is free.
    const out = await transact([
      marker(event, "activated_late"),
      ...recordAndPost("seat"),
      activate(e.status),
      Enrolment.takeSeat(e.kind, e.offeringId),
    ]);
    if (out.ok) {
      await notifyPaid(record);
      return "processed";
    }
    if (out.failed[0]) return "duplicate";
    if (out.failed[out.failed.length - 2]) return processEvent(event, depth + 1); // the enrolment moved: decide again
  }
  // No seat for this payment (cohort full, or paid twice): record it, give the money back, and only
  // then mark the event done — so a failure at Stripe is retried by Stripe's redelivery.
  await transact(recordAndPost("no_seat")); // a redelivery finds it recorded already: fine
  const recorded = (await getPayment(pi.id))!;
  // A concurrent delivery of this event gave the payment its seat: nothing is owed back.
  if (recorded.outcome === "seat") return "duplicate";
  if (await refundNoSeat(recorded)) await notifyNoSeat(recorded);
  return (await markOnly(event, "refunded_no_seat")) ? "refunded_no_seat" : "duplicate";
}

/** Refunds a payment that found no seat, whole and idempotently (one Stripe key per payment). */
async function refundNoSeat(record: PaymentRecord): Promise<boolean> {
  await ddb()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.payment(record.paymentIntentId),
        UpdateExpression: "SET refundClaimed = :all",
        ConditionExpression: "refundClaimed = :zero",
        ExpressionAttributeValues: { ":all": record.amount, ":zero": 0 },
      }),
    )
    .catch((err) => {
      if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
    });
  const refund = await stripe().refunds.create(
    { payment_intent: record.paymentIntentId, amount: record.amount, metadata: { enrolmentId: record.enrolmentId, reason: "no_seat" } },
    { idempotencyKey: `refund:noseat:${record.paymentIntentId}` },
  );
  return applyRefund(refund.id, refund.amount, record.paymentIntentId);
}

async function sessionExpired(event: Stripe.Event, session: Stripe.Checkout.Session, depth: number): Promise<EventOutcome> {
  const enrolmentId = session.metadata?.enrolmentId;
  if (!enrolmentId) return ignore(event, "not_ours");
  const e = await Enrolment.get(enrolmentId).catch(() => null);
  if (!e) return ignore(event, "unknown_enrolment");
  // Only the hold this session was opened for: a later hold (after re-enrolling) has its own session.
  const hold = session.metadata?.holdExpiresAt;
  if (e.status !== "pending_payment" || (hold && e.holdExpiresAt !== hold)) return (await markOnly(event, "nothing_held")) ? "processed" : "duplicate";
  const handOver = await Enrolment.handOverSeat(e.kind, e.offeringId, depth);
  const out = await transact([
    marker(event, "released"),
    {
      Update: {
        TableName: tableName(),
        Key: Enrolment.enrolmentKey(e),
        UpdateExpression: "SET #status = :expired, updatedAt = :now REMOVE gsi2pk, gsi2sk",
        ConditionExpression: "#status = :pending AND holdExpiresAt = :hold",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":expired": "expired", ":pending": "pending_payment", ":hold": e.holdExpiresAt, ":now": new Date().toISOString() },
      },
    },
    ...handOver.items,
  ]);
  // Marker taken: a duplicate. Otherwise the enrolment or the queue moved: decide again.
  if (!out.ok) return out.failed[0] ? "duplicate" : processEvent(event, depth + 1);
  await handOver.notify();
  return "processed";
}

async function chargeRefunded(event: Stripe.Event, charge: Stripe.Charge): Promise<EventOutcome> {
  const piId = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!piId) return (await markOnly(event, "no_payment_intent")) ? "ignored" : "duplicate";
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

// ——— Refunds ———

export async function getPayment(paymentIntentId: string): Promise<PaymentRecord | null> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.payment(paymentIntentId), ConsistentRead: true }));
  return (out.Item as PaymentRecord | undefined) ?? null;
}

/**
 * Posts a refund's reversal once: the reversal, the payment's refunded total, and —
 * when fully refunded — the enrolment's status and its seat, in one transaction
 * guarded by the refund's marker.
 */
export async function applyRefund(refundId: string, amount: number, paymentIntentId: string, event?: Stripe.Event): Promise<boolean> {
  const alreadyApplied = async () =>
    Boolean((await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.refundApplied(refundId), ConsistentRead: true }))).Item);
  for (let round = 0; round < 5; round++) {
    if (await alreadyApplied()) return false;
    const record = await getPayment(paymentIntentId);
    if (!record) throw new NotFound("Payment");
    const e = await Enrolment.get(record.enrolmentId);
    if (!e) throw new NotFound("Enrolment");
    if (record.refunded + amount > record.amount) {
      // Most often a concurrent delivery of this very refund landed between our two reads.
      if (await alreadyApplied()) return false;
      throw new Conflict("A refund larger than what is left of the payment cannot be recorded.");
    }
    const full = record.refunded + amount >= record.amount;
    const posting = Ledger.newPosting({
      kind: "refund",
      currency: record.currency,
      lines: Ledger.refundLines(record.refunded, amount, record.plan),
      memo: `Refund ${refundId} of payment ${paymentIntentId}`,
      offering: { kind: e.kind, id: e.offeringId },
      institutionId: record.institutionId,
      enrolmentId: e.id,
      paymentIntentId,
      refundId,
    });
    // Only the enrolment this payment paid for changes: a refund of an older payment (a late one, or
    // one made before re-enrolling) leaves the current enrolment alone.
    const paidFor = e.paymentIntentId === paymentIntentId;
    const heldSeat = full && paidFor && e.status === "active";
    const handOver = heldSeat ? await Enrolment.handOverSeat(e.kind, e.offeringId, round) : undefined;
    const out = await transact([
      { Put: { TableName: tableName(), Item: { ...keys.refundApplied(refundId), type: "RefundApplied", amount, paymentIntentId, at: posting.createdAt }, ConditionExpression: "attribute_not_exists(pk)" } },
      ...(event ? [marker(event, "refund_reversed")] : []),
      {
        Update: {
          TableName: tableName(),
          Key: keys.payment(paymentIntentId),
          UpdateExpression: "SET refunded = refunded + :r, refundClaimed = if_not_exists(refundClaimed, :zero)",
          ConditionExpression: "refunded = :before",
          ExpressionAttributeValues: { ":r": amount, ":before": record.refunded, ":zero": 0 },
        },
      },
      ...Ledger.postingWrites(posting),
      ...(full && paidFor
        ? [
            {
              Update: {
                TableName: tableName(),
                Key: Enrolment.enrolmentKey(e),
                UpdateExpression: "SET #status = :refunded, updatedAt = :now REMOVE gsi2pk, gsi2sk",
                ConditionExpression: "#status = :was AND paymentIntentId = :pi",
                ExpressionAttributeNames: { "#status": "status" },
                ExpressionAttributeValues: { ":refunded": "refunded", ":was": e.status, ":pi": paymentIntentId, ":now": posting.createdAt },
              },
            },
          ]
        : []),
      ...(heldSeat
        ? handOver!.items
        : []),
    ]);
    if (out.ok) {
      await handOver?.notify();
      await notifyRefunded(record, amount);
      return true;
    }
    if (out.failed[0]) return false; // already applied
    if (event && out.failed[1]) return false; // this event was processed meanwhile
    // The payment or enrolment moved (another refund landed): read again.
  }
  throw new Conflict("The payment kept changing while its refund was recorded; it will be retried.");
}

/** Claims `amount` of a payment for refunding, refunds it at Stripe, and posts the reversal. */
async function refundPayment(record: PaymentRecord, amount: number, reason: string) {
  let claimedBefore: number;
  try {
    const out = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.payment(record.paymentIntentId),
        UpdateExpression: "SET refundClaimed = refundClaimed + :r",
        // Conditions cannot add: compare with the most that may already be claimed (the amount never changes).
        ConditionExpression: "refundClaimed <= :most",
        ExpressionAttributeValues: { ":r": amount, ":most": record.amount - amount },
        ReturnValues: "UPDATED_OLD",
      }),
    );
    claimedBefore = out.Attributes?.refundClaimed as number;
  } catch (err) {
    if ((err as Error).name === "ConditionalCheckFailedException") throw new Conflict("This payment has already been refunded.", "already_refunded");
    throw err;
  }
  let refund: Stripe.Refund;
  try {
    refund = await stripe().refunds.create(
      { payment_intent: record.paymentIntentId, amount, metadata: { enrolmentId: record.enrolmentId, reason } },
      { idempotencyKey: `refund:${record.paymentIntentId}:${claimedBefore}:${amount}` },
    );
  } catch (err) {
    // Stripe did not refund: give the claim back so the refund can be asked again.
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.payment(record.paymentIntentId),
        UpdateExpression: "SET refundClaimed = refundClaimed - :r",
        ExpressionAttributeValues: { ":r": amount },
      }),
    );
    throw err;
  }
  await applyRefund(refund.id, refund.amount, record.paymentIntentId);
  return refund;
}

/** An institution admin (of the offering) or a platform admin refunds a paid enrolment, fully or in part. */
export async function refund(actor: Actor, enrolmentId: string, amount?: number): Promise<{ status: "refunded" | "partially_refunded"; refunded: number }> {
  if (actor.kind === "anonymous") throw new Unauthorized();
  const e = await Enrolment.get(enrolmentId).catch(() => null);
  if (!e) throw new NotFound("Enrolment");
  const offering = await Enrolment.getOffering(e.kind, e.offeringId);
  if (!offering || !(await Institutions.isAdmin(actor, offering.institutionId))) {
    if (actor.kind === "person" && e.personId === actor.id) throw new Forbidden("Ask the institution for a refund.");
    throw new NotFound("Enrolment");
  }
  if (!e.paymentIntentId) throw new Conflict("This enrolment has no payment to refund.");
  const record = await getPayment(e.paymentIntentId);
  if (!record) throw new Conflict("This enrolment has no payment to refund.");
  // Refunds made at Stripe directly arrive by webhook and raise `refunded` without a claim.
  const remaining = record.amount - Math.max(record.refunded, record.refundClaimed);
  if (remaining <= 0) throw new Conflict("This payment has already been refunded.", "already_refunded");
  const value = amount ?? remaining;
  if (!Number.isInteger(value) || value <= 0) throw Invalid.field("amount", "Amount must be a positive whole number of minor units.");
  if (value > remaining) throw Invalid.field("amount", `At most ${remaining} can still be refunded.`);
  await refundPayment(record, value, "requested_by_institution");
  const after = (await getPayment(record.paymentIntentId))!;
  return { status: after.refunded >= after.amount ? "refunded" : "partially_refunded", refunded: after.refunded };
}

/** The payer, or the offering's admins, read a payment. */
export async function paymentOfEnrolment(actor: Actor, enrolmentId: string): Promise<PaymentRecord> {
  const who = requirePerson(actor);
  const e = await Enrolment.get(enrolmentId).catch(() => null);
  if (!e) throw new NotFound("Enrolment");
  if (e.personId !== who.id) {
    const offering = await Enrolment.getOffering(e.kind, e.offeringId);
    if (!offering || !(await Institutions.isAdmin(actor, offering.institutionId))) throw new NotFound("Enrolment");
  }
  if (!e.paymentIntentId) throw new NotFound("Payment");
  const record = await getPayment(e.paymentIntentId);
  if (!record) throw new NotFound("Payment");
  return record;
}
