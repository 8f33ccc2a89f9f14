/**
 * TransactWriteItems with retry on TransactionConflict and throttling. Concurrent transactions
 * on one hot item (a cohort's seat counter) are cancelled by DynamoDB rather than queued, and a
 * throttled request did nothing; neither is a rule being broken, so we back off (full jitter) and
 * try again — within `transactRetryMs` from the first attempt (decision 0015), then give up with
 * a typed Unavailable (503 + Retry-After), never a plain Error.
 * A ConditionalCheckFailed is a rule being broken: it is returned, never retried.
 *
 * Each call sends one ClientRequestToken, kept while the outcome is unknown (DynamoDB says the
 * same token is still in progress): a repeat with the same token and items applies at most once.
 * A caller that lost the answer to its first try (a deadline abort) can send the same items with
 * the same `token` again to learn the outcome without applying twice. A cancelled transaction did
 * nothing: its retry gets a new token.
 */
import { randomUUID } from "node:crypto";
import { TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { config } from "../config";
import { Unavailable } from "../errors";
import { ddb } from "./client";

/** The items of one TransactWriteItems call. */
export type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;
export type TransactOutcome = { ok: true } | { ok: false; failed: boolean[] };

type Cancelled = Error & { CancellationReasons?: { Code?: string }[] };

const RETRYABLE_ERRORS = [
  "TransactionConflictException",
  "TransactionInProgressException",
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
];
const RETRYABLE_REASONS = ["TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"];

/** Retries made (conflict or throttling) and budgets exhausted since start, for the bench. */
export const retryStats = { retries: 0, exhausted: 0 };

export async function transact(items: TransactItems, opts: { token?: string } = {}): Promise<TransactOutcome> {
  const started = Date.now();
  const budget = config().budgets.transactRetryMs;
  let token = opts.token ?? randomUUID();
  for (let attempt = 0; ; attempt++) {
    try {
      await ddb().send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token }));
      return { ok: true };
    } catch (err) {
      const e = err as Cancelled;
      // Still in progress under this token: ask again with it. Cancelled: the next try is new.
      if (e.name !== "TransactionInProgressException") token = randomUUID();
      const retryable = RETRYABLE_ERRORS.includes(e.name);
      if (e.name !== "TransactionCanceledException" && !retryable) throw err;
      const codes = (e.CancellationReasons ?? []).map((r) => r.Code ?? "None");
      const failed = codes.map((c) => c === "ConditionalCheckFailed");
      if (failed.some(Boolean)) return { ok: false, failed };
      if (!retryable && !codes.some((c) => RETRYABLE_REASONS.includes(c))) throw err;
      const cap = Math.min(250, 4 * 2 ** Math.min(attempt, 6));
      const wait = Math.random() * cap;
      if (Date.now() + wait - started >= budget) {
        retryStats.exhausted++;
        throw new Unavailable("Too many people are changing this at once; try again in a moment.", {
          retryAfterSeconds: 1,
          cause: err,
        });
      }
      retryStats.retries++;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
