/**
 * People: one item per person, one uniqueness item per e-mail address, both
 * written in one transaction so an address can never belong to two people.
 * `side` and `pricingGroup` are derived on every read, never stored.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { type Actor, requirePerson } from "../actor";
import { getAll } from "../db/batch";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { NotFound } from "../errors";
import { type OrganisationType, type PricingGroup, type Side, pricingGroupOf, sideOf } from "./countries";

export * from "./countries";

export const LANGUAGES = ["en", "es", "fr", "qu", "ay", "pt"] as const;
export const GENDERS = ["woman", "man", "non_binary", "prefer_not_to_say"] as const;
export const EDUCATION_LEVELS = ["secondary", "technical", "bachelor", "master", "doctorate", "other"] as const;

export type ProfileFields = {
  name?: string;
  country?: string;
  organisation?: string;
  organisationType?: OrganisationType;
  languages?: (typeof LANGUAGES)[number][];
  education?: (typeof EDUCATION_LEVELS)[number];
  gender?: (typeof GENDERS)[number];
  birthYear?: number;
  profession?: string;
};

export type Person = ProfileFields & { id: string; email: string; createdAt: string; updatedAt: string };
export type PersonView = Person & {
  side: Side | null;
  pricingGroup: PricingGroup;
  roles: string[];
  institutions: { id: string; role: "admin" }[];
};

const PROFILE_KEYS = [
  "name",
  "country",
  "organisation",
  "organisationType",
  "languages",
  "education",
  "gender",
  "birthYear",
  "profession",
] as const satisfies readonly (keyof ProfileFields)[];

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

function fromItem(item: Record<string, unknown>): Person {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as Person;
}

export async function get(personId: string): Promise<Person | null> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.person(personId) }));
  return out.Item ? fromItem(out.Item) : null;
}

/** Several people at once (BatchGetItem, 100 a call); missing ids are left out. */
export async function getMany(ids: string[]): Promise<Map<string, Person>> {
  const items = await getAll([...new Set(ids)].map((id) => keys.person(id)));
  return new Map(items.map((item) => [item.id as string, fromItem(item)]));
}

export async function findByEmail(email: string): Promise<Person | null> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.email(normaliseEmail(email)) }));
  return out.Item ? get(out.Item.personId as string) : null;
}

/** Returns the person with this address, creating them if new. Safe under concurrent calls. */
export async function findOrCreateByEmail(rawEmail: string, initial: ProfileFields = {}): Promise<Person> {
  const email = normaliseEmail(rawEmail);
  const existing = await findByEmail(email);
  if (existing) return existing;
  const now = new Date().toISOString();
  const person: Person = { ...initial, id: ulid(), email, createdAt: now, updatedAt: now };
  try {
    await ddb().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.email(email), type: "EmailClaim", personId: person.id },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.person(person.id), type: "Person", ...person },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      }),
    );
    return person;
  } catch (err) {
    // Another request claimed the address first: theirs is the person.
    if ((err as Error).name === "TransactionCanceledException") {
      const winner = await findByEmail(email);
      if (winner) return winner;
    }
    throw err;
  }
}

async function institutionsOf(personId: string): Promise<{ id: string; role: "admin" }[]> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :p AND begins_with(gsi1sk, :m)",
      ExpressionAttributeValues: { ":p": keys.personPartition(personId), ":m": keys.membersPrefix() },
    }),
  );
  return (out.Items ?? []).map((i) => ({ id: i.institutionId as string, role: i.role as "admin" }));
}

export function view(person: Person, roles: string[], institutions: PersonView["institutions"]): PersonView {
  return {
    ...person,
    side: sideOf(person.country),
    pricingGroup: pricingGroupOf(person.country, person.organisationType),
    roles: [...roles, ...(institutions.length ? ["institution_admin"] : [])],
    institutions,
  };
}

export async function me(actor: Actor): Promise<PersonView> {
  const who = requirePerson(actor);
  const [person, institutions] = await Promise.all([get(who.id), institutionsOf(who.id)]);
  if (!person) throw new NotFound("Person");
  return view(person, who.roles, institutions);
}

/** Who is signed in, for a page that serves visitors too: the person's view, or null (never a 401). */
export async function signedIn(actor: Actor): Promise<PersonView | null> {
  return actor.kind === "person" ? me(actor) : null;
}

/** Updates the actor's own profile; a field sent as null is cleared. */
export async function updateMe(
  actor: Actor,
  patch: { [K in keyof ProfileFields]?: ProfileFields[K] | null },
): Promise<PersonView> {
  const who = requirePerson(actor);
  const sets: string[] = ["#updatedAt = :updatedAt"];
  const removes: string[] = [];
  const names: Record<string, string> = { "#updatedAt": "updatedAt" };
  const values: Record<string, unknown> = { ":updatedAt": new Date().toISOString() };
  for (const k of PROFILE_KEYS) {
    if (!(k in patch) || patch[k] === undefined) continue;
    names[`#${k}`] = k;
    if (patch[k] === null) removes.push(`#${k}`);
    else {
      sets.push(`#${k} = :${k}`);
      values[`:${k}`] = patch[k];
    }
  }
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.person(who.id),
        UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ConditionExpression: "attribute_exists(pk)",
      }),
    );
  } catch (err) {
    if ((err as Error).name === "ConditionalCheckFailedException") throw new NotFound("Person");
    throw err;
  }
  return me(actor);
}
