/**
 * Opaque cursors: the DynamoDB LastEvaluatedKey, base64url-encoded JSON.
 * A tampered cursor is rejected as bad input, never passed to the database raw.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { Invalid } from "../errors";
import { ddb, tableName } from "./client";

export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString("base64url") : null;
}

/** `expect` names the key attributes a cursor of this listing has, and the partition it must be in. */
export function decodeCursor(
  cursor: string | undefined,
  expect?: { attributes: string[]; partition: [attribute: string, value: string] },
): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const ok = Object.values(value).every((v) => typeof v === "string");
      const shaped =
        !expect ||
        (Object.keys(value).sort().join() === [...expect.attributes].sort().join() &&
          value[expect.partition[0]] === expect.partition[1]);
      if (ok && shaped) return value as Record<string, unknown>;
    }
  } catch {
    /* fall through */
  }
  throw Invalid.field("cursor", "Cursor is not one this API issued.");
}

type Filtered = {
  partition: string;
  /** Filter conditions joined by AND; their values in `values`, any attribute names in `names`. */
  filters: string[];
  values: Record<string, unknown>;
  names?: Record<string, string>;
  cursor: string | undefined;
  limit: number;
};
type Page = { items: Record<string, unknown>[]; nextCursor: string | null };

const startOf = (input: Filtered) =>
  decodeCursor(input.cursor, { attributes: ["pk", "sk", "gsi1pk", "gsi1sk"], partition: ["gsi1pk", input.partition] });

/**
 * Reads a gsi1 partition (or a sort-key range of it) from `start` until the page is full or the
 * listing ends: a filter is applied after each read, so one read may bring fewer than asked.
 */
async function readPage(
  input: Filtered,
  start: Record<string, unknown> | undefined,
  range: { from: string; to: string } | null,
  ascending: boolean,
): Promise<Page> {
  const items: Record<string, unknown>[] = [];
  do {
    const out = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi1",
        KeyConditionExpression: range ? "gsi1pk = :p AND gsi1sk BETWEEN :rangeFrom AND :rangeTo" : "gsi1pk = :p",
        FilterExpression: input.filters.length ? input.filters.join(" AND ") : undefined,
        ExpressionAttributeNames: input.names,
        ExpressionAttributeValues: {
          ...input.values,
          ":p": input.partition,
          ...(range ? { ":rangeFrom": range.from, ":rangeTo": range.to } : {}),
        },
        ScanIndexForward: ascending,
        Limit: input.limit - items.length,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start && items.length < input.limit);
  return { items, nextCursor: encodeCursor(start) };
}

/** One page of a gsi1 listing, newest first, with filters applied by DynamoDB. */
export const filteredPage = (input: Filtered): Promise<Page> => readPage(input, startOf(input), null, false);

/**
 * One page of a gsi1 listing within a sort-key range [`from`, `to`] (inclusive), in either
 * direction, with filters applied by DynamoDB. The range may move between two pages (it is often
 * "from today"): a cursor already past its end gives an empty last page, and one before its start
 * is dropped, so the next page is what the range now holds — never DynamoDB's error for a start key
 * outside the query's bounds.
 */
export async function rangePage(input: Filtered & { from: string; to: string; ascending: boolean }): Promise<Page> {
  let start = startOf(input);
  if (start) {
    const at = start.gsi1sk as string;
    const past = input.ascending ? at >= input.to : at <= input.from;
    const before = input.ascending ? at < input.from : at > input.to;
    if (past) return { items: [], nextCursor: null };
    if (before) start = undefined;
  }
  if (input.from > input.to) return { items: [], nextCursor: null };
  return readPage(input, start, { from: input.from, to: input.to }, input.ascending);
}
