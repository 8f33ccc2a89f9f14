/** Paid payouts, newest first: every one (gsi1) or one party's (gsi2); a page at a time; CSV. */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { stringify } from "csv-stringify/sync";
import { type Actor, requirePlatformAdmin } from "../actor";
import { spreadsheetSafe } from "../courses/admin";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { decodeCursor, encodeCursor } from "../db/pagination";
import { toMajor } from "../money";
import { type Payout, toView } from "./pay";

export type ListQuery = { party?: string; cursor?: string; limit?: number };

export async function list(actor: Actor, q: ListQuery): Promise<{ items: Payout[]; nextCursor: string | null }> {
  requirePlatformAdmin(actor);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 1000);
  const [index, pk, sk, partition] = q.party
    ? (["gsi2", "gsi2pk", "gsi2sk", keys.partyPayoutsPartition(q.party)] as const)
    : (["gsi1", "gsi1pk", "gsi1sk", keys.payoutsPartition()] as const);
  const start = decodeCursor(q.cursor, { attributes: ["pk", "sk", pk, sk], partition: [pk, partition] });
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: index,
      KeyConditionExpression: `${pk} = :p`,
      ExpressionAttributeValues: { ":p": partition },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: start,
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => toView(i as Parameters<typeof toView>[0])),
    nextCursor: encodeCursor(out.LastEvaluatedKey),
  };
}

export function toCsv(items: Payout[]): string {
  return stringify(
    items.map((p) => ({
      createdAt: p.createdAt,
      id: p.id,
      party: p.party,
      amount: p.amount.amount,
      amountMajor: toMajor(p.amount.amount, p.amount.currency),
      currency: p.amount.currency,
      method: p.method,
      reference: p.reference ?? "",
      transferId: p.transferId ?? "",
      routeId: p.routeId ?? "",
    })),
    {
      header: true,
      cast: { string: spreadsheetSafe },
      columns: [
        "createdAt",
        "id",
        "party",
        "amount",
        "amountMajor",
        "currency",
        "method",
        "reference",
        "transferId",
        "routeId",
      ],
    },
  );
}
