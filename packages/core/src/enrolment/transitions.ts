/**
 * Every change of an enrolment's status, as one transaction item conditioned on the status it
 * expects. Verbs here and in payments compose these with seat and ledger items in a single
 * transaction; nothing else writes an enrolment's status.
 */
import { tableName } from "../db/client";
import { type Enrolment, type EnrolmentStatus, enrolmentKey } from "./model";

type Change = {
  to: EnrolmentStatus;
  set?: Record<string, unknown>;
  remove?: string[];
  when: string;
  values?: Record<string, unknown>;
};

function change(e: Pick<Enrolment, "kind" | "offeringId" | "personId">, c: Change, now: string) {
  const sets = ["#status = :to", "updatedAt = :now", ...Object.keys(c.set ?? {}).map((k) => `${k} = :set_${k}`)];
  const setValues = Object.fromEntries(Object.entries(c.set ?? {}).map(([k, v]) => [`:set_${k}`, v]));
  return {
    Update: {
      TableName: tableName(),
      Key: enrolmentKey(e),
      UpdateExpression: `SET ${sets.join(", ")}${c.remove?.length ? ` REMOVE ${c.remove.join(", ")}` : ""}`,
      ConditionExpression: c.when,
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":to": c.to, ":now": now, ...setValues, ...c.values },
    },
  };
}

const HOLD_INDEX = ["gsi2pk", "gsi2sk"];

/** Gives up a seat that is held or paid for. */
export const withdrawSeated = (e: Enrolment, now: string) =>
  change(
    e,
    { to: "withdrawn", remove: [...HOLD_INDEX, "holdExpiresAt"], when: "#status = :was", values: { ":was": e.status } },
    now,
  );

/** Leaves the queue (only the entry this enrolment had: a promotion meanwhile wins). */
export const leaveQueue = (e: Enrolment, now: string) =>
  change(
    e,
    {
      to: "withdrawn",
      remove: ["waitEntry"],
      when: "#status = :was AND waitEntry = :entry",
      values: { ":was": "waitlisted", ":entry": e.waitEntry },
    },
    now,
  );

/** A hold that lapsed (the sweep): only if it is still held and its time has passed. */
export const lapseHold = (e: Enrolment, now: string) =>
  change(
    e,
    {
      to: "expired",
      remove: HOLD_INDEX,
      when: "#status = :pending AND holdExpiresAt <= :now",
      values: { ":pending": "pending_payment" },
    },
    now,
  );

/** A hold whose Checkout Session expired: only that very hold, not a later one after re-enrolling. */
export const expireHold = (e: Enrolment, hold: string, now: string) =>
  change(
    e,
    {
      to: "expired",
      remove: HOLD_INDEX,
      when: "#status = :pending AND holdExpiresAt = :hold",
      values: { ":pending": "pending_payment", ":hold": hold },
    },
    now,
  );

/** Paid: active, with the payment that paid for it. `from` is the status it is expected to have. */
export const activatePaid = (e: Enrolment, from: EnrolmentStatus, paymentIntentId: string, now: string) =>
  change(
    e,
    {
      to: "active",
      set: { paymentIntentId },
      remove: [...HOLD_INDEX, "holdExpiresAt"],
      when: "#status = :from",
      values: { ":from": from },
    },
    now,
  );

/** Fully refunded: only the enrolment this payment paid for, in the status it was read in. */
export const markRefunded = (e: Enrolment, paymentIntentId: string, now: string) =>
  change(
    e,
    {
      to: "refunded",
      remove: HOLD_INDEX,
      when: "#status = :was AND paymentIntentId = :pi",
      values: { ":was": e.status, ":pi": paymentIntentId },
    },
    now,
  );
