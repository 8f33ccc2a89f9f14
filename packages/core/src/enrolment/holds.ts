/** Seat holds that lapse: the sweep the scheduler runs releases each and hands its seat on. */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { transact } from "../db/transact";
import { fromItem } from "./model";
import { lapseHold } from "./transitions";
import { HAND_OVER_ATTEMPTS, handOverSeat } from "./waitlist";

/** Releases every seat hold that expired before `now`, handing each seat to the queue. Returns how many. */
export async function releaseExpiredHolds(now: Date): Promise<number> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :p AND gsi2sk < :now",
      ExpressionAttributeValues: { ":p": keys.holdsPartition(), ":now": now.toISOString() },
      Limit: 200,
    }),
  );
  let released = 0;
  for (const item of out.Items ?? []) {
    const e = fromItem(item);
    // The index may be stale: the conditions re-check status and expiry on the item itself.
    for (let attempt = 0; attempt < HAND_OVER_ATTEMPTS; attempt++) {
      const handOver = await handOverSeat(e.kind, e.offeringId, attempt);
      const res = await transact([lapseHold(e, now.toISOString()), ...handOver.items]);
      if (res.ok) {
        released++;
        await handOver.notify();
      }
      if (res.ok || res.failed[0]) break;
    }
  }
  return released;
}
