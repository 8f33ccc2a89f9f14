/**
 * Announcements: what is coming — events, conferences, calls, training and project pipelines —
 * published by an institution's admins (for their institution) or by a platform admin (for the
 * programme, with no institution). Text is multilingual; each names its topics and countries.
 *
 * An announcement is current until its last day (end date, else start date) has passed, then it
 * is archived: it leaves the default list for `archived=true`, and is never deleted. Archiving is
 * a matter of the date, not a write: both lists read one index ordered by the last day, so the
 * current list starts at today's key and the archive ends before it (no item is scanned twice,
 * nothing has to be moved at midnight). See docs/decisions/0021-announcements-calendar-directory.md.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { type Actor, requirePlatformAdmin } from "../actor";
import * as Audit from "../audit";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { rangePage } from "../db/pagination";
import { transact } from "../db/transact";
import { Conflict, Forbidden, Invalid, NotFound, Unauthorized } from "../errors";
import * as Institutions from "../institutions";
import { isCountryCode } from "../people/countries";
import { CONTENT_LANGUAGES, type Localized, languagesOf } from "../text";
import { isTopicId } from "../topics";

export const KINDS = ["event", "conference", "call", "training", "project"] as const;
export type Kind = (typeof KINDS)[number];
export const MAX_TOPICS = 5;
export const MAX_COUNTRIES = 30;
export const MAX_URL = 2000;

export type Input = {
  /** Absent: a programme-wide announcement, which only a platform admin may publish. */
  institutionId?: string;
  kind: Kind;
  title: Localized;
  body: Localized;
  topics: string[];
  countries: string[];
  startDate: string;
  endDate?: string;
  url?: string;
};
/** `null` removes an optional field. The institution an announcement belongs to never changes. */
export type Changes = Partial<Omit<Input, "institutionId" | "endDate" | "url">> & {
  endDate?: string | null;
  url?: string | null;
};
export type Announcement = Omit<Input, "institutionId"> & {
  id: string;
  institutionId?: string;
  createdAt: string;
  updatedAt: string;
};
/** As anyone reads it: `archived` once its last day has passed (UTC). */
export type View = Announcement & { archived: boolean };

const FIELDS = [
  "id",
  "institutionId",
  "kind",
  "title",
  "body",
  "topics",
  "countries",
  "startDate",
  "endDate",
  "url",
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof Announcement)[];
const EDITABLE = ["kind", "title", "body", "topics", "countries", "startDate", "endDate", "url"] as const;

export const today = (now = new Date()) => now.toISOString().slice(0, 10);
const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
export const lastDayOf = (a: Pick<Announcement, "startDate" | "endDate">) => a.endDate ?? a.startDate;
export const isArchived = (a: Pick<Announcement, "startDate" | "endDate">, now = new Date()) =>
  lastDayOf(a) < today(now);
export const view = (a: Announcement, now = new Date()): View => ({ ...a, archived: isArchived(a, now) });
const titleOf = (title: Localized) => (Object.values(title).find(Boolean) ?? "").slice(0, 200);

function fromItem(item: Record<string, unknown>): Announcement {
  return Object.fromEntries(FIELDS.filter((k) => item[k] !== undefined).map((k) => [k, item[k]])) as Announcement;
}

/** An http(s) address a reader can open; anything else (javascript:, mailto:, relative) is refused. */
export function isWebUrl(value: string): boolean {
  if (value.length > MAX_URL) return false;
  try {
    const u = new URL(value);
    return (u.protocol === "http:" || u.protocol === "https:") && !!u.hostname;
  } catch {
    return false;
  }
}

const isDate = (d: unknown): d is string =>
  typeof d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** Every mistake at once, each naming its field, so a form can show them all. */
export function problems(a: Omit<Announcement, "id" | "createdAt" | "updatedAt">) {
  const errors: { path: string; message: string }[] = [];
  if (!(KINDS as readonly string[]).includes(a.kind))
    errors.push({ path: "kind", message: `Must be one of ${KINDS.join(", ")}.` });
  if (!languagesOf(a.title ?? {}).length)
    errors.push({ path: "title", message: `A title is needed in at least one of ${CONTENT_LANGUAGES.join(", ")}.` });
  if (!languagesOf(a.body ?? {}).length) errors.push({ path: "body", message: "A text is needed." });
  if (!a.topics?.length) errors.push({ path: "topics", message: "Name at least one topic." });
  else if (a.topics.length > MAX_TOPICS) errors.push({ path: "topics", message: `At most ${MAX_TOPICS} topics.` });
  a.topics?.forEach((t, i) => {
    if (!isTopicId(t)) errors.push({ path: `topics.${i}`, message: `Unknown topic ${t}.` });
  });
  if (!a.countries?.length) errors.push({ path: "countries", message: "Name at least one country." });
  else if (a.countries.length > MAX_COUNTRIES)
    errors.push({ path: "countries", message: `At most ${MAX_COUNTRIES} countries.` });
  a.countries?.forEach((c, i) => {
    if (!isCountryCode(c)) errors.push({ path: `countries.${i}`, message: "Must be an ISO 3166-1 alpha-2 code." });
  });
  if (!isDate(a.startDate)) errors.push({ path: "startDate", message: "Must be a date as YYYY-MM-DD." });
  if (a.endDate !== undefined && !isDate(a.endDate))
    errors.push({ path: "endDate", message: "Must be a date as YYYY-MM-DD." });
  else if (a.endDate !== undefined && isDate(a.startDate) && a.endDate < a.startDate)
    errors.push({ path: "endDate", message: "The last day must be on or after the first." });
  if (a.url !== undefined && !isWebUrl(a.url))
    errors.push({ path: "url", message: `Must be an http or https address (at most ${MAX_URL} characters).` });
  return errors;
}

function validate(a: Omit<Announcement, "id" | "createdAt" | "updatedAt">): void {
  const errors = problems(a);
  if (errors.length) throw new Invalid("Invalid announcement.", errors);
}

/**
 * With an institution, its admins (and platform admins); without one, platform admins only.
 * 401 signed out, 404 no such institution, 403 anyone else.
 */
async function requirePublisher(actor: Actor, institutionId: string | undefined): Promise<void> {
  if (actor.kind === "anonymous") throw new Unauthorized();
  if (institutionId) {
    await Institutions.requireAdmin(actor, institutionId);
    return;
  }
  try {
    requirePlatformAdmin(actor);
  } catch (err) {
    if (err instanceof Forbidden)
      throw new Forbidden(
        "Name the institution you publish for (institutionId); only platform admins publish without one.",
      );
    throw err;
  }
}

const itemOf = (a: Announcement, revision: number) => ({
  ...keys.announcement(a.id),
  ...keys.announcementListing(lastDayOf(a), a.id),
  type: "Announcement",
  ...a,
  revision,
});

export async function create(actor: Actor, input: Input): Promise<View> {
  await requirePublisher(actor, input.institutionId);
  const now = new Date().toISOString();
  const a: Announcement = {
    id: ulid(),
    ...(input.institutionId ? { institutionId: input.institutionId } : {}),
    kind: input.kind,
    title: input.title,
    body: input.body,
    topics: [...new Set(input.topics)],
    countries: [...new Set(input.countries)],
    startDate: input.startDate,
    ...(input.endDate !== undefined ? { endDate: input.endDate } : {}),
    ...(input.url !== undefined ? { url: input.url } : {}),
    createdAt: now,
    updatedAt: now,
  };
  validate(a);
  const out = await transact([
    { Put: { TableName: tableName(), Item: itemOf(a, 1), ConditionExpression: "attribute_not_exists(pk)" } },
    Audit.write(actor, {
      action: "announcement.created",
      target: { kind: "announcement", id: a.id },
      ...(a.institutionId ? { institutionId: a.institutionId } : {}),
      details: { kind: a.kind, title: titleOf(a.title), startDate: a.startDate },
    }),
  ]);
  if (!out.ok) throw new Conflict("An announcement with this id exists already.");
  return view(a);
}

async function loadStored(id: string): Promise<{ a: Announcement; revision: number }> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.announcement(id), ConsistentRead: true }),
  );
  if (!out.Item) throw new NotFound("Announcement");
  return { a: fromItem(out.Item), revision: (out.Item.revision as number | undefined) ?? 0 };
}

/** One announcement, current or archived (public). */
export async function get(id: string): Promise<View> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.announcement(id) }));
  if (!out.Item) throw new NotFound("Announcement");
  return view(fromItem(out.Item));
}

/**
 * Changes an announcement (its publishers: the same rule as creating it). The whole item is
 * rewritten, conditioned on the revision it was read at, so its listing key (the last day) moves
 * with its dates and a concurrent edit is refused (409 `stale`), not silently overwritten.
 */
export async function update(actor: Actor, id: string, changes: Changes): Promise<View> {
  const { a: current, revision } = await loadStored(id);
  await requirePublisher(actor, current.institutionId);
  const next: Announcement = { ...current };
  const fields = EDITABLE.filter((f) => changes[f] !== undefined);
  for (const f of fields) {
    const value = changes[f];
    if (value === null) delete next[f as "endDate" | "url"];
    else Object.assign(next, { [f]: f === "topics" || f === "countries" ? [...new Set(value as string[])] : value });
  }
  validate(next);
  if (!fields.length) return view(current);
  next.updatedAt = new Date().toISOString();
  const out = await transact([
    {
      Put: {
        TableName: tableName(),
        Item: itemOf(next, revision + 1),
        ConditionExpression: revision ? "revision = :r" : "attribute_exists(pk) AND attribute_not_exists(revision)",
        ...(revision ? { ExpressionAttributeValues: { ":r": revision } } : {}),
      },
    },
    Audit.write(actor, {
      action: "announcement.updated",
      target: { kind: "announcement", id },
      ...(current.institutionId ? { institutionId: current.institutionId } : {}),
      details: { fields: fields.join(","), title: titleOf(next.title) },
    }),
  ]);
  if (!out.ok) throw new Conflict("The announcement changed while it was edited; try again.", "stale");
  return view(next);
}

export type ListQuery = {
  topic?: string;
  country?: string;
  /** Only what is on at some day from `from` to `to` (inclusive), either may be absent. */
  from?: string;
  to?: string;
  archived?: boolean;
  cursor?: string;
  limit?: number;
};
export const MAX_LIMIT = 50;

/**
 * The public list. Current (default): those whose last day is today or later, soonest-ending
 * first — so a call shows while its deadline nears, a one-day event on its day. Archived: those
 * already over, most recent first. Filters: a topic, a country, and a date range it overlaps.
 */
export async function list(query: ListQuery, now = new Date()): Promise<{ items: View[]; nextCursor: string | null }> {
  const errors: { path: string; message: string }[] = [];
  if (query.from !== undefined && !isDate(query.from))
    errors.push({ path: "from", message: "Must be a date as YYYY-MM-DD." });
  if (query.to !== undefined && !isDate(query.to))
    errors.push({ path: "to", message: "Must be a date as YYYY-MM-DD." });
  if (!errors.length && query.from && query.to && query.to < query.from)
    errors.push({ path: "to", message: "Must be on or after from." });
  if (errors.length) throw new Invalid("Invalid query.", errors);

  const day = today(now);
  const filters: string[] = [];
  const values: Record<string, unknown> = {};
  if (query.topic) {
    filters.push("contains(topics, :topic)");
    values[":topic"] = query.topic;
  }
  if (query.country) {
    filters.push("contains(countries, :country)");
    values[":country"] = query.country;
  }
  if (query.to) {
    filters.push("startDate <= :to");
    values[":to"] = query.to;
  }
  // Sort keys are `<last day>#<id>`: a bare day sorts before every key of that day, `<day>~` after.
  const from = query.from ?? "0000-00-00";
  const range = query.archived
    ? { from, to: `${dayBefore(day)}~`, ascending: false }
    : { from: from > day ? from : day, to: "9999-99-99~", ascending: true };
  const page = await rangePage({
    partition: keys.announcementsPartition(),
    ...range,
    filters,
    values,
    cursor: query.cursor,
    limit: Math.min(Math.max(query.limit ?? 20, 1), MAX_LIMIT),
  });
  return { items: page.items.map((i) => view(fromItem(i), now)), nextCursor: page.nextCursor };
}

/**
 * Every current announcement matching the filters, soonest-ending first, up to `max` (the
 * calendar feed; digests). Reads pages of the current list until it ends or `max` are found.
 */
export async function current(
  query: Pick<ListQuery, "topic" | "country">,
  max: number,
  now = new Date(),
): Promise<View[]> {
  const items: View[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ ...query, cursor, limit: Math.min(MAX_LIMIT, max - items.length) }, now);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < max);
  return items;
}
