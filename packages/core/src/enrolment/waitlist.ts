/**
 * The waitlist of a seated offering: its enrolments whose status is `waitlisted`, in the order
 * of their `waitEntry` ULID, read with a strongly consistent query. A seat that is given up goes
 * to the head of the queue in the same transaction that frees it, so no newcomer takes it between.
 */
import { tableName } from "../db/client";
import { keys } from "../db/keys";
import { queryAll } from "../db/query";
import { type TransactItems, transact } from "../db/transact";
import * as Mail from "../mail";
import * as Offerings from "../offerings";
import type { OfferingKind } from "../offerings";
import * as People from "../people";
import { type Locale, localeOf, pick } from "../text";
import { type Enrolment, type EnrolmentStatus, HOLD_MINUTES, enrolmentKey, get } from "./model";
import { releaseSeat, takeSeat } from "./seats";

async function entries(kind: OfferingKind, offeringId: string) {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :e)",
    FilterExpression: "#status = :waitlisted",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: {
      ":pk": keys.offeringPartition(kind, offeringId),
      ":e": keys.enrolmentPrefix(),
      ":waitlisted": "waitlisted",
    },
    ProjectionExpression: "id, personId, waitEntry",
    ConsistentRead: true,
  });
  return items
    .map((i) => ({ entry: i.waitEntry as string, personId: i.personId as string, enrolmentId: i.id as string }))
    .sort((a, b) => a.entry.localeCompare(b.entry));
}

/** How many are waiting. */
export async function waitlistLength(kind: OfferingKind, offeringId: string): Promise<number> {
  return (await entries(kind, offeringId)).length;
}

/** 1-based position in the queue, or null when not waiting. */
export async function waitlistPosition(kind: OfferingKind, offeringId: string, entry: string): Promise<number | null> {
  const i = (await entries(kind, offeringId)).findIndex((e) => e.entry === entry);
  return i < 0 ? null : i + 1;
}

/** Every waiting enrolment's position, for an admin's list. */
export async function waitlistPositions(kind: OfferingKind, offeringId: string): Promise<Map<string, number>> {
  return new Map((await entries(kind, offeringId)).map((q, i) => [q.enrolmentId, i + 1]));
}

/** The update that gives the head of the queue a seat (held for payment when priced). */
async function promotionOf(kind: OfferingKind, offeringId: string) {
  const [head] = await entries(kind, offeringId);
  if (!head) return null;
  const waiting = await get(head.enrolmentId);
  const now = new Date();
  const priced = Boolean(waiting?.price);
  const holdExpiresAt = priced ? new Date(now.getTime() + HOLD_MINUTES * 60_000).toISOString() : undefined;
  const hold = holdExpiresAt ? keys.holdByExpiry(holdExpiresAt, head.enrolmentId) : undefined;
  const sets = ["#status = :status", "updatedAt = :now"];
  if (hold) sets.push("holdExpiresAt = :hold", "gsi2pk = :hpk", "gsi2sk = :hsk");
  const item = {
    Update: {
      TableName: tableName(),
      Key: enrolmentKey({ kind, offeringId, personId: head.personId }),
      UpdateExpression: `SET ${sets.join(", ")} REMOVE waitEntry`,
      ConditionExpression: "#status = :waitlisted AND waitEntry = :entry",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":status": (priced ? "pending_payment" : "active") as EnrolmentStatus,
        ":now": now.toISOString(),
        ":waitlisted": "waitlisted",
        ":entry": head.entry,
        ...(hold ? { ":hold": holdExpiresAt, ":hpk": hold.gsi2pk, ":hsk": hold.gsi2sk } : {}),
      },
    },
  };
  return { item, notify: () => (waiting ? notifyPromoted(waiting, priced) : Promise.resolve()) };
}

export type SeatHandOver = { items: TransactItems; notify: () => Promise<void> };
const HAND_OVER_TRIES = 5;
/** How many times a verb that frees a seat tries again when the queue moves under it. */
export const HAND_OVER_ATTEMPTS = HAND_OVER_TRIES + 3;

/**
 * What to do with a seat that is being given up, as items for the caller's own transaction:
 * hand it straight to the head of the queue (the counter does not move, so no newcomer can
 * take it in between), or, with nobody waiting, give it back. If the transaction fails on
 * these items, the queue changed: read it again and retry. Kinds without seats: nothing.
 */
export async function handOverSeat(kind: OfferingKind, offeringId: string, attempt = 0): Promise<SeatHandOver> {
  if (!Offerings.describe(kind).hasSeats) return { items: [], notify: async () => {} };
  // Under heavy contention (many seats freed at once race for the same head), after a few tries
  // give the seat back and promote afterwards: always progresses, at the cost of a brief window.
  const promotion = attempt < HAND_OVER_TRIES ? await promotionOf(kind, offeringId) : null;
  if (!promotion) {
    const fallback = attempt >= HAND_OVER_TRIES;
    return {
      items: releaseSeat(kind, offeringId),
      notify: async () => {
        if (fallback) await promoteWaitlist(kind, offeringId);
      },
    };
  }
  return { items: [promotion.item], notify: promotion.notify };
}

/** Gives free seats to the head of the waitlist, in order. Returns how many were promoted. */
export async function promoteWaitlist(kind: OfferingKind, offeringId: string): Promise<number> {
  if (!Offerings.describe(kind).hasSeats) return 0;
  let promoted = 0;
  for (let guard = 0; guard < 1000; guard++) {
    const promotion = await promotionOf(kind, offeringId);
    if (!promotion) return promoted;
    const outcome = await transact([...takeSeat(kind, offeringId), promotion.item]);
    if (!outcome.ok) {
      if (outcome.failed[0]) return promoted; // no seat left
      continue; // the head changed under us (withdrew, or promoted by another worker): look again
    }
    promoted++;
    await promotion.notify();
  }
  return promoted;
}

const mails: Record<Locale, { subject: (t: string) => string; body: (t: string, pay: boolean) => string }> = {
  en: {
    subject: (t) => `A seat is yours: ${t}`,
    body: (t, pay) =>
      `A seat opened in "${t}" and it is now yours.${pay ? ` It is held for ${HOLD_MINUTES} minutes: complete the payment from your enrolments page.` : ""}`,
  },
  es: {
    subject: (t) => `Tienes un cupo: ${t}`,
    body: (t, pay) =>
      `Se liberó un cupo en «${t}» y ahora es tuyo.${pay ? ` Lo reservamos ${HOLD_MINUTES} minutos: completa el pago desde tu página de inscripciones.` : ""}`,
  },
  fr: {
    subject: (t) => `Une place est à vous : ${t}`,
    body: (t, pay) =>
      `Une place s'est libérée dans « ${t} » et elle est à vous.${pay ? ` Elle est réservée ${HOLD_MINUTES} minutes : réglez le paiement depuis votre page d'inscriptions.` : ""}`,
  },
};

async function notifyPromoted(enrolment: Enrolment, priced: boolean) {
  const [offering, person] = await Promise.all([
    Offerings.get(enrolment.kind, enrolment.offeringId),
    People.get(enrolment.personId),
  ]);
  const locale = localeOf(person?.languages);
  const title = offering ? pick(offering.title, locale) : "";
  const m = mails[locale];
  await Mail.send({ to: enrolment.email, subject: m.subject(title), text: m.body(title, priced) });
}
