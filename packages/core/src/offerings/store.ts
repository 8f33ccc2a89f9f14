/** Reading and writing offering items, whatever their kind (one item per offering: `<PREFIX>#<id>` / META). */
import { BatchGetCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { type TransactItems, transact } from "../db/transact";
import { Conflict } from "../errors";
import type { Locale } from "../text";
import { pick } from "../text";
import type { Offering, OfferingKind } from "./descriptor";
import { describe } from "./registry";

export async function get(kind: OfferingKind, id: string): Promise<Offering | null> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.offering(kind, id), ConsistentRead: true }),
  );
  return out.Item ? (out.Item as Offering) : null;
}

/** Several offerings at once (keyed `kind#id`), for lists that show many enrolments. */
export async function getMany(refs: { kind: OfferingKind; id: string }[]): Promise<Map<string, Offering>> {
  const unique = [...new Map(refs.map((r) => [`${r.kind}#${r.id}`, keys.offering(r.kind, r.id)])).values()];
  const found = new Map<string, Offering>();
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Record<string, unknown>[] = unique.slice(i, i + 100);
    while (pending.length) {
      const out = await ddb().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending } } }));
      for (const o of (out.Responses?.[tableName()] ?? []) as Offering[]) found.set(`${o.kind}#${o.id}`, o);
      pending = (out.UnprocessedKeys?.[tableName()]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}

/**
 * Writes a new offering item; seated kinds start with no seat taken. `extra` carries the
 * capability's own attributes and index keys (a cohort's place in its course); `also` the items
 * written in the same transaction (the admin action's audit entry).
 */
export async function create<T extends Offering>(
  offering: T,
  extra: Record<string, unknown> = {},
  type?: string,
  also: TransactItems = [],
): Promise<T> {
  const d = describe(offering.kind);
  const item = { ...offering, ...(d.hasSeats ? { seatsTaken: offering.seatsTaken ?? 0 } : {}) };
  const out = await transact([
    {
      Put: {
        TableName: tableName(),
        Item: { ...keys.offering(offering.kind, offering.id), ...extra, type: type ?? d.notFoundName, ...item },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    ...also,
  ]);
  if (!out.ok) throw new Conflict(`A ${d.notFoundName.toLowerCase()} with this id exists already.`);
  return item;
}

/** What a payment is for, on Checkout and on the receipt: the title, with its dates when it has any. */
export function itemTitle(offering: Offering, locale: Locale): string {
  const title = pick(offering.title, locale);
  return describe(offering.kind).hasDates && offering.startDate && offering.endDate
    ? `${title} (${offering.startDate} – ${offering.endDate})`
    : title;
}
