/**
 * Hosts of Learning Routes: rural organisations and local talents (yachaq) who
 * receive visitors and are paid a share of every route fee. Registered by the
 * platform admin, who vouches for them; their members keep the profile and read
 * the statement. A membership item sits in the host's partition and, through gsi1,
 * in the person's (as institutions' do), so "who keeps this host" and "which hosts
 * do I keep" are one read each.
 */
import { BatchGetCommand, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { createHash } from "node:crypto";
import { ulid } from "ulid";
import { type Actor, isPlatformAdmin, requirePlatformAdmin } from "../actor";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { decodeCursor, encodeCursor } from "../db/pagination";
import { transact } from "../db/transact";
import { Conflict, Forbidden, NotFound, Unauthorized } from "../errors";
import * as Files from "../files";
import * as People from "../people";
import type { Localized } from "../text";
import * as Audit from "../audit";
import { type PhotoType, resizeForPhone } from "./photo";

export { statement, toCsv as statementCsv, type Statement, type StatementEntry } from "./statement";
export { PHOTO_TYPES, MAX_PHOTO_BYTES, MAX_UPLOAD_BYTES, type PhotoType } from "./photo";

export const HOST_KINDS = ["organisation", "talent"] as const;
export type HostKind = (typeof HOST_KINDS)[number];
export const ORGANISATION_TYPES = ["community", "association", "cooperative", "municipality"] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];
export type Figure = { label: Localized; value: string };
export type Photo = { url: string; width: number; height: number; bytes: number };
export type Host = {
  id: string;
  name: string;
  kind: HostKind;
  organisationType?: OrganisationType;
  country: string;
  region?: string;
  languages: string[];
  topics: string[];
  expertise?: Localized;
  achievements?: Localized;
  figures?: Figure[];
  photo?: Photo;
  /** A contact address for the platform admin; never shown publicly. */
  email?: string;
  createdAt: string;
  updatedAt?: string;
};
export type HostInput = {
  name: string;
  kind: HostKind;
  country: string;
  organisationType?: OrganisationType;
  region?: string;
  languages?: string[];
  topics?: string[];
  /** A plain string is taken as English text (the request carries no language of its own). */
  expertise?: Localized | string;
  achievements?: Localized | string;
  figures?: Figure[];
  email?: string;
};
/** Any field may be sent; null clears an optional one. */
export type HostPatch = {
  name?: string;
  kind?: HostKind;
  country?: string;
  organisationType?: OrganisationType | null;
  region?: string | null;
  languages?: string[];
  topics?: string[];
  expertise?: Localized | string | null;
  achievements?: Localized | string | null;
  figures?: Figure[] | null;
  email?: string | null;
};
export type HostMembership = { hostId: string; personId: string; email: string; addedAt: string };

const localized = (t: Localized | string | undefined): Localized | undefined => (typeof t === "string" ? { en: t } : t);

const itemOf = (host: Host, photoKey?: string, version = 1) => ({
  ...keys.host(host.id),
  ...keys.hostListing(host.country, host.region ?? "", host.id),
  ...keys.hostInAll(host.createdAt, host.id),
  type: "Host",
  ...host,
  ...(photoKey ? { photoKey } : {}),
  version,
});

export async function create(actor: Actor, input: HostInput): Promise<Host> {
  requirePlatformAdmin(actor);
  const host = clean({
    ...input,
    expertise: localized(input.expertise),
    achievements: localized(input.achievements),
    languages: input.languages ?? [],
    topics: input.topics ?? [],
    email: input.email?.toLowerCase(),
    id: ulid(),
    createdAt: new Date().toISOString(),
  });
  const out = await transact([
    { Put: { TableName: tableName(), Item: itemOf(host), ConditionExpression: "attribute_not_exists(pk)" } },
    Audit.write(actor, {
      action: "host.created",
      target: { kind: "host", id: host.id },
      details: { name: host.name, kind: host.kind, country: host.country },
    }),
  ]);
  if (!out.ok) throw new Conflict("A host with this id exists already.");
  return host;
}

/** Drops undefined fields, so an item holds only what is set. */
const clean = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

type Stored = { host: Host; photoKey?: string; version: number };
const fromItem = (item: Record<string, unknown>): Stored => {
  const {
    pk: _p,
    sk: _s,
    gsi1pk: _g,
    gsi1sk: _gs,
    gsi2pk: _g2,
    gsi2sk: _g2s,
    type: _t,
    photoKey,
    version,
    ...rest
  } = item;
  const host = rest as Host;
  // Hosts written before profiles had these lists, and before expertise was Localized.
  host.languages ??= [];
  host.topics ??= [];
  if (typeof host.expertise === "string") host.expertise = { en: host.expertise };
  return { host, photoKey: photoKey as string | undefined, version: (version as number | undefined) ?? 0 };
};

async function getStored(id: string, consistent = false): Promise<Stored | null> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.host(id), ConsistentRead: consistent }),
  );
  return out.Item ? fromItem(out.Item) : null;
}

export async function get(id: string): Promise<Host | null> {
  return (await getStored(id))?.host ?? null;
}

/** One host, 404 if there is none. */
export async function profile(id: string): Promise<Host> {
  const host = await get(id);
  if (!host) throw new NotFound("Host");
  return host;
}

/** The public profile (no contact address). */
export const publicView = ({ email: _e, updatedAt: _u, ...h }: Host) => h;

export async function isMember(actor: Actor, hostId: string): Promise<boolean> {
  if (actor.kind !== "person") return false;
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.hostMember(hostId, actor.id), ProjectionExpression: "pk" }),
  );
  return Boolean(out.Item);
}

/** Platform admins and the host's own members pass; 401 signed out, 404 no such host, 403 anyone else. */
export async function requireMemberOrAdmin(actor: Actor, hostId: string): Promise<Host> {
  if (actor.kind === "anonymous") throw new Unauthorized();
  const [host, member] = await Promise.all([get(hostId), isPlatformAdmin(actor) || isMember(actor, hostId)]);
  if (!host) throw new NotFound("Host");
  if (!member) throw new Forbidden("Only a member of this host or a platform admin may do this.");
  return host;
}

const PAGE = 50;
/**
 * The directory: hosts of one country ordered by region, or every host oldest first,
 * a page at a time.
 */
export async function list(q: { country?: string; cursor?: string; limit?: number }) {
  const limit = Math.min(Math.max(q.limit ?? PAGE, 1), 100);
  const [index, pk, sk] = q.country ? (["gsi1", "gsi1pk", "gsi1sk"] as const) : (["gsi2", "gsi2pk", "gsi2sk"] as const);
  const partition = q.country ? keys.hostsPartition(q.country) : keys.allHostsPartition();
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: index,
      KeyConditionExpression: `${pk} = :p`,
      ExpressionAttributeValues: { ":p": partition },
      ExclusiveStartKey: decodeCursor(q.cursor, { attributes: ["pk", "sk", pk, sk], partition: [pk, partition] }),
      Limit: limit,
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => fromItem(i).host),
    nextCursor: encodeCursor(out.LastEvaluatedKey),
  };
}

/** Hosts of one country, ordered by region (every page). */
export async function listByCountry(country: string): Promise<Host[]> {
  const items: Host[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ country, cursor, limit: 100 });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/**
 * Edits the profile (a member or a platform admin). Read, merge, write back on the version read,
 * so two edits at once never lose one silently: the second is a 409 `code: "stale"`.
 */
export async function update(actor: Actor, hostId: string, patch: HostPatch): Promise<Host> {
  await requireMemberOrAdmin(actor, hostId);
  const stored = await getStored(hostId, true);
  if (!stored) throw new NotFound("Host");
  const changed = Object.keys(patch).filter((k) => patch[k as keyof HostPatch] !== undefined);
  if (changed.length === 0) return stored.host; // nothing asked: nothing written, nothing recorded
  const merged: Record<string, unknown> = { ...stored.host };
  for (const k of changed) {
    const v = patch[k as keyof HostPatch];
    if (v === null) delete merged[k];
    else if (k === "expertise" || k === "achievements") merged[k] = localized(v as Localized | string);
    else if (k === "email") merged[k] = (v as string).toLowerCase();
    else merged[k] = v;
  }
  const host = { ...(merged as Host), updatedAt: new Date().toISOString() };
  const out = await transact([
    {
      Put: {
        TableName: tableName(),
        Item: itemOf(host, stored.photoKey, stored.version + 1),
        ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(version) OR version = :v)",
        ExpressionAttributeValues: { ":v": stored.version },
      },
    },
    Audit.write(actor, {
      action: "host.updated",
      target: { kind: "host", id: hostId },
      details: { fields: changed.sort().join(",") },
    }),
  ]);
  if (!out.ok) throw new Conflict("The host was changed meanwhile; reload it and try again.", "stale");
  return host;
}

/**
 * Adds a member (platform admin); the person is created from the address if new and signs in by
 * the usual magic link. Adding an existing member changes nothing and records nothing.
 */
export async function addMember(actor: Actor, hostId: string, input: { email: string }): Promise<HostMembership> {
  requirePlatformAdmin(actor);
  if (!(await get(hostId))) throw new NotFound("Host");
  const person = await People.findOrCreateByEmail(input.email);
  const membership: HostMembership = {
    hostId,
    personId: person.id,
    email: person.email,
    addedAt: new Date().toISOString(),
  };
  const out = await transact([
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.hostMember(hostId, person.id),
          ...keys.hostMemberByPerson(hostId, person.id),
          type: "HostMembership",
          ...membership,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    Audit.write(actor, {
      action: "host.member_added",
      target: { kind: "host", id: hostId },
      details: { personId: person.id, email: person.email },
    }),
  ]);
  if (out.ok) return membership;
  const existing = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.hostMember(hostId, person.id), ConsistentRead: true }),
  );
  return { ...membership, addedAt: (existing.Item?.addedAt as string) ?? membership.addedAt };
}

/** The hosts a person is a member of. */
export async function ofPerson(personId: string): Promise<Host[]> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :p AND begins_with(gsi1sk, :h)",
      ExpressionAttributeValues: { ":p": keys.personPartition(personId), ":h": keys.hostMembershipPrefix() },
    }),
  );
  const ids = (out.Items ?? []).map((i) => i.hostId as string);
  const hosts: Host[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [tableName()]: { Keys: ids.slice(i, i + 100).map((id) => keys.host(id)) },
    };
    while (request && Object.keys(request).length > 0) {
      const got = await ddb().send(new BatchGetCommand({ RequestItems: request }));
      hosts.push(...(got.Responses?.[tableName()] ?? []).map((item) => fromItem(item).host));
      request = got.UnprocessedKeys as typeof request;
    }
  }
  return hosts.sort((a, b) => a.name.localeCompare(b.name));
}

/** The hosts the actor is a member of (`GET /api/me/hosts`). */
export async function mine(actor: Actor): Promise<Host[]> {
  if (actor.kind !== "person") throw new Unauthorized();
  return ofPerson(actor.id);
}

/**
 * Sets the photo (a member or a platform admin): resized for a phone, stored under a name that
 * changes with its content, so the URL can be cached for a year and a new photo is a new URL.
 */
export async function setPhoto(
  actor: Actor,
  hostId: string,
  input: { bytes: Uint8Array; contentType: PhotoType },
): Promise<Host> {
  await requireMemberOrAdmin(actor, hostId);
  const resized = await resizeForPhone(input.bytes, input.contentType);
  const version = createHash("sha256").update(resized.bytes).digest("hex").slice(0, 16);
  const photoKey = `hosts/${hostId}/photo-${version}.jpg`;
  await Files.put(photoKey, resized.bytes, "image/jpeg");
  const photo: Photo = {
    url: `/api/hosts/${hostId}/photo?v=${version}`,
    width: resized.width,
    height: resized.height,
    bytes: resized.bytes.byteLength,
  };
  const out = await transact([
    {
      Update: {
        TableName: tableName(),
        Key: keys.host(hostId),
        // The version moves, so a profile edit that read the host before this cannot put the old photo back.
        UpdateExpression: "SET photo = :photo, photoKey = :key ADD version :one",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":photo": photo, ":key": photoKey, ":one": 1 },
      },
    },
    Audit.write(actor, {
      action: "host.photo_set",
      target: { kind: "host", id: hostId },
      details: { bytes: photo.bytes, width: photo.width, height: photo.height },
    }),
  ]);
  if (!out.ok) throw new NotFound("Host");
  return (await getStored(hostId, true))!.host;
}

/** The served photo (public). */
export async function photo(hostId: string): Promise<{ bytes: Uint8Array; contentType: "image/jpeg" }> {
  const stored = await getStored(hostId);
  if (!stored?.photoKey) throw new NotFound("Photo");
  return { bytes: await Files.get(stored.photoKey), contentType: "image/jpeg" };
}
