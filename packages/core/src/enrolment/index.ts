/**
 * One enrolment machinery for every offering (course cohorts, Learning Routes).
 *
 * Invariants, each kept inside the write that could break it:
 * - seatsTaken (active + held) never exceeds capacity: the seat and the enrolment
 *   are one transaction conditioned on `seatsTaken < capacity`;
 * - one enrolment per person per offering: the enrolment item's key is the pair;
 * - a waitlisted person is never lost: the waitlist entry, the enrolment's status
 *   and the counters change together, conditioned on the status they expect.
 * The waitlist is the offering's enrolments whose status is `waitlisted`, in the
 * order of their `waitEntry` ULID, read with a strongly consistent query.
 * Joining it is one conditional Put that does not touch the offering item: under
 * a rush, every write to that one item waits on the others. Whoever joins
 * re-reads the seats afterwards and, if one is free, promotes the head of the
 * queue, so no one waits beside an empty seat.
 */
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { type Actor, isPlatformAdmin, requirePerson } from "../actor";
import { ddb, tableName } from "../db/client";
import { keys, type OfferingKind } from "../db/keys";
import { queryAll } from "../db/query";
import { transact } from "../db/transact";
import { Conflict, Forbidden, Invalid, NotFound } from "../errors";
import { ULID_SOURCE } from "../ids";
import * as Mail from "../mail";
import * as People from "../people";
import type { PricingGroup } from "../people";
import { type Locale, localeOf, type Localized, pick } from "../text";

export type { OfferingKind } from "../db/keys";
export const HOLD_MINUTES = 30;
export const PRICING_GROUPS = ["standard", "reduced", "community"] as const;

export type Price = { group: PricingGroup; amount: number; currency: string };
export type ChargedPrice = Price;
export type EnrolmentStatus = "active" | "pending_payment" | "waitlisted" | "withdrawn" | "expired" | "refunded";
export const offeringKey = keys.offering;
export const enrolmentKey = (e: Pick<Enrolment, "kind" | "offeringId" | "personId">) => keys.enrolment(e.kind, e.offeringId, e.personId);
export const HOLDING_SEAT: EnrolmentStatus[] = ["active", "pending_payment"];

/** The fields every offering item has, whatever else its capability stores. */
export type Offering = {
  kind: OfferingKind;
  id: string;
  parentId: string;
  institutionId: string;
  title: Localized;
  startDate: string;
  endDate: string;
  enrolmentDeadline: string;
  capacity: number;
  seatsTaken: number;
  prices: Price[];
  /** Who shares each payment (basis points summing to 10 000); see ledger/split.ts. */
  feeShares: { party: string; basisPoints: number }[];
  /** Lessons to complete (cohorts). */
  lessonCount?: number;
};

export type Enrolment = {
  id: string;
  kind: OfferingKind;
  offeringId: string;
  parentId: string;
  personId: string;
  email: string;
  status: EnrolmentStatus;
  price: ChargedPrice | null;
  holdExpiresAt?: string;
  waitEntry?: string;
  lessonsDone?: string[];
  certificateCode?: string;
  paymentIntentId?: string;
  createdAt: string;
  updatedAt: string;
};

const KIND_CODE: Record<OfferingKind, string> = { cohort: "c", route: "r", publication: "p" };

/** Every id `enrolmentId` can mint: `<kind code>.<offering ULID>.<person ULID>`. */
export const ENROLMENT_ID = new RegExp(`^(${Object.values(KIND_CODE).join("|")})\\.${ULID_SOURCE}\\.${ULID_SOURCE}$`);

export function enrolmentId(kind: OfferingKind, offeringId: string, personId: string) {
  return `${KIND_CODE[kind]}.${offeringId}.${personId}`;
}

export function parseEnrolmentId(id: string): { kind: OfferingKind; offeringId: string; personId: string } {
  const [code, offeringId, personId, extra] = id.split(".");
  const kind = (Object.keys(KIND_CODE) as OfferingKind[]).find((k) => KIND_CODE[k] === code);
  if (!kind || !offeringId || !personId || extra !== undefined) throw new NotFound("Enrolment");
  return { kind, offeringId, personId };
}

const today = () => new Date().toISOString().slice(0, 10);

/** The price a person pays: their group's, else the standard one; null when free. */
export function priceFor(prices: Price[], group: PricingGroup): ChargedPrice | null {
  if (prices.length === 0) return null;
  const p = prices.find((x) => x.group === group) ?? prices.find((x) => x.group === "standard");
  if (!p || p.amount === 0) return null;
  return { group: p.group, amount: p.amount, currency: p.currency };
}

/** The transaction item that takes one seat, refused when the offering is full. */
export const takeSeat = (kind: OfferingKind, offeringId: string) => ({
  Update: {
    TableName: tableName(),
    Key: keys.offering(kind, offeringId),
    UpdateExpression: "SET seatsTaken = seatsTaken + :one",
    ConditionExpression: "seatsTaken < #capacity",
    ExpressionAttributeNames: { "#capacity": "capacity" },
    ExpressionAttributeValues: { ":one": 1 },
  },
});

/** The transaction item that gives one seat back; never below zero. */
export const releaseSeat = (kind: OfferingKind, offeringId: string) => ({
  Update: {
    TableName: tableName(),
    Key: keys.offering(kind, offeringId),
    UpdateExpression: "SET seatsTaken = seatsTaken - :one",
    ConditionExpression: "seatsTaken > :zero",
    ExpressionAttributeValues: { ":one": 1, ":zero": 0 },
  },
});

/** Checks a price list: integers ≥ 0 in minor units, one per group, a standard one whenever any is set. */
export function validatePrices(prices: Price[], path = "prices"): void {
  const errors: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  prices.forEach((p, i) => {
    if (seen.has(p.group)) errors.push({ path: `${path}.${i}.group`, message: `Pricing group ${p.group} appears twice.` });
    seen.add(p.group);
    if (!Number.isInteger(p.amount) || p.amount < 0) errors.push({ path: `${path}.${i}.amount`, message: "Amount must be a whole number of minor units ≥ 0." });
  });
  if (prices.length && !seen.has("standard")) errors.push({ path, message: "A standard price is required whenever prices are set." });
  if (new Set(prices.map((p) => p.currency)).size > 1) errors.push({ path, message: "All prices of one offering use one currency." });
  if (errors.length) throw new Invalid("Invalid prices.", errors);
}

export async function getOffering(kind: OfferingKind, id: string): Promise<Offering | null> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.offering(kind, id), ConsistentRead: true }));
  return out.Item ? (out.Item as Offering) : null;
}

function fromItem(item: Record<string, unknown>): Enrolment {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, gsi2pk: _e, gsi2sk: _f, type: _g, ...rest } = item;
  const e = rest as Enrolment & { lessonsDone?: Set<string> | string[] };
  return { ...e, lessonsDone: e.lessonsDone ? [...e.lessonsDone].sort() : [] };
}

export async function get(id: string): Promise<Enrolment | null> {
  const { kind, offeringId, personId } = parseEnrolmentId(id);
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.enrolment(kind, offeringId, personId), ConsistentRead: true }),
  );
  return out.Item ? fromItem(out.Item) : null;
}

/** The enrolment, if the actor may see it: its participant, or an admin of the offering's institution. */
export async function getFor(actor: Actor, id: string, canAdminister: (institutionId: string) => Promise<boolean>): Promise<Enrolment> {
  const who = requirePerson(actor);
  const enrolment = await get(id);
  if (!enrolment) throw new NotFound("Enrolment");
  if (enrolment.personId === who.id || isPlatformAdmin(actor)) return enrolment;
  const offering = await getOffering(enrolment.kind, enrolment.offeringId);
  if (offering && (await canAdminister(offering.institutionId))) return enrolment;
  // Another person's enrolment is not acknowledged to exist.
  throw new NotFound("Enrolment");
}

export type EnrolResult = Enrolment & { waitlistPosition?: number };

/**
 * Enrols the actor. Free → active; priced → pending_payment with the seat held
 * HOLD_MINUTES; no seat left → waitlisted. Twice → Conflict; after the deadline → Conflict.
 */
export async function enrol(actor: Actor, kind: OfferingKind, offeringId: string): Promise<EnrolResult> {
  const who = requirePerson(actor);
  const [offering, person] = await Promise.all([getOffering(kind, offeringId), People.get(who.id)]);
  if (!offering) throw new NotFound({ cohort: "Cohort", route: "Route", publication: "Publication" }[kind]);
  if (!person) throw new NotFound("Person");
  if (today() > offering.enrolmentDeadline) {
    throw new Conflict(`Enrolment closed on ${offering.enrolmentDeadline}.`, "enrolment_closed");
  }
  const group = People.pricingGroupOf(person.country, person.organisationType);
  const price = priceFor(offering.prices, group);
  const id = enrolmentId(kind, offeringId, who.id);
  const offeringKey = keys.offering(kind, offeringId);
  const enrolmentKey = keys.enrolment(kind, offeringId, who.id);
  // A new enrolment replaces an ended one — but not one that was paid and never refunded: its
  // payment would lose the only record that lets an admin refund it.
  const reenrolable = "attribute_not_exists(pk) OR #status IN (:expired, :refunded) OR (#status = :withdrawn AND attribute_not_exists(paymentIntentId))";
  const reenrolValues = { ":withdrawn": "withdrawn", ":expired": "expired", ":refunded": "refunded" };
  const previous = await get(id);
  if (previous?.status === "withdrawn" && previous.paymentIntentId) {
    throw new Conflict("You withdrew from this after paying; ask the institution to refund or restore that enrolment.", "paid_enrolment_withdrawn");
  }

  let seats = offering;
  for (let round = 0; round < 20; round++) {
    const now = new Date();
    const base = {
      id,
      kind,
      offeringId,
      parentId: offering.parentId,
      personId: who.id,
      email: person.email,
      price,
      lessonsDone: undefined,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    // 1. A seat, if the last read saw one left.
    if (seats.seatsTaken < seats.capacity) {
      const status: EnrolmentStatus = price ? "pending_payment" : "active";
      const holdExpiresAt = price ? new Date(now.getTime() + HOLD_MINUTES * 60_000).toISOString() : undefined;
      const seated: Enrolment = { ...base, status, holdExpiresAt };
      const seat = await transact([
        {
          Update: {
            TableName: tableName(),
            Key: offeringKey,
            UpdateExpression: "SET seatsTaken = seatsTaken + :one",
            ConditionExpression: "seatsTaken < #capacity AND enrolmentDeadline >= :today",
            ExpressionAttributeNames: { "#capacity": "capacity" },
            ExpressionAttributeValues: { ":one": 1, ":today": today() },
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...enrolmentKey,
              ...keys.enrolmentOfPerson(who.id, base.createdAt),
              ...(holdExpiresAt ? keys.holdByExpiry(holdExpiresAt, id) : {}),
              type: "Enrolment",
              ...seated,
            },
            ConditionExpression: reenrolable,
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: reenrolValues,
          },
        },
      ]);
      if (seat.ok) return seated;
      if (seat.failed[1]) throw new Conflict("You are already enrolled in this offering.", "already_enrolled");
      if (today() > offering.enrolmentDeadline) throw new Conflict(`Enrolment closed on ${offering.enrolmentDeadline}.`, "enrolment_closed");
      seats = { ...seats, seatsTaken: seats.capacity }; // full as of now
      continue;
    }

    // 2. No seat: join the queue, then make sure no seat was freed meanwhile.
    const waiting: Enrolment = { ...base, status: "waitlisted", waitEntry: ulid() };
    try {
      await ddb().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...enrolmentKey, ...keys.enrolmentOfPerson(who.id, base.createdAt), type: "Enrolment", ...waiting },
          ConditionExpression: reenrolable,
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: reenrolValues,
        }),
      );
    } catch (err) {
      if ((err as Error).name === "ConditionalCheckFailedException") throw new Conflict("You are already enrolled in this offering.", "already_enrolled");
      throw err;
    }
    const after = await getOffering(kind, offeringId);
    if (after && after.seatsTaken < after.capacity) await promoteWaitlist(kind, offeringId);
    const mine = (await get(id))!;
    const position = mine.waitEntry ? await waitlistPosition(kind, offeringId, mine.waitEntry) : null;
    return { ...mine, ...(position ? { waitlistPosition: position } : {}) };
  }
  throw new Conflict("The offering is changing too fast; try again.");
}

/** The queue: waitlisted enrolments in the order they joined. */
async function waitlistEntries(kind: OfferingKind, offeringId: string) {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :e)",
    FilterExpression: "#status = :waitlisted",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":pk": keys.offeringPartition(kind, offeringId), ":e": keys.enrolmentPrefix(), ":waitlisted": "waitlisted" },
    ProjectionExpression: "id, personId, waitEntry",
    ConsistentRead: true,
  });
  return items
    .map((i) => ({ entry: i.waitEntry as string, personId: i.personId as string, enrolmentId: i.id as string }))
    .sort((a, b) => a.entry.localeCompare(b.entry));
}

/** How many are waiting. */
export async function waitlistLength(kind: OfferingKind, offeringId: string): Promise<number> {
  return (await waitlistEntries(kind, offeringId)).length;
}

/** 1-based position in the queue, or null when not waiting. */
export async function waitlistPosition(kind: OfferingKind, offeringId: string, entry: string): Promise<number | null> {
  const entries = await waitlistEntries(kind, offeringId);
  const i = entries.findIndex((e) => e.entry === entry);
  return i < 0 ? null : i + 1;
}

const mails: Record<Locale, { subject: (t: string) => string; body: (t: string, pay: boolean) => string }> = {
  en: {
    subject: (t) => `A seat is yours: ${t}`,
    body: (t, pay) => `A seat opened in "${t}" and it is now yours.${pay ? ` It is held for ${HOLD_MINUTES} minutes: complete the payment from your enrolments page.` : ""}`,
  },
  es: {
    subject: (t) => `Tienes un cupo: ${t}`,
    body: (t, pay) => `Se liberó un cupo en «${t}» y ahora es tuyo.${pay ? ` Lo reservamos ${HOLD_MINUTES} minutos: completa el pago desde tu página de inscripciones.` : ""}`,
  },
  fr: {
    subject: (t) => `Une place est à vous : ${t}`,
    body: (t, pay) => `Une place s'est libérée dans « ${t} » et elle est à vous.${pay ? ` Elle est réservée ${HOLD_MINUTES} minutes : réglez le paiement depuis votre page d'inscriptions.` : ""}`,
  },
};

/** Gives free seats to the head of the waitlist, in order. Returns how many were promoted. */
/** The update that gives the head of the queue a seat (held for payment when priced). */
async function promotionOf(kind: OfferingKind, offeringId: string) {
  const [head] = await waitlistEntries(kind, offeringId);
  if (!head) return null;
  const waiting = await get(head.enrolmentId);
  const now = new Date();
  const priced = Boolean(waiting?.price);
  const holdExpiresAt = priced ? new Date(now.getTime() + HOLD_MINUTES * 60_000).toISOString() : undefined;
  const sets = ["#status = :status", "updatedAt = :now"];
  if (holdExpiresAt) sets.push("holdExpiresAt = :hold", "gsi2pk = :hpk", "gsi2sk = :hsk");
  const item = {
    Update: {
      TableName: tableName(),
      Key: keys.enrolment(kind, offeringId, head.personId),
      UpdateExpression: `SET ${sets.join(", ")} REMOVE waitEntry`,
      ConditionExpression: "#status = :waitlisted AND waitEntry = :entry",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":status": (priced ? "pending_payment" : "active") as EnrolmentStatus,
        ":now": now.toISOString(),
        ":waitlisted": "waitlisted",
        ":entry": head.entry,
        ...(holdExpiresAt ? { ":hold": holdExpiresAt, ...prefixed(keys.holdByExpiry(holdExpiresAt, head.enrolmentId)) } : {}),
      },
    },
  };
  return { item, notify: () => (waiting ? notifyPromoted(waiting, kind, offeringId, priced) : Promise.resolve()) };
}

export type SeatHandOver = { items: NonNullable<Parameters<typeof transact>[0]>; notify: () => Promise<void> };

/**
 * What to do with a seat that is being given up, as items for the caller's own transaction:
 * hand it straight to the head of the queue (the counter does not move, so no newcomer can
 * take it in between), or, with nobody waiting, give it back. If the transaction fails on
 * these items, the queue changed: read it again and retry.
 */
export async function handOverSeat(kind: OfferingKind, offeringId: string, attempt = 0): Promise<SeatHandOver> {
  // Under heavy contention (many seats freed at once race for the same head), after a few tries
  // give the seat back and promote afterwards: always progresses, at the cost of a brief window.
  const promotion = attempt < HAND_OVER_TRIES ? await promotionOf(kind, offeringId) : null;
  if (!promotion) {
    const fallback = attempt >= HAND_OVER_TRIES;
    return {
      items: [releaseSeat(kind, offeringId)],
      notify: async () => {
        if (fallback) await promoteWaitlist(kind, offeringId);
      },
    };
  }
  return { items: [promotion.item], notify: promotion.notify };
}
const HAND_OVER_TRIES = 5;

/** Gives free seats to the head of the waitlist, in order. Returns how many were promoted. */
export async function promoteWaitlist(kind: OfferingKind, offeringId: string): Promise<number> {
  let promoted = 0;
  for (let guard = 0; guard < 1000; guard++) {
    const promotion = await promotionOf(kind, offeringId);
    if (!promotion) return promoted;
    const outcome = await transact([takeSeat(kind, offeringId), promotion.item]);
    if (!outcome.ok) {
      if (outcome.failed[0]) return promoted; // no seat left
      continue; // the head changed under us (withdrew, or promoted by another worker): look again
    }
    promoted++;
    await promotion.notify();
  }
  return promoted;
}

const prefixed = (k: { gsi2pk: string; gsi2sk: string }) => ({ ":hpk": k.gsi2pk, ":hsk": k.gsi2sk });

async function notifyPromoted(enrolment: Enrolment, kind: OfferingKind, offeringId: string, priced: boolean) {
  const [offering, person] = await Promise.all([getOffering(kind, offeringId), People.get(enrolment.personId)]);
  const locale = localeOf(person?.languages);
  const title = offering ? pick(offering.title, locale) : "";
  const m = mails[locale];
  await Mail.send({ to: enrolment.email, subject: m.subject(title), text: m.body(title, priced) });
}

/** The participant gives up their place; a freed seat goes to the head of the waitlist. */
export async function withdraw(actor: Actor, id: string): Promise<Enrolment> {
  const who = requirePerson(actor);
  const enrolment = await get(id);
  if (!enrolment || enrolment.personId !== who.id) throw new NotFound("Enrolment");
  const { kind, offeringId, personId } = enrolment;
  const now = new Date().toISOString();
  const enrolmentKey = keys.enrolment(kind, offeringId, personId);
  if (HOLDING_SEAT.includes(enrolment.status)) {
    for (let attempt = 0; ; attempt++) {
      const handOver = await handOverSeat(kind, offeringId, attempt);
      const out = await transact([
        {
          Update: {
            TableName: tableName(),
            Key: enrolmentKey,
            UpdateExpression: "SET #status = :withdrawn, updatedAt = :now REMOVE gsi2pk, gsi2sk, holdExpiresAt",
            ConditionExpression: "#status = :was",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":withdrawn": "withdrawn", ":now": now, ":was": enrolment.status },
          },
        },
        ...handOver.items,
      ]);
      if (out.ok) {
        await handOver.notify();
        break;
      }
      if (out.failed[0] || attempt > HAND_OVER_TRIES + 3) throw new Conflict("This enrolment changed meanwhile; reload and try again.");
      // The head of the queue moved: hand the seat to the new head.
    }
  } else if (enrolment.status === "waitlisted" && enrolment.waitEntry) {
    const out = await transact([
      {
        Update: {
          TableName: tableName(),
          Key: enrolmentKey,
          UpdateExpression: "SET #status = :withdrawn, updatedAt = :now REMOVE waitEntry",
          ConditionExpression: "#status = :was AND waitEntry = :entry",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":withdrawn": "withdrawn", ":now": now, ":was": "waitlisted", ":entry": enrolment.waitEntry },
        },
      },
    ]);
    if (!out.ok) throw new Conflict("This enrolment changed meanwhile (perhaps you were just given a seat); reload and try again.");
  } else {
    throw new Conflict(`An enrolment that is ${enrolment.status} cannot be withdrawn.`);
  }
  return (await get(id))!;
}

/** Releases every seat hold that expired before `now`, then promotes waitlists. Run by the scheduler. */
export async function releaseExpiredHolds(now: Date): Promise<number> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :p AND gsi2sk < :now",
      ExpressionAttributeValues: { ":p": keys.holdsPartition(), ":now": now.toISOString() },
      Limit: 200,
    }),
  );
  let released = 0;
  for (const item of out.Items ?? []) {
    const e = fromItem(item);
    // The index may be stale: the conditions re-check status and expiry on the item itself.
    for (let attempt = 0; attempt < HAND_OVER_TRIES + 3; attempt++) {
      const handOver = await handOverSeat(e.kind, e.offeringId, attempt);
      const res = await transact([
        {
          Update: {
            TableName: tableName(),
            Key: keys.enrolment(e.kind, e.offeringId, e.personId),
            UpdateExpression: "SET #status = :expired, updatedAt = :now REMOVE gsi2pk, gsi2sk",
            ConditionExpression: "#status = :pending AND holdExpiresAt <= :now",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":expired": "expired", ":pending": "pending_payment", ":now": now.toISOString() },
          },
        },
        ...handOver.items,
      ]);
      if (res.ok) {
        released++;
        await handOver.notify();
      }
      if (res.ok || res.failed[0]) break;
    }
  }
  return released;
}

/** A person's own enrolments, newest first. */
export async function listMine(actor: Actor): Promise<Enrolment[]> {
  const who = requirePerson(actor);
  const items = await queryAll({
    TableName: tableName(),
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :p AND begins_with(gsi1sk, :e)",
    ExpressionAttributeValues: { ":p": keys.personPartition(who.id), ":e": keys.enrolmentPrefix() },
    ScanIndexForward: false,
  });
  return items.map(fromItem);
}

export type MyEnrolment = EnrolResult & { title: Localized; startDate: string; endDate: string; lessonCount?: number };

/** The actor's enrolments with what a list needs to show: title, dates, lessons, queue position. */
export async function listMineDetailed(actor: Actor): Promise<MyEnrolment[]> {
  const mine = await listMine(actor);
  const refs = [...new Map(mine.map((e) => [`${e.kind}#${e.offeringId}`, keys.offering(e.kind, e.offeringId)])).values()];
  const offerings = new Map<string, Offering>();
  for (let i = 0; i < refs.length; i += 100) {
    let pending: Record<string, unknown>[] = refs.slice(i, i + 100);
    while (pending.length) {
      const out = await ddb().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending } } }));
      for (const o of (out.Responses?.[tableName()] ?? []) as Offering[]) offerings.set(`${o.kind}#${o.id}`, o);
      pending = (out.UnprocessedKeys?.[tableName()]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return Promise.all(
    mine.map(async (e) => {
      const o = offerings.get(`${e.kind}#${e.offeringId}`);
      const position = e.status === "waitlisted" && e.waitEntry ? await waitlistPosition(e.kind, e.offeringId, e.waitEntry) : null;
      return {
        ...e,
        ...(position ? { waitlistPosition: position } : {}),
        title: o?.title ?? {},
        startDate: o?.startDate ?? "",
        endDate: o?.endDate ?? "",
        lessonCount: o?.lessonCount,
      };
    }),
  );
}

/** Every enrolment of an offering (its admins' view), with waitlist positions. */
export async function listForOffering(kind: OfferingKind, offeringId: string): Promise<EnrolResult[]> {
  const items = (
    await queryAll({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :e)",
      ExpressionAttributeValues: { ":pk": keys.offeringPartition(kind, offeringId), ":e": keys.enrolmentPrefix() },
      ConsistentRead: true,
    })
  ).map(fromItem);
  const queue = await waitlistEntries(kind, offeringId);
  const position = new Map(queue.map((q, i) => [q.enrolmentId, i + 1]));
  return items.map((e) => (position.has(e.id) ? { ...e, waitlistPosition: position.get(e.id) } : e));
}

export function assertOwner(actor: Actor, enrolment: Enrolment) {
  const who = requirePerson(actor);
  if (enrolment.personId !== who.id) throw new Forbidden("This is not your enrolment.");
}
