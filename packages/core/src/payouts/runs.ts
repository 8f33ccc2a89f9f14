/**
 * Payout runs: pay every party with something due in one currency, a few parties per step so
 * each request stays well inside the API budget (decision 0015). A run lists the parties with
 * `due > 0` when it is created (the balance items' index), and each step pays the next ones what
 * they have available at that moment. Each party's payout in a run has its own idempotency key
 * (`run:<runId>:<party>`), so a step repeated after a lost answer pays nobody twice; a second run
 * finds nothing due for those already paid. The operator and the solidarity fund are not paid out.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { type Actor, requirePlatformAdmin } from "../actor";
import * as Audit from "../audit";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { transact } from "../db/transact";
import { Conflict, DomainError, Invalid, NotFound } from "../errors";
import * as Ledger from "../ledger";
import { connectedAccount } from "./connect";
import { MANUAL_METHODS, type ManualMethod, type Method, type Money, payValidated } from "./pay";

export type RunPaid = { party: string; amount: Money; payoutId: string; method: Method };
export type RunOutcome = { party: string; reason: string };
export type Run = {
  id: string;
  currency: string;
  method?: ManualMethod;
  reference?: string;
  status: "running" | "done";
  total: number;
  done: number;
  paid: RunPaid[];
  skipped: RunOutcome[];
  failed: RunOutcome[];
  createdAt: string;
};
type StoredRun = Run & { parties: string[] };

export const DEFAULT_STEP = 10;
export const MAX_STEP = 25;
const NOT_PAID_OUT = ["operator", "solidarity_fund"];

const view = ({ parties: _p, ...run }: StoredRun): Run => run;

async function getStored(runId: string): Promise<StoredRun | null> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.payoutRun(runId), ConsistentRead: true }),
  );
  if (!out.Item) return null;
  const { pk: _a, sk: _b, type: _t, ...run } = out.Item;
  return run as StoredRun;
}

export async function createRun(
  actor: Actor,
  input: { currency: string; method?: ManualMethod; reference?: string },
): Promise<Run> {
  requirePlatformAdmin(actor);
  if (!/^[A-Z]{3}$/.test(input.currency)) throw Invalid.field("currency", "Must be an ISO 4217 code such as CAD.");
  if (input.method && !(MANUAL_METHODS as readonly string[]).includes(input.method))
    throw Invalid.field(
      "method",
      `A run's own method is one of ${MANUAL_METHODS.join(", ")}; Stripe is used where ready.`,
    );
  if (input.method && !input.reference?.trim())
    throw Invalid.field("reference", "A reference is required with a manual method.");
  const parties = (await Ledger.partyBalances(input.currency, { dueOnly: true })).map((b) => b.party).sort();
  const run: StoredRun = {
    id: ulid(),
    currency: input.currency,
    ...(input.method ? { method: input.method, reference: input.reference!.trim() } : {}),
    status: parties.length ? "running" : "done",
    total: parties.length,
    done: 0,
    paid: [],
    skipped: [],
    failed: [],
    createdAt: new Date().toISOString(),
    parties,
  };
  await transact([
    {
      Put: {
        TableName: tableName(),
        Item: { ...keys.payoutRun(run.id), type: "PayoutRun", ...run },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    Audit.write(actor, {
      action: "payout_run.created",
      target: { kind: "payout_run", id: run.id },
      details: { currency: run.currency, parties: run.total, method: run.method ?? null },
    }),
  ]);
  return view(run);
}

export async function getRun(actor: Actor, runId: string): Promise<Run> {
  requirePlatformAdmin(actor);
  const run = await getStored(runId);
  if (!run) throw new NotFound("Payout run");
  return view(run);
}

type Decision = { paid?: RunPaid; skipped?: RunOutcome; failed?: RunOutcome };

async function payParty(actor: Actor, run: StoredRun, party: string): Promise<Decision> {
  if (NOT_PAID_OUT.includes(party)) return { skipped: { party, reason: "not_paid_out" } };
  const balance = await Ledger.partyBalance(party, run.currency);
  const amount = balance?.available ?? 0;
  const account = party.startsWith("host:") ? await connectedAccount(party.slice(5)) : null;
  const method: Method | undefined = account?.ready ? "stripe" : run.method;
  if (!method) return { skipped: { party, reason: account ? "connected_account_not_ready" : "no_method" } };
  try {
    // An earlier try of this step may have paid this party already: the key gives that payout back.
    const { payout } = await payValidated(
      actor,
      {
        party,
        amount: { amount: Math.max(amount, 1), currency: run.currency },
        method,
        ...(method === "stripe" ? {} : { reference: run.reference }),
      },
      `run:${run.id}:${party}`,
      { sameRequestOnly: false },
    );
    return { paid: { party, amount: payout.amount, payoutId: payout.id, method: payout.method } };
  } catch (err) {
    if (err instanceof Conflict && err.code === "over_due") return { skipped: { party, reason: "nothing_due" } };
    if (err instanceof DomainError && err.kind !== "unavailable")
      return { failed: { party, reason: err.code ?? err.message } };
    throw err;
  }
}

/** Pays up to `count` more parties of the run, and records what happened to each. */
export async function step(actor: Actor, runId: string, count = DEFAULT_STEP): Promise<Run> {
  requirePlatformAdmin(actor);
  if (!Number.isInteger(count) || count < 1 || count > MAX_STEP)
    throw Invalid.field("count", `Must be a whole number from 1 to ${MAX_STEP}.`);
  const run = await getStored(runId);
  if (!run) throw new NotFound("Payout run");
  if (run.status === "done") return view(run);
  const batch = run.parties.slice(run.done, run.done + count);
  const decisions: Decision[] = [];
  for (const party of batch) decisions.push(await payParty(actor, run, party));
  const done = run.done + batch.length;
  const finished = done >= run.total;
  const pick = <K extends keyof Decision>(k: K) => decisions.flatMap((d) => (d[k] ? [d[k]!] : []));
  const out = await transact([
    {
      Update: {
        TableName: tableName(),
        Key: keys.payoutRun(run.id),
        UpdateExpression:
          "SET done = :done, #s = :status, paid = list_append(paid, :paid), skipped = list_append(skipped, :skipped), failed = list_append(failed, :failed)",
        // Two steps at once: only the first records its batch (the other's payouts were the same, by key).
        ConditionExpression: "done = :before",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: {
          ":done": done,
          ":before": run.done,
          ":status": finished ? "done" : "running",
          ":paid": pick("paid"),
          ":skipped": pick("skipped"),
          ":failed": pick("failed"),
        },
      },
    },
    ...(finished
      ? [
          Audit.write(actor, {
            action: "payout_run.completed",
            target: { kind: "payout_run", id: run.id },
            details: {
              currency: run.currency,
              paid: run.paid.length + pick("paid").length,
              skipped: run.skipped.length + pick("skipped").length,
              failed: run.failed.length + pick("failed").length,
            },
          }),
        ]
      : []),
  ]);
  if (!out.ok && !out.failed[0]) throw new Conflict("The run could not be recorded; step again.", "run_in_progress");
  return view((await getStored(run.id))!);
}
