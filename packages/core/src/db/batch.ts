/** Many items at once, outside transactions: BatchWrite in 25s and BatchGet in 100s, resending what DynamoDB left unprocessed. */
import { BatchGetCommand, BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
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

/** Reads items by key (BatchGetItem, 100 a call, resending unprocessed keys); missing items are left out. */
export async function getAll(itemKeys: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < itemKeys.length; i += 100) {
    let left = itemKeys.slice(i, i + 100);
    while (left.length) {
      const out = await ddb().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: left } } }));
      found.push(...(out.Responses?.[tableName()] ?? []));
      left = (out.UnprocessedKeys?.[tableName()]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}
