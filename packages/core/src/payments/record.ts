/** The record of a payment (one item per PaymentIntent) and the marker that a Stripe event was processed. */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type Stripe from "stripe";
import { type Actor, requirePerson } from "../actor";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { queryAll } from "../db/query";
import * as Enrolment from "../enrolment";
import { NotFound } from "../errors";
import * as Institutions from "../institutions";
import type * as Ledger from "../ledger";
import * as Offerings from "../offerings";
import type { Locale } from "../text";

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

export async function getPayment(paymentIntentId: string): Promise<PaymentRecord | null> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.payment(paymentIntentId), ConsistentRead: true }),
  );
  return (out.Item as PaymentRecord | undefined) ?? null;
}

/** The payment's item, written once (a redelivered event finds it there). */
export const recordWrite = (record: PaymentRecord) => ({
  Put: {
    TableName: tableName(),
    Item: {
      ...keys.payment(record.paymentIntentId),
      ...keys.paymentOfPerson(record.personId, record.createdAt),
      type: "Payment",
      ...record,
    },
    ConditionExpression: "attribute_not_exists(pk)",
  },
});

const EVENT_MARKER_DAYS = 400;
/** Marks a Stripe event processed; rides in the same transaction as the event's effect. */
export const eventMarker = (event: Stripe.Event, outcome: string) => ({
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

/** The payer, or the offering's admins, read a payment. */
export async function paymentOfEnrolment(actor: Actor, enrolmentId: string): Promise<PaymentRecord> {
  const who = requirePerson(actor);
  const e = await Enrolment.get(enrolmentId).catch(() => null);
  if (!e) throw new NotFound("Enrolment");
  if (e.personId !== who.id) {
    const offering = await Offerings.get(e.kind, e.offeringId);
    if (!offering || !(await Institutions.isAdmin(actor, offering.institutionId))) throw new NotFound("Enrolment");
  }
  if (!e.paymentIntentId) throw new NotFound("Payment");
  const record = await getPayment(e.paymentIntentId);
  if (!record) throw new NotFound("Payment");
  return record;
}

/** The actor's own payments, newest first: what they paid, for what, and what came back. */
export async function listMine(actor: Actor): Promise<PaymentRecord[]> {
  const who = requirePerson(actor);
  const items = await queryAll<PaymentRecord & Record<string, unknown>>({
    TableName: tableName(),
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :p AND begins_with(gsi1sk, :pay)",
    ExpressionAttributeValues: { ":p": keys.personPartition(who.id), ":pay": keys.paymentOfPersonPrefix() },
    ScanIndexForward: false,
  });
  return items.map(({ pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, type: _e, ...record }) => record as PaymentRecord);
}
