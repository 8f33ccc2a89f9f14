/**
 * The audit trail: an append-only record of every admin action — who, when, what, on what,
 * and the request that carried it. An entry is never written on its own: `write` returns a
 * TransactWriteItems Put that the acting verb adds to the SAME transaction as its change, so an
 * entry exists exactly when the change does (a refused or failed action leaves none).
 * Nothing updates or deletes an entry, and entries have no TTL.
 *
 * Keys (see db/README.md): one partition per month for the platform view, gsi1 per institution,
 * gsi2 per actor; the sort key is `<at>#<id>` everywhere, so every read is a Query over a time range.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { stringify } from "csv-stringify/sync";
import { ulid } from "ulid";
import { type Actor, requirePlatformAdmin } from "../actor";
import { spreadsheetSafe } from "../courses/admin";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { decodeCursor, encodeCursor } from "../db/pagination";
import type { TransactItems } from "../db/transact";
import { Invalid, Unauthorized } from "../errors";
import * as Institutions from "../institutions";

/**
 * The closed list of audited actions. A new admin action adds its name here and one
 * `Audit.write(...)` to its transaction; payouts, matching rounds and concursos are ready.
 */
export const ACTIONS = [
  "institution.created",
  "institution.member_added",
  "host.created",
  "host.updated",
  "host.member_added",
  "host.photo_set",
  "course.created",
  "course.published",
  "cohort.created",
  "publication.created",
  "publication.file_uploaded",
  "route.created",
  "route.updated",
  "route.published",
  "enrolment.refund_requested",
  "enrolment.refund_failed",
  "payout.created",
  "payout.failed",
  "payout_run.created",
  "payout_run.completed",
  "host.connected_account_created",
  "matching_round.run",
  "exchange_offer.created",
  "exchange_offer.updated",
  "exchange_offer.closed",
  "exchange_offer.ranked",
  "exchange_application.saved",
  "exchange_place.accepted",
  "exchange_place.declined",
  "concurso.opened",
  "concurso.closed",
  "role.changed",
  "data.deleted",
  "announcement.created",
  "announcement.updated",
  "demand_alert.set",
] as const;
export type Action = (typeof ACTIONS)[number];

export const TARGET_KINDS = [
  "institution",
  "person",
  "host",
  "course",
  "cohort",
  "publication",
  "route",
  "enrolment",
  "payout",
  "payout_run",
  "matching_round",
  "exchange_offer",
  "exchange_application",
  "concurso",
  "announcement",
] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export type AuditActor = { kind: "person"; id: string; email: string } | { kind: "system" };
/** Small and flat: ids, amounts, names the admin typed — never secrets, never a profile. */
export type Details = Record<string, string | number | boolean | null>;
export type Entry = {
  id: string;
  at: string;
  actor: AuditActor;
  action: Action;
  target: { kind: TargetKind; id: string };
  institutionId?: string;
  requestId?: string;
  details: Details;
};

const MAX_DETAILS_BYTES = 2048;
type TransactItem = TransactItems[number];

/**
 * The entry for `actor` doing `action`, as a Put for the caller's TransactWriteItems.
 * `attribute_not_exists` makes it append-only even against a (never expected) id collision.
 */
export function write(
  actor: Actor,
  input: { action: Action; target: Entry["target"]; institutionId?: string; details?: Details },
): TransactItem {
  if (actor.kind === "anonymous") throw new Unauthorized(); // no admin action is anonymous
  const details = input.details ?? {};
  if (Buffer.byteLength(JSON.stringify(details)) > MAX_DETAILS_BYTES)
    throw new Error(`Audit details for ${input.action} exceed ${MAX_DETAILS_BYTES} bytes`);
  const entry: Entry = {
    id: ulid(),
    at: new Date().toISOString(),
    actor: actor.kind === "person" ? { kind: "person", id: actor.id, email: actor.email } : { kind: "system" },
    action: input.action,
    target: input.target,
    ...(input.institutionId ? { institutionId: input.institutionId } : {}),
    ...(actor.requestId ? { requestId: actor.requestId } : {}),
    details,
  };
  const actorId = entry.actor.kind === "person" ? entry.actor.id : "system";
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...keys.auditEntry(entry.at, entry.id),
        ...(entry.institutionId ? keys.auditOfInstitution(entry.institutionId, entry.at, entry.id) : {}),
        ...keys.auditOfActor(actorId, entry.at, entry.id),
        type: "AuditEntry",
        ...entry,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

export type ListQuery = {
  from?: string; // YYYY-MM-DD, inclusive
  to?: string; // YYYY-MM-DD, inclusive
  action?: Action;
  actorId?: string; // a person's id, or "system"
  institutionId?: string;
  cursor?: string;
  limit?: number;
};

export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 400;
export const MAX_LIMIT = 1000;

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The time range as sort-key bounds, and the months it spans newest first (the platform view's partitions). */
function range(q: ListQuery) {
  const to = q.to ?? dayOf(Date.now());
  const from = q.from ?? dayOf(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * DAY);
  if (from > to) throw Invalid.field("from", "`from` must be on or before `to`.");
  if (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`) > (MAX_DAYS - 1) * DAY)
    throw Invalid.field("from", `At most ${MAX_DAYS} days can be read at once.`);
  const months: string[] = [];
  for (let m = to.slice(0, 7); m >= from.slice(0, 7);) {
    months.push(m);
    const [y, mo] = m.split("-").map(Number);
    m = mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, "0")}`;
  }
  // `~` sorts after every character of an ISO time and a ULID: the whole of the last day.
  return { low: from, high: `${to}~`, months };
}

const fromItem = (i: Record<string, unknown>): Entry => {
  const { id, at, actor, action, target, institutionId, requestId, details } = i as Entry;
  return {
    id,
    at,
    actor,
    action,
    target,
    ...(institutionId ? { institutionId } : {}),
    ...(requestId ? { requestId } : {}),
    details,
  };
};

/**
 * Entries newest first. A platform admin reads everything (filters: action, actor, institution);
 * an institution's admin reads only its institution's entries and must name it.
 * Every path is a Query: by institution (gsi1), by actor (gsi2), else month by month (table).
 */
export async function list(actor: Actor, q: ListQuery): Promise<{ items: Entry[]; nextCursor: string | null }> {
  if (q.institutionId) await Institutions.requireAdmin(actor, q.institutionId);
  else requirePlatformAdmin(actor);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), MAX_LIMIT);
  const { low, high, months } = range(q);

  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":low": low, ":high": high };
  if (q.action) {
    filters.push("#action = :action");
    names["#action"] = "action";
    values[":action"] = q.action;
  }
  type Path = { index?: "gsi1" | "gsi2"; pk: string; sk: string; partitions: string[] };
  let path: Path;
  if (q.institutionId) {
    path = { index: "gsi1", pk: "gsi1pk", sk: "gsi1sk", partitions: [keys.auditInstitutionPartition(q.institutionId)] };
    if (q.actorId) {
      filters.push("gsi2pk = :actor");
      values[":actor"] = keys.auditActorPartition(q.actorId);
    }
  } else if (q.actorId) {
    path = { index: "gsi2", pk: "gsi2pk", sk: "gsi2sk", partitions: [keys.auditActorPartition(q.actorId)] };
  } else {
    path = { pk: "pk", sk: "sk", partitions: months.map(keys.auditMonthPartition) };
  }

  // The cursor is the last entry's key; it names its partition, which must be one this query reads.
  const attributes = ["pk", "sk", ...(path.index ? [`${path.index}pk`, `${path.index}sk`] : [])];
  let start = decodeCursor(q.cursor);
  let p = 0;
  if (start) {
    const shaped =
      Object.keys(start).sort().join() === [...attributes].sort().join() &&
      path.partitions.includes(start[path.pk] as string);
    if (!shaped) throw Invalid.field("cursor", "Cursor is not one this API issued.");
    p = path.partitions.indexOf(start[path.pk] as string);
  }

  const items: Entry[] = [];
  let last: Record<string, unknown> | undefined;
  for (; p < path.partitions.length && items.length < limit; p++) {
    do {
      const out = await ddb().send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: path.index,
          KeyConditionExpression: `${path.pk} = :p AND ${path.sk} BETWEEN :low AND :high`,
          FilterExpression: filters.length ? filters.join(" AND ") : undefined,
          ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
          ExpressionAttributeValues: { ...values, ":p": path.partitions[p] },
          ScanIndexForward: false,
          Limit: limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const i of out.Items ?? []) {
        items.push(fromItem(i));
        last = i;
      }
      start = out.LastEvaluatedKey;
    } while (start && items.length < limit);
    start = undefined;
  }
  const nextCursor =
    items.length === limit && last ? encodeCursor(Object.fromEntries(attributes.map((a) => [a, last![a]]))) : null;
  return { items, nextCursor };
}

export const CSV_COLUMNS = [
  "at",
  "action",
  "actorKind",
  "actorId",
  "actorEmail",
  "targetKind",
  "targetId",
  "institutionId",
  "requestId",
  "details",
] as const;

/** One row per entry; every cell a spreadsheet could run as a formula is quoted (admins type names). */
export function toCsv(entries: Entry[]): string {
  const rows = entries.map((e) => ({
    at: e.at,
    action: e.action,
    actorKind: e.actor.kind,
    actorId: e.actor.kind === "person" ? e.actor.id : "",
    actorEmail: e.actor.kind === "person" ? e.actor.email : "",
    targetKind: e.target.kind,
    targetId: e.target.id,
    institutionId: e.institutionId ?? "",
    requestId: e.requestId ?? "",
    details: JSON.stringify(e.details),
  }));
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], cast: { string: spreadsheetSafe } });
}
