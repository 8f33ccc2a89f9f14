/**
 * TransactWriteItems with retry on TransactionConflict. Concurrent transactions
 * on one hot item (a cohort's seat counter) are cancelled by DynamoDB rather than
 * queued; a conflict is not a rule being broken, so we back off and try again.
 * A ConditionalCheckFailed is a rule being broken: it is returned, never retried.
 */
import { TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { ddb } from "./client";

/** The items of one TransactWriteItems call. */
export type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;
export type TransactOutcome = { ok: true } | { ok: false; failed: boolean[] };

type Cancelled = Error & { CancellationReasons?: { Code?: string }[] };

export async function transact(items: TransactItems, maxAttempts = 60): Promise<TransactOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      await ddb().send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (err) {
      const e = err as Cancelled;
      const retryable = e.name === "TransactionConflictException" || e.name === "TransactionInProgressException";
      if (e.name !== "TransactionCanceledException" && !retryable) throw err;
      const codes = (e.CancellationReasons ?? []).map((r) => r.Code ?? "None");
      const failed = codes.map((c) => c === "ConditionalCheckFailed");
      const conflict = retryable || codes.some((c) => c === "TransactionConflict");
      if (failed.some(Boolean)) return { ok: false, failed };
      if (!conflict) throw err;
      if (attempt + 1 >= maxAttempts) throw new Error("Transaction kept conflicting; giving up", { cause: err });
      const cap = Math.min(250, 4 * 2 ** Math.min(attempt, 6));
      await new Promise((r) => setTimeout(r, Math.random() * cap));
    }
  }
}
