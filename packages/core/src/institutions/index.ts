/**
 * Institutions (universities, NGOs, ministries, business associations) and their
 * admins. A membership item sits in the institution's partition and, through
 * gsi1, in the person's, so both "who runs this" and "what do I run" are one query.
 */
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { type Actor, isPlatformAdmin, requirePlatformAdmin } from "../actor";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { transact } from "../db/transact";
import { Conflict, Forbidden, NotFound, Unauthorized } from "../errors";
import * as People from "../people";
import * as Audit from "../audit";

export const INSTITUTION_TYPES = [
  "university",
  "ngo",
  "government",
  "business_association",
  "cooperative",
  "foundation",
  "other",
] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];
export type Institution = { id: string; name: string; country: string; type: InstitutionType; createdAt: string };
export type Membership = { institutionId: string; personId: string; email: string; role: "admin"; addedAt: string };

export async function create(
  actor: Actor,
  input: { name: string; country: string; type: InstitutionType },
): Promise<Institution> {
  requirePlatformAdmin(actor);
  const inst: Institution = { id: ulid(), ...input, createdAt: new Date().toISOString() };
  const out = await transact([
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.institution(inst.id),
          ...keys.institutionListing(inst.name, inst.id),
          type: "Institution",
          id: inst.id,
          name: inst.name,
          country: inst.country,
          kind: inst.type, // `type` names the entity in this table
          createdAt: inst.createdAt,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    Audit.write(actor, {
      action: "institution.created",
      target: { kind: "institution", id: inst.id },
      institutionId: inst.id,
      details: { name: inst.name, country: inst.country, type: inst.type },
    }),
  ]);
  if (!out.ok) throw new Conflict("An institution with this id exists already.");
  return inst;
}

export async function get(id: string): Promise<Institution | null> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.institution(id) }));
  if (!out.Item) return null;
  const { id: iid, name, country, kind, createdAt } = out.Item;
  return { id: iid, name, country, type: kind, createdAt };
}

export async function list(): Promise<Institution[]> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :p",
      ExpressionAttributeValues: { ":p": keys.institutionsPartition() },
    }),
  );
  return (out.Items ?? []).map((i) => ({
    id: i.id,
    name: i.name,
    country: i.country,
    type: i.kind,
    createdAt: i.createdAt,
  }));
}

export async function isAdmin(actor: Actor, institutionId: string): Promise<boolean> {
  if (isPlatformAdmin(actor)) return true;
  if (actor.kind !== "person") return false;
  const out = await ddb().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.membership(institutionId, actor.id),
      ProjectionExpression: "pk",
    }),
  );
  return Boolean(out.Item);
}

/** Platform admins and the institution's own admins pass; everyone else is refused. */
export async function requireAdmin(actor: Actor, institutionId: string): Promise<Institution> {
  if (actor.kind === "anonymous") throw new Unauthorized();
  const [inst, allowed] = await Promise.all([get(institutionId), isAdmin(actor, institutionId)]);
  if (!inst) throw new NotFound("Institution");
  if (!allowed) throw new Forbidden("Only an admin of this institution may do this.");
  return inst;
}

/**
 * Adds an admin; the person is created from the address if new. Adding someone who is already
 * an admin changes nothing and records nothing (the membership is written only if absent, in the
 * same transaction as its audit entry), so however many times the same addition arrives, one
 * membership and one entry exist.
 */
export async function addMember(
  actor: Actor,
  institutionId: string,
  input: { email: string; role: "admin" },
): Promise<Membership> {
  await requireAdmin(actor, institutionId);
  const person = await People.findOrCreateByEmail(input.email);
  const membership: Membership = {
    institutionId,
    personId: person.id,
    email: person.email,
    role: input.role,
    addedAt: new Date().toISOString(),
  };
  const out = await transact([
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.membership(institutionId, person.id),
          ...keys.membershipByPerson(institutionId, person.id),
          type: "Membership",
          ...membership,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    Audit.write(actor, {
      action: "institution.member_added",
      target: { kind: "person", id: person.id },
      institutionId,
      details: { email: person.email, role: input.role },
    }),
  ]);
  if (out.ok) return membership;
  const existing = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.membership(institutionId, person.id), ConsistentRead: true }),
  );
  return { ...membership, addedAt: (existing.Item?.addedAt as string) ?? membership.addedAt };
}
