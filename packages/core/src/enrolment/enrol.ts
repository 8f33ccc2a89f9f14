/**
 * Enrolling, for every kind of offering. Invariants, each kept inside the write that could break it:
 * - seats taken (active + held) never exceed capacity: the seat and the enrolment are one
 *   transaction conditioned on a free seat (kinds without seats have no counter to take);
 * - one enrolment per person per offering: the enrolment item's key is the pair;
 * - joining the waitlist is one conditional Put that does not touch the offering item (under a
 *   rush every write to that item waits on the others); whoever joins re-reads the seats after,
 *   and if one is free promotes the head of the queue, so no one waits beside an empty seat.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { type Actor, requirePerson } from "../actor";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { transact } from "../db/transact";
import { Conflict, NotFound } from "../errors";
import * as Offerings from "../offerings";
import type { OfferingKind } from "../offerings";
import * as People from "../people";
import { type Enrolment, type EnrolmentStatus, HOLD_MINUTES, enrolmentId, enrolmentKey, get } from "./model";
import { hasFreeSeat, takeSeat } from "./seats";
import { promoteWaitlist, waitlistPosition } from "./waitlist";

export type EnrolResult = Enrolment & { waitlistPosition?: number };

const today = () => new Date().toISOString().slice(0, 10);

// A new enrolment replaces an ended one — but not one that was paid and never refunded: its
// payment would lose the only record that lets an admin refund it.
const replaceable = {
  ConditionExpression:
    "attribute_not_exists(pk) OR #status IN (:expired, :refunded) OR (#status = :withdrawn AND attribute_not_exists(paymentIntentId))",
  ExpressionAttributeNames: { "#status": "status" },
  ExpressionAttributeValues: { ":withdrawn": "withdrawn", ":expired": "expired", ":refunded": "refunded" },
};
const alreadyEnrolled = () => new Conflict("You are already enrolled in this offering.", "already_enrolled");

/**
 * Enrols the actor. Free → active; priced → pending_payment with the seat held
 * HOLD_MINUTES; no seat left → waitlisted. Twice → Conflict; after the deadline → Conflict.
 */
export async function enrol(actor: Actor, kind: OfferingKind, offeringId: string): Promise<EnrolResult> {
  const who = requirePerson(actor);
  const descriptor = Offerings.describe(kind);
  const [offering, person] = await Promise.all([Offerings.get(kind, offeringId), People.get(who.id)]);
  if (!offering) throw new NotFound(descriptor.notFoundName);
  if (!person) throw new NotFound("Person");
  const closed = () => offering.enrolmentDeadline !== undefined && today() > offering.enrolmentDeadline;
  const closedError = () => new Conflict(`Enrolment closed on ${offering.enrolmentDeadline}.`, "enrolment_closed");
  if (closed()) throw closedError();
  const price = Offerings.priceFor(offering.prices, People.pricingGroupOf(person.country, person.organisationType));
  const id = enrolmentId(kind, offeringId, who.id);
  const key = enrolmentKey({ kind, offeringId, personId: who.id });
  const previous = await get(id);
  if (previous?.status === "withdrawn" && previous.paymentIntentId) {
    throw new Conflict(
      "You withdrew from this after paying; ask the institution to refund or restore that enrolment.",
      "paid_enrolment_withdrawn",
    );
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
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const byPerson = keys.enrolmentOfPerson(who.id, base.createdAt);
    // 1. A seat, if the last read saw one left (always, for kinds without seats).
    if (hasFreeSeat(seats)) {
      const status: EnrolmentStatus = price ? "pending_payment" : "active";
      const holdExpiresAt = price ? new Date(now.getTime() + HOLD_MINUTES * 60_000).toISOString() : undefined;
      const seated: Enrolment = { ...base, status, holdExpiresAt };
      const seat = takeSeat(kind, offeringId, { beforeDeadline: true });
      const out = await transact([
        ...seat,
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...key,
              ...byPerson,
              ...(holdExpiresAt ? keys.holdByExpiry(holdExpiresAt, id) : {}),
              type: "Enrolment",
              ...seated,
            },
            ...replaceable,
          },
        },
      ]);
      if (out.ok) return seated;
      if (out.failed[seat.length]) throw alreadyEnrolled();
      if (closed()) throw closedError();
      seats = { ...seats, seatsTaken: seats.capacity }; // full as of now
      continue;
    }

    // 2. No seat: join the queue, then make sure no seat was freed meanwhile.
    const waiting: Enrolment = { ...base, status: "waitlisted", waitEntry: ulid() };
    try {
      await ddb().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...key, ...byPerson, type: "Enrolment", ...waiting },
          ...replaceable,
        }),
      );
    } catch (err) {
      if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
      // The SDK resends a write whose answer timed out; if the first one landed, the resend finds
      // our own entry (its ULID is ours alone): that is this join succeeding, not a second enrolment.
      if ((await get(id))?.waitEntry !== waiting.waitEntry) throw alreadyEnrolled();
    }
    const after = await Offerings.get(kind, offeringId);
    if (after && hasFreeSeat(after)) await promoteWaitlist(kind, offeringId);
    const mine = (await get(id))!;
    const position = mine.waitEntry ? await waitlistPosition(kind, offeringId, mine.waitEntry) : null;
    return { ...mine, ...(position ? { waitlistPosition: position } : {}) };
  }
  throw new Conflict("The offering is changing too fast; try again.");
}
