/**
 * The stakeholder directory: institutions and hosts by type, country and topic, each with what it
 * offers now (portal/open-now.ts says what "now" means) — published courses with an open cohort,
 * published routes not yet over, open exchange offers, and services (none until that capability
 * exists).
 *
 * Types are one vocabulary over both records (the profile's organisation types): an institution's
 * own type maps onto it (a foundation is an NGO, a cooperative a rural organisation), a host is a
 * rural organisation or a local talent. An institution's topics are those of what it publishes
 * (it has no topics of its own); a host's are its profile's.
 *
 * Counts are computed for the items of the page being read — a few key queries per item, in
 * parallel — not kept as counters: "open" changes with the date (a deadline passes with no write
 * to count it down), and no other capability has to know the directory exists. A page reads its
 * listing in at most `MAX_ROUNDS` queries, so a rare filter answers a short page with a cursor
 * rather than reading on (docs/decisions/0021-announcements-calendar-directory.md).
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { decodeCursor, encodeCursor } from "../db/pagination";
import { Invalid } from "../errors";
import type { HostKind } from "../hosts";
import type { InstitutionType } from "../institutions";
import * as Open from "../portal/open-now";
import { TOPIC_IDS } from "../topics";

export const TYPES = [
  "university",
  "ngo",
  "government",
  "business_association",
  "rural_organisation",
  "local_talent",
  "other",
] as const;
export type DirectoryType = (typeof TYPES)[number];

export const INSTITUTION_TYPE: Record<InstitutionType, DirectoryType> = {
  university: "university",
  ngo: "ngo",
  foundation: "ngo",
  government: "government",
  business_association: "business_association",
  cooperative: "rural_organisation",
  other: "other",
};
export const HOST_TYPE: Record<HostKind, DirectoryType> = {
  organisation: "rural_organisation",
  talent: "local_talent",
};

export type Offers = { courses: number; routes: number; exchangeOffers: number; services: number };
export type Entry = {
  kind: "institution" | "host";
  id: string;
  name: string;
  type: DirectoryType;
  country: string;
  topics: string[];
  offers: Offers;
};
export type Query = { type?: string; country?: string; topic?: string; cursor?: string; limit?: number };

export const MAX_LIMIT = 50;
/** Listing queries one page may make before it answers what it has, with a cursor. */
const MAX_ROUNDS = 5;
/** Per item: the most courses, routes or offers read to count (far above any real institution's). */
const MAX_PER_ITEM = 200;
const COHORT_READS_AT_ONCE = 8;

const byTopicOrder = (topics: Iterable<string>) => {
  const set = new Set(topics);
  return TOPIC_IDS.filter((t) => set.has(t));
};

async function institutionEntry(item: Record<string, unknown>, now: Date): Promise<Entry> {
  const id = item.id as string;
  const [courses, routes, offers] = await Promise.all([
    Open.institutionCourses(id, MAX_PER_ITEM),
    Open.institutionRoutes(id, now, MAX_PER_ITEM),
    Open.institutionOffers(id, MAX_PER_ITEM),
  ]);
  // One small query per published course, a few at a time (an item's reads stay in step with its size).
  const open: unknown[][] = [];
  for (let i = 0; i < courses.length; i += COHORT_READS_AT_ONCE)
    open.push(
      ...(await Promise.all(courses.slice(i, i + COHORT_READS_AT_ONCE).map((c) => Open.openCohorts(c.id, now)))),
    );
  return {
    kind: "institution",
    id,
    name: item.name as string,
    type: INSTITUTION_TYPE[item.kind as InstitutionType] ?? "other",
    country: item.country as string,
    topics: byTopicOrder([...courses, ...routes, ...offers].flatMap((x) => x.topics ?? [])),
    offers: {
      courses: open.filter((cohorts) => cohorts.length > 0).length,
      routes: routes.length,
      exchangeOffers: offers.length,
      services: 0,
    },
  };
}

async function hostEntry(item: Record<string, unknown>, now: Date): Promise<Entry> {
  const id = item.id as string;
  const routes = await Open.hostRoutes(id, now, MAX_PER_ITEM);
  return {
    kind: "host",
    id,
    name: item.name as string,
    type: HOST_TYPE[item.kind as HostKind] ?? "other",
    country: item.country as string,
    topics: byTopicOrder((item.topics as string[] | undefined) ?? []),
    offers: { courses: 0, routes: routes.length, exchangeOffers: 0, services: 0 },
  };
}

type Phase = {
  tag: "i" | "h";
  index: "gsi1" | "gsi2";
  partition: string;
  filters: string[];
  values: Record<string, unknown>;
  names?: Record<string, string>;
  /** Filters DynamoDB cannot apply (an institution's topics come from what it publishes). */
  keep: (e: Entry) => boolean;
  entry: (item: Record<string, unknown>, now: Date) => Promise<Entry>;
};

function phases(q: Query): Phase[] {
  const out: Phase[] = [];
  const institutionKinds = Object.entries(INSTITUTION_TYPE)
    .filter(([, t]) => !q.type || t === q.type)
    .map(([k]) => k);
  if (institutionKinds.length) {
    const filters: string[] = [];
    const values: Record<string, unknown> = {};
    if (q.type) {
      filters.push(`kind IN (${institutionKinds.map((_, i) => `:k${i}`).join(", ")})`);
      institutionKinds.forEach((k, i) => (values[`:k${i}`] = k));
    }
    if (q.country) {
      filters.push("country = :country");
      values[":country"] = q.country;
    }
    out.push({
      tag: "i",
      index: "gsi1",
      partition: keys.institutionsPartition(),
      filters,
      values,
      keep: (e) => !q.topic || e.topics.includes(q.topic),
      entry: institutionEntry,
    });
  }
  const hostKinds = Object.entries(HOST_TYPE)
    .filter(([, t]) => !q.type || t === q.type)
    .map(([k]) => k);
  if (hostKinds.length) {
    const filters: string[] = [];
    const values: Record<string, unknown> = {};
    if (q.type) {
      filters.push(`kind IN (${hostKinds.map((_, i) => `:k${i}`).join(", ")})`);
      hostKinds.forEach((k, i) => (values[`:k${i}`] = k));
    }
    if (q.topic) {
      filters.push("contains(topics, :topic)");
      values[":topic"] = q.topic;
    }
    // A country has its own partition (by region); without one, every host, oldest first.
    out.push({
      tag: "h",
      index: q.country ? "gsi1" : "gsi2",
      partition: q.country ? keys.hostsPartition(q.country) : keys.allHostsPartition(),
      filters,
      values,
      keep: () => true,
      entry: hostEntry,
    });
  }
  return out;
}

/** `<phase tag>.<the phase's own cursor, empty at its start>`. */
function decode(cursor: string | undefined, list: Phase[]): { at: number; key?: Record<string, unknown> } {
  if (!cursor) return { at: 0 };
  const at = list.findIndex((p) => cursor.startsWith(`${p.tag}.`));
  if (at < 0) throw Invalid.field("cursor", "Cursor is not one this API issued.");
  const p = list[at];
  const inner = cursor.slice(2);
  const pk = `${p.index}pk`;
  const key = decodeCursor(inner || undefined, {
    attributes: ["pk", "sk", pk, `${p.index}sk`],
    partition: [pk, p.partition],
  });
  return { at, key };
}

/** One page of the directory: institutions by name, then hosts; each with what it offers now. */
export async function list(q: Query, now = new Date()): Promise<{ items: Entry[]; nextCursor: string | null }> {
  if (q.type && !(TYPES as readonly string[]).includes(q.type))
    throw Invalid.field("type", `Must be one of ${TYPES.join(", ")}.`);
  const limit = Math.min(Math.max(q.limit ?? 20, 1), MAX_LIMIT);
  const list = phases(q);
  let { at, key } = decode(q.cursor, list);
  const items: Entry[] = [];
  let rounds = 0;
  while (at < list.length && items.length < limit && rounds < MAX_ROUNDS) {
    const p = list[at];
    rounds += 1;
    const out = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: p.index,
        KeyConditionExpression: `${p.index}pk = :p`,
        FilterExpression: p.filters.length ? p.filters.join(" AND ") : undefined,
        ExpressionAttributeNames: p.names,
        ExpressionAttributeValues: { ...p.values, ":p": p.partition },
        ExclusiveStartKey: key,
        // Never more than the page still has room for: every item read is then answered or
        // filtered out, and the cursor can be where DynamoDB stopped.
        Limit: limit - items.length,
      }),
    );
    const entries = await Promise.all((out.Items ?? []).map((i) => p.entry(i, now)));
    items.push(...entries.filter(p.keep));
    key = out.LastEvaluatedKey;
    if (!key) at += 1;
  }
  const nextCursor = at < list.length ? `${list[at].tag}.${encodeCursor(key) ?? ""}` : null;
  return { items, nextCursor };
}
