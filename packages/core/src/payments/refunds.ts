/**
 * Refunds. A refund's reversal is posted exactly once, keyed by the refund id, by whichever comes
 * first: the admin's API call or the `charge.refunded` webhook. Refunds reverse cumulative shares,
 * so a payment refunded in parts leaves every party at exactly zero.
 */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import type { Actor } from "../actor";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { transact } from "../db/transact";
import * as Audit from "../audit";
import * as Enrolment from "../enrolment";
import { Conflict, Forbidden, Invalid, NotFound, Unauthorized, isDatabaseUnreachable } from "../errors";
import * as Institutions from "../institutions";
import * as Ledger from "../ledger";
import * as Offerings from "../offerings";
import { stripe } from "../stripe";
import { notifyRefunded } from "./notices";
import { type PaymentRecord, eventMarker, getPayment } from "./record";

const isConditionFailure = (err: unknown) => (err as Error).name === "ConditionalCheckFailedException";

/**
 * Posts a refund's reversal once: the reversal, the payment's refunded total, and — when fully
 * refunded — the enrolment's status and its seat, in one transaction guarded by the refund's marker.
 */
export async function applyRefund(
  refundId: string,
  amount: number,
  paymentIntentId: string,
  event?: Stripe.Event,
): Promise<boolean> {
  const alreadyApplied = async () =>
    Boolean(
      (
        await ddb().send(
          new GetCommand({ TableName: tableName(), Key: keys.refundApplied(refundId), ConsistentRead: true }),
        )
      ).Item,
    );
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
    const ends = full && e.paymentIntentId === paymentIntentId;
    const handOver =
      ends && e.status === "active" ? await Enrolment.handOverSeat(e.kind, e.offeringId, round) : undefined;
    const out = await transact([
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.refundApplied(refundId),
            type: "RefundApplied",
            amount,
            paymentIntentId,
            at: posting.createdAt,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      ...(event ? [eventMarker(event, "refund_reversed")] : []),
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
      ...(ends ? [Enrolment.Transitions.markRefunded(e, paymentIntentId, posting.createdAt)] : []),
      ...(handOver?.items ?? []),
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

/** Refunds a payment that found no seat, whole and idempotently (one Stripe key per payment). */
export async function refundNoSeat(record: PaymentRecord): Promise<boolean> {
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
      if (!isConditionFailure(err)) throw err;
    });
  const refund = await stripe().refunds.create(
    {
      payment_intent: record.paymentIntentId,
      amount: record.amount,
      metadata: { enrolmentId: record.enrolmentId, reason: "no_seat" },
    },
    { idempotencyKey: `refund:noseat:${record.paymentIntentId}` },
  );
  return applyRefund(refund.id, refund.amount, record.paymentIntentId);
}

/**
 * Claims `amount` of a payment for refunding, refunds it at Stripe, and posts the reversal.
 * The claim is the admin's decision, so its audit entry is written in the claim's transaction:
 * exactly one entry per claim, however many requests race (the losers claim nothing and record
 * nothing). The reversal itself may be posted by this call or by the refund's webhook, whichever
 * comes first, and is in the ledger. If Stripe refuses, the claim is given back in a transaction
 * that records that too, so the trail never shows a refund that did not happen without its failure.
 */
async function refundPayment(actor: Actor, record: PaymentRecord, amount: number, reason: string) {
  const audit = (action: "enrolment.refund_requested" | "enrolment.refund_failed", claimedBefore: number) =>
    Audit.write(actor, {
      action,
      target: { kind: "enrolment", id: record.enrolmentId },
      institutionId: record.institutionId,
      details: { paymentIntentId: record.paymentIntentId, amount, currency: record.currency, claimedBefore },
    });
  const claimWrite = (delta: number, before?: number) => ({
    Update: {
      TableName: tableName(),
      Key: keys.payment(record.paymentIntentId),
      UpdateExpression: "SET refundClaimed = refundClaimed + :r",
      // Conditions cannot add: the claim holds only on the total it was computed from.
      ...(before === undefined ? {} : { ConditionExpression: "refundClaimed = :before" }),
      ExpressionAttributeValues: { ":r": delta, ...(before === undefined ? {} : { ":before": before }) },
    },
  });
  let claimedBefore = record.refundClaimed;
  for (let attempt = 0; ; attempt++) {
    if (claimedBefore + amount > record.amount)
      throw new Conflict("This payment has already been refunded.", "already_refunded");
    const claim = [claimWrite(amount, claimedBefore), audit("enrolment.refund_requested", claimedBefore)];
    // One token per claim: if the answer is lost (a deadline), the same claim sent again with it
    // reports whether it landed instead of applying twice or leaving a claim nobody refunds.
    const token = randomUUID();
    const out = await transact(claim, { token }).catch((err) => {
      if (isConditionFailure(err) || !isDatabaseUnreachable(err)) throw err;
      return transact(claim, { token });
    });
    if (out.ok) break;
    // Another claim landed first: read the claimed total again and decide afresh.
    if (attempt >= 50) throw new Conflict("The payment kept changing while its refund was claimed; try again.");
    const fresh = await getPayment(record.paymentIntentId);
    if (!fresh) throw new NotFound("Payment");
    claimedBefore = fresh.refundClaimed;
  }
  let refund: Stripe.Refund;
  try {
    refund = await stripe().refunds.create(
      { payment_intent: record.paymentIntentId, amount, metadata: { enrolmentId: record.enrolmentId, reason } },
      // Money moves here: Stripe's own retries (same idempotency key) before calling it unknown.
      { idempotencyKey: `refund:${record.paymentIntentId}:${claimedBefore}:${amount}`, maxNetworkRetries: 2 },
    );
  } catch (err) {
    // Give the claim back so the refund can be asked again. A refusal is certain; after a timeout
    // or a Stripe outage the outcome is not, and the trail says so. Asking again for the same
    // amount reuses this idempotency key, so Stripe cannot refund twice; the webhook settles it.
    const type = (err as { type?: string }).type;
    const refused = type === "StripeInvalidRequestError" || type === "StripeCardError";
    await transact([
      claimWrite(-amount),
      Audit.write(actor, {
        action: "enrolment.refund_failed",
        target: { kind: "enrolment", id: record.enrolmentId },
        institutionId: record.institutionId,
        details: {
          paymentIntentId: record.paymentIntentId,
          amount,
          currency: record.currency,
          claimedBefore,
          outcome: refused ? "refused" : "unknown",
        },
      }),
    ]);
    throw err;
  }
  await applyRefund(refund.id, refund.amount, record.paymentIntentId);
  return refund;
}

/** An institution admin (of the offering) or a platform admin refunds a paid enrolment, fully or in part. */
export async function refund(
  actor: Actor,
  enrolmentId: string,
  amount?: number,
): Promise<{ status: "refunded" | "partially_refunded"; refunded: number }> {
  if (actor.kind === "anonymous") throw new Unauthorized();
  const e = await Enrolment.get(enrolmentId).catch(() => null);
  if (!e) throw new NotFound("Enrolment");
  const offering = await Offerings.get(e.kind, e.offeringId);
  if (!offering || !(await Institutions.isAdmin(actor, offering.institutionId))) {
    if (actor.kind === "person" && e.personId === actor.id) throw new Forbidden("Ask the institution for a refund.");
    throw new NotFound("Enrolment");
  }
  const record = e.paymentIntentId ? await getPayment(e.paymentIntentId) : null;
  if (!record) throw new Conflict("This enrolment has no payment to refund.");
  // Refunds made at Stripe directly arrive by webhook and raise `refunded` without a claim.
  const remaining = record.amount - Math.max(record.refunded, record.refundClaimed);
  if (remaining <= 0) throw new Conflict("This payment has already been refunded.", "already_refunded");
  const value = amount ?? remaining;
  if (!Number.isInteger(value) || value <= 0)
    throw Invalid.field("amount", "Amount must be a positive whole number of minor units.");
  if (value > remaining) throw Invalid.field("amount", `At most ${remaining} can still be refunded.`);
  await refundPayment(actor, record, value, "requested_by_institution");
  const after = (await getPayment(record.paymentIntentId))!;
  return { status: after.refunded >= after.amount ? "refunded" : "partially_refunded", refunded: after.refunded };
}
