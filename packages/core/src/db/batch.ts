/** Writing many items that need no transaction: BatchWrite in 25s, resending what DynamoDB left unprocessed. */
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { ddb, tableName } from "./client";

/** Puts every item; `onBatch` hears how many are written so far (for progress). */
export async function putAll(items: Record<string, unknown>[], onBatch?: (written: number) => Promise<void> | void) {
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length) {
      const out = await ddb().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = (out.UnprocessedItems?.[tableName()] ?? []) as typeof pending;
    }
    await onBatch?.(Math.min(i + 25, items.length));
  }
}
