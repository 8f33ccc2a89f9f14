/**
 * Seat counters as transaction items. A kind without seats (a document) has no counter:
 * its items are empty, so every verb composes them without asking which kind it has.
 */
import { tableName } from "../db/client";
import { keys } from "../db/keys";
import * as Offerings from "../offerings";
import type { OfferingKind } from "../offerings";
import type { Share } from "../ledger/split";

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Takes one seat, refused when the offering is full (and, with `beforeDeadline`, when enrolment closed).
 * With `paidAt` (a payment takes the seat) the same update also marks the offering paid, since a
 * transaction may touch the offering item only once; see `markFirstPaid`.
 */
export function takeSeat(
  kind: OfferingKind,
  offeringId: string,
  opts: { beforeDeadline?: boolean; paid?: FirstPayment } = {},
) {
  if (!Offerings.describe(kind).hasSeats) return opts.paid ? markFirstPaid(kind, offeringId, opts.paid) : [];
  const deadline = opts.beforeDeadline && Offerings.describe(kind).hasDates;
  const paid = opts.paid ? firstPaid(opts.paid) : undefined;
  return [
    {
      Update: {
        TableName: tableName(),
        Key: keys.offering(kind, offeringId),
        UpdateExpression: `SET seatsTaken = seatsTaken + :one${paid ? `, ${paid.set}` : ""}`,
        ConditionExpression: [
          "seatsTaken < #capacity",
          ...(deadline ? ["enrolmentDeadline >= :today"] : []),
          ...(paid ? [paid.when] : []),
        ].join(" AND "),
        ExpressionAttributeNames: { "#capacity": "capacity" },
        ExpressionAttributeValues: {
          ":one": 1,
          ...(deadline ? { ":today": today() } : {}),
          ...paid?.values,
        },
      },
    },
  ];
}

/** A payment's mark on its offering: when, and the fee plan the payment's posting was split by. */
export type FirstPayment = { at: string; plan: Share[] };

const firstPaid = (p: FirstPayment) => ({
  set: "firstPaidAt = if_not_exists(firstPaidAt, :paidAt)",
  // The plan read before the transaction must still be the offering's, or the posting would split
  // by a plan the offering no longer has (an edit just before the first payment): decide again.
  when: "(attribute_exists(firstPaidAt) OR feeShares = :paidPlan)",
  values: { ":paidAt": p.at, ":paidPlan": p.plan },
});

/**
 * Records the offering's first payment, for every kind, in the payment's own transaction: from then
 * on what was sold (its prices, its fee plan) must not change under the buyers (a route freezes them).
 */
export function markFirstPaid(kind: OfferingKind, offeringId: string, paid: FirstPayment) {
  const p = firstPaid(paid);
  return [
    {
      Update: {
        TableName: tableName(),
        Key: keys.offering(kind, offeringId),
        UpdateExpression: `SET ${p.set}`,
        ConditionExpression: `attribute_exists(pk) AND ${p.when}`,
        ExpressionAttributeValues: p.values,
      },
    },
  ];
}

/** Gives one seat back; never below zero. */
export function releaseSeat(kind: OfferingKind, offeringId: string) {
  if (!Offerings.describe(kind).hasSeats) return [];
  return [
    {
      Update: {
        TableName: tableName(),
        Key: keys.offering(kind, offeringId),
        UpdateExpression: "SET seatsTaken = seatsTaken - :one",
        ConditionExpression: "seatsTaken > :zero",
        ExpressionAttributeValues: { ":one": 1, ":zero": 0 },
      },
    },
  ];
}

/** Whether the offering, as last read, has a seat free (always, for kinds without seats). */
export const hasFreeSeat = (o: Offerings.Offering) =>
  !Offerings.describe(o.kind).hasSeats || (o.seatsTaken ?? 0) < (o.capacity ?? 0);
