/**
 * An enrolment: one person's place in one offering, whatever its kind. Its key is the pair
 * (offering, person), so a person has at most one enrolment per offering.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { type Actor, isPlatformAdmin, requirePerson } from "../actor";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { Forbidden, NotFound } from "../errors";
import { ULID_SOURCE } from "../ids";
import * as Offerings from "../offerings";
import type { ChargedPrice, OfferingKind } from "../offerings";

export const HOLD_MINUTES = 30;

export type EnrolmentStatus = "active" | "pending_payment" | "waitlisted" | "withdrawn" | "expired" | "refunded";
export const HOLDING_SEAT: EnrolmentStatus[] = ["active", "pending_payment"];

/** What every enrolment holds; a kind may store more on the same item (a cohort's lessons done). */
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
  paymentIntentId?: string;
  createdAt: string;
  updatedAt: string;
};

export const enrolmentKey = (e: Pick<Enrolment, "kind" | "offeringId" | "personId">) =>
  keys.enrolment(e.kind, e.offeringId, e.personId);

/** Every id `enrolmentId` can mint: `<kind's id code>.<offering ULID>.<person ULID>`. */
export const ENROLMENT_ID = new RegExp(`^[a-z]+\\.${ULID_SOURCE}\\.${ULID_SOURCE}$`);

export function enrolmentId(kind: OfferingKind, offeringId: string, personId: string) {
  return `${Offerings.describe(kind).idCode}.${offeringId}.${personId}`;
}

export function parseEnrolmentId(id: string): { kind: OfferingKind; offeringId: string; personId: string } {
  const [code, offeringId, personId, extra] = id.split(".");
  const kind = code ? Offerings.byIdCode(code)?.kind : undefined;
  if (!kind || !offeringId || !personId || extra !== undefined) throw new NotFound("Enrolment");
  return { kind, offeringId, personId };
}

/** The stored item without its keys; DynamoDB sets (a cohort's lessons done) become sorted lists. */
export function fromItem(item: Record<string, unknown>): Enrolment {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, gsi2pk: _e, gsi2sk: _f, type: _g, ...rest } = item;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) out[k] = v instanceof Set ? [...v].sort() : v;
  return out as Enrolment;
}

export async function get(id: string): Promise<Enrolment | null> {
  const { kind, offeringId, personId } = parseEnrolmentId(id);
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.enrolment(kind, offeringId, personId), ConsistentRead: true }),
  );
  return out.Item ? fromItem(out.Item) : null;
}

/** The enrolment, if the actor may see it: its participant, or an admin of the offering's institution. */
export async function getFor(
  actor: Actor,
  id: string,
  canAdminister: (institutionId: string) => Promise<boolean>,
): Promise<Enrolment> {
  const who = requirePerson(actor);
  const enrolment = await get(id);
  if (!enrolment) throw new NotFound("Enrolment");
  if (enrolment.personId === who.id || isPlatformAdmin(actor)) return enrolment;
  const offering = await Offerings.get(enrolment.kind, enrolment.offeringId);
  if (offering && (await canAdminister(offering.institutionId))) return enrolment;
  // Another person's enrolment is not acknowledged to exist.
  throw new NotFound("Enrolment");
}

export function assertOwner(actor: Actor, enrolment: Enrolment) {
  const who = requirePerson(actor);
  if (enrolment.personId !== who.id) throw new Forbidden("This is not your enrolment.");
}
