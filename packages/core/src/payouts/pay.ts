/**
 * Paying one party what it is due (decision 0018). Every payout is a ledger posting (debit the
 * party, credit `payouts:<method>`, or `stripe:balance` for a Stripe transfer) whose balance
 * update is conditional on the party's `available` — no payout overdraws, however many race.
 *
 * Manual methods (bank transfer, mobile money, cash) are one transaction: Idempotency-Key record,
 * payout, posting, balance and audit entry together.
 *
 * Stripe goes reserve → transfer → settle:
 * 1. reserve: one transaction takes the amount from `available` into `reserved` (conditional), and
 *    writes the Idempotency-Key record and the payout as `pending` (not listed anywhere);
 * 2. `transfers.create` with the payout's idempotency key and `transfer_group`;
 * 3. settle: one transaction writes the posting (moving `reserved` to `paid`), the payout as
 *    `paid`, the key record as `paid` and the `payout.created` entry.
 * A refused transfer releases the reservation and deletes the pending payout and its key record
 * (with a `payout.failed` entry): no payout is recorded. An unknown outcome (timeout, Stripe
 * down) keeps the reservation: the same Idempotency-Key resumes it, and Stripe's idempotency
 * key (the payout's id) makes the transfer happen at most once.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type Stripe from "stripe";
import { ulid } from "ulid";
import { type Actor, requirePlatformAdmin } from "../actor";
import * as Audit from "../audit";
import { tableName, ddb } from "../db/client";
import { keys } from "../db/keys";
import { type TransactItems, transact } from "../db/transact";
import { Conflict, Invalid, NotFound, Unavailable } from "../errors";
import * as Hosts from "../hosts";
import * as Institutions from "../institutions";
import * as Ledger from "../ledger";
import * as Offerings from "../offerings";
import { stripe } from "../stripe";
import { connectedAccount } from "./connect";

export const METHODS = ["stripe", "bank_transfer", "mobile_money", "cash"] as const;
export type Method = (typeof METHODS)[number];
export const MANUAL_METHODS = ["bank_transfer", "mobile_money", "cash"] as const;
export type ManualMethod = (typeof MANUAL_METHODS)[number];
export type Money = { amount: number; currency: string };

export type PayoutInput = {
  party: string;
  amount: Money;
  method: Method;
  reference?: string;
  routeId?: string;
};

export type Payout = {
  id: string;
  party: string;
  amount: Money;
  method: Method;
  /** The Stripe transfer's id for `stripe`; what the admin typed for the others. */
  reference: string | null;
  status: "paid";
  transferId?: string;
  routeId?: string;
  createdAt: string;
};

type Stored = Omit<Payout, "status"> & {
  status: "pending" | "paid";
  idempotencyKey: string;
  fingerprint: string;
  institutionId?: string;
};

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;
const PARTY_PATTERN = /^(operator|solidarity_fund|host:[0-9A-HJKMNP-TV-Z]{26}|institution:[0-9A-HJKMNP-TV-Z]{26})$/;

export const toView = (s: Stored): Payout => ({
  id: s.id,
  party: s.party,
  amount: s.amount,
  method: s.method,
  reference: s.reference ?? null,
  status: "paid",
  ...(s.transferId ? { transferId: s.transferId } : {}),
  ...(s.routeId ? { routeId: s.routeId } : {}),
  createdAt: s.createdAt,
});

const fingerprintOf = (i: PayoutInput) =>
  JSON.stringify([i.party, i.amount.amount, i.amount.currency, i.method, i.reference ?? null, i.routeId ?? null]);

async function getKey(key: string): Promise<{ payoutId: string; fingerprint: string; status: string } | null> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.payoutKey(key), ConsistentRead: true }),
  );
  return (out.Item as { payoutId: string; fingerprint: string; status: string } | undefined) ?? null;
}

export async function getStored(payoutId: string): Promise<Stored | null> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.payout(payoutId), ConsistentRead: true }),
  );
  return (out.Item as Stored | undefined) ?? null;
}

/** Checks the request's shape and names the field that is wrong. */
export async function validate(input: PayoutInput, idempotencyKey: string | undefined): Promise<string> {
  if (!idempotencyKey) throw Invalid.field("Idempotency-Key", "An Idempotency-Key header is required.");
  if (!KEY_PATTERN.test(idempotencyKey))
    throw Invalid.field("Idempotency-Key", "At most 200 letters, digits, '.', '_', ':' or '-'.");
  if (!PARTY_PATTERN.test(input.party))
    throw Invalid.field("party", "Must be host:<id>, institution:<id>, operator or solidarity_fund.");
  if (!Number.isSafeInteger(input.amount.amount) || input.amount.amount <= 0)
    throw Invalid.field("amount.amount", "Must be a positive whole number of minor units.");
  if (!/^[A-Z]{3}$/.test(input.amount.currency))
    throw Invalid.field("amount.currency", "Must be an ISO 4217 code such as CAD.");
  if (!(METHODS as readonly string[]).includes(input.method))
    throw Invalid.field("method", `Must be one of ${METHODS.join(", ")}.`);
  if (input.method !== "stripe" && !input.reference?.trim())
    throw Invalid.field("reference", "A reference is required for a payout not made by Stripe.");
  if (input.party.startsWith("host:") && !(await Hosts.get(input.party.slice(5))))
    throw Invalid.field("party", "No such host.");
  if (input.party.startsWith("institution:") && !(await Institutions.get(input.party.slice(12))))
    throw Invalid.field("party", "No such institution.");
  if (input.routeId && !(await Offerings.get("route", input.routeId).catch(() => null)))
    throw Invalid.field("routeId", "No such route.");
  return idempotencyKey;
}

/**
 * 409 `over_due`, naming the field: `amount.currency` when the party has never had anything in
 * that currency, else `amount.amount`.
 */
function overDue(balance: Ledger.PartyBalance | null, amount: Money) {
  const message = balance
    ? `The payout is larger than what is due to this party (${Math.max(0, balance.available)} ${amount.currency}).`
    : `Nothing was ever owed to this party in ${amount.currency}.`;
  return new Conflict(message, "over_due", [{ path: balance ? "amount.amount" : "amount.currency", message }]);
}

/**
 * Pays one party (platform admin). The same Idempotency-Key gives back the first payout; the
 * same key with a different request is a 409 `idempotency_key_reused`.
 */
export async function pay(
  actor: Actor,
  input: PayoutInput,
  idempotencyKey: string | undefined,
): Promise<{ payout: Payout; created: boolean }> {
  requirePlatformAdmin(actor);
  const key = await validate(input, idempotencyKey);
  return payValidated(actor, input, key, { sameRequestOnly: true });
}

/** `pay` after validation; a run passes its own keys and accepts the first result whatever it was. */
export async function payValidated(
  actor: Actor,
  input: PayoutInput,
  key: string,
  opts: { sameRequestOnly: boolean },
): Promise<{ payout: Payout; created: boolean }> {
  const fingerprint = fingerprintOf(input);
  for (let round = 0; round < 5; round++) {
    const existing = await getKey(key);
    if (existing) {
      if (opts.sameRequestOnly && existing.fingerprint !== fingerprint)
        throw new Conflict("This Idempotency-Key was used for a different payout.", "idempotency_key_reused");
      const stored = await getStored(existing.payoutId);
      if (stored?.status === "paid") return { payout: toView(stored), created: false };
      if (stored) return { payout: await transferAndSettle(actor, stored), created: true };
      continue; // released meanwhile: decide afresh
    }
    const routeId = input.routeId ?? (await soleRouteOf(input.party, input.amount.currency));
    const out =
      input.method === "stripe"
        ? await reserveAndTransfer(actor, input, key, routeId)
        : await payManually(actor, input, key, routeId);
    if (out) return { payout: out, created: true };
    // Another request with this key got there first: read its result.
  }
  throw new Conflict("This payout kept changing while it was made; try again.", "payout_in_progress");
}

/**
 * The route a host's payout belongs to when the host was never credited anything in that currency
 * but by one route: the payout then shows in that route's ledger (its `paid`) and a Stripe
 * transfer carries the route as its `transfer_group`. A host of several routes (or an other
 * party) is paid as a party: no route.
 */
async function soleRouteOf(party: string, currency: string): Promise<string | undefined> {
  if (!party.startsWith("host:")) return undefined;
  const credited = (await Ledger.linesOfAccount(party, currency)).filter((l) => l.postingKind !== "payout");
  const offerings = new Set(credited.map((l) => `${l.offeringKind}#${l.offeringId}`));
  if (offerings.size !== 1 || credited[0].offeringKind !== "route") return undefined;
  return credited[0].offeringId;
}

/** A new payout; `routeId`: the one given, or the one the host's shares all came from (the fingerprint keeps what was sent). */
function newStored(input: PayoutInput, key: string, routeId = input.routeId): Stored {
  return {
    id: ulid(),
    party: input.party,
    amount: input.amount,
    method: input.method,
    reference: input.reference?.trim() || null,
    ...(routeId ? { routeId } : {}),
    ...(input.party.startsWith("institution:") ? { institutionId: input.party.slice(12) } : {}),
    createdAt: new Date().toISOString(),
    status: "pending",
    idempotencyKey: key,
    fingerprint: fingerprintOf(input),
  };
}

function postingOf(p: Stored): Ledger.Posting {
  const account = p.method === "stripe" ? "stripe:balance" : `payouts:${p.method}`;
  return Ledger.newPosting({
    kind: "payout",
    currency: p.amount.currency,
    lines: [
      { account: p.party, side: "debit", amount: p.amount.amount },
      { account, side: "credit", amount: p.amount.amount },
    ],
    memo: `Payout ${p.id} to ${p.party} by ${p.method}${p.reference ? ` (${p.reference})` : ""}`,
    ...(p.routeId ? { offering: { kind: "route", id: p.routeId } } : {}),
    ...(p.institutionId ? { institutionId: p.institutionId } : {}),
    payoutId: p.id,
    method: p.method,
    ...(p.reference ? { reference: p.reference } : {}),
  });
}

const paidItem = (p: Stored) => ({
  ...keys.payout(p.id),
  ...keys.payoutListing(p.createdAt, p.id),
  ...keys.payoutOfParty(p.party, p.createdAt, p.id),
  type: "Payout",
  ...p,
  status: "paid" as const,
});

/** A payout's audit entry: what was (or was not) paid to whom, and what the action adds. */
const auditPayout = (
  actor: Actor,
  action: "payout.created" | "payout.failed",
  p: Stored,
  more: Record<string, string | null>,
) =>
  Audit.write(actor, {
    action,
    target: { kind: "payout", id: p.id },
    ...(p.institutionId ? { institutionId: p.institutionId } : {}),
    details: { party: p.party, amount: p.amount.amount, currency: p.amount.currency, method: p.method, ...more },
  });

const auditCreated = (actor: Actor, p: Stored) =>
  auditPayout(actor, "payout.created", p, { reference: p.reference ?? null, routeId: p.routeId ?? null });

const balanceIndex = (items: TransactItems, p: Stored) =>
  items.findIndex((i) => i.Update?.Key?.pk === keys.partyBalance(p.party, p.amount.currency).pk);

/** A manual payout: one transaction. Undefined when the key was taken by a concurrent request. */
async function payManually(
  actor: Actor,
  input: PayoutInput,
  key: string,
  routeId?: string,
): Promise<Payout | undefined> {
  const p = newStored(input, key, routeId);
  const items: TransactItems = [
    {
      Put: {
        TableName: tableName(),
        Item: { ...keys.payoutKey(key), type: "PayoutKey", payoutId: p.id, fingerprint: p.fingerprint, status: "paid" },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    { Put: { TableName: tableName(), Item: paidItem(p), ConditionExpression: "attribute_not_exists(pk)" } },
    ...Ledger.postingWrites(postingOf(p)),
    auditCreated(actor, p),
  ];
  const out = await transact(items);
  if (out.ok) return toView({ ...p, status: "paid" });
  if (out.failed[0]) return undefined;
  if (out.failed[balanceIndex(items, p)])
    throw overDue(await Ledger.partyBalance(p.party, p.amount.currency), p.amount);
  throw new Conflict("The payout could not be recorded; try again.", "payout_in_progress");
}

/** The host's ready connected account, or 409 `no_connected_account`. */
async function destinationOf(party: string): Promise<string> {
  const account = party.startsWith("host:") ? await connectedAccount(party.slice(5)) : null;
  if (!account?.ready) {
    const message = "This party has no connected Stripe account ready for transfers: pay it by another method.";
    throw new Conflict(message, "no_connected_account", [{ path: "method", message }]);
  }
  return account.accountId;
}

async function reserveAndTransfer(
  actor: Actor,
  input: PayoutInput,
  key: string,
  routeId?: string,
): Promise<Payout | undefined> {
  await destinationOf(input.party);
  const p = newStored(input, key, routeId);
  const items: TransactItems = [
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.payoutKey(key),
          type: "PayoutKey",
          payoutId: p.id,
          fingerprint: p.fingerprint,
          status: "pending",
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.partyBalance(p.party, p.amount.currency),
        UpdateExpression: "ADD available :minus, reserved :amount",
        ConditionExpression: "available >= :amount",
        ExpressionAttributeValues: { ":minus": -p.amount.amount, ":amount": p.amount.amount },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: { ...keys.payout(p.id), type: "Payout", ...p },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  ];
  const out = await transact(items);
  if (!out.ok) {
    if (out.failed[0]) return undefined;
    if (out.failed[1]) throw overDue(await Ledger.partyBalance(p.party, p.amount.currency), p.amount);
    throw new Conflict("The payout could not be reserved; try again.", "payout_in_progress");
  }
  return transferAndSettle(actor, p);
}

const isRefusal = (err: unknown) => {
  const type = (err as { type?: string }).type;
  return type === "StripeInvalidRequestError" || type === "StripePermissionError" || type === "StripeCardError";
};

/** Calls Stripe for a reserved payout and settles it; releases it if Stripe refuses. */
async function transferAndSettle(actor: Actor, p: Stored): Promise<Payout> {
  let transfer: Stripe.Transfer;
  try {
    const destination = await destinationOf(p.party);
    transfer = await stripe().transfers.create(
      {
        amount: p.amount.amount,
        currency: p.amount.currency.toLowerCase(),
        destination,
        transfer_group: p.routeId ? `route:${p.routeId}` : p.party,
        description: `Rutas payout ${p.id}`,
        metadata: { payoutId: p.id, party: p.party },
      },
      // Money moves here: Stripe's own retries with the same key before calling the outcome unknown.
      { idempotencyKey: `payout:${p.id}`, maxNetworkRetries: 2 },
    );
  } catch (err) {
    const noAccount = err instanceof Conflict && err.code === "no_connected_account";
    if (!noAccount && !isRefusal(err)) {
      // Unknown outcome: keep the reservation; the same Idempotency-Key resumes it.
      throw new Unavailable("Stripe did not confirm the transfer; retry with the same Idempotency-Key.", {
        cause: err,
      });
    }
    await release(actor, p, noAccount ? "no_connected_account" : (err as Error).message);
    if (noAccount) throw err;
    throw new Conflict(`Stripe refused the transfer: ${(err as Error).message}`, "transfer_failed");
  }
  const settled: Stored = { ...p, status: "paid", transferId: transfer.id, reference: p.reference ?? transfer.id };
  const out = await transact([
    {
      Update: {
        TableName: tableName(),
        Key: keys.payoutKey(p.idempotencyKey),
        UpdateExpression: "SET #s = :paid",
        ConditionExpression: "#s = :pending AND payoutId = :id",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":paid": "paid", ":pending": "pending", ":id": p.id },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: paidItem(settled),
        ConditionExpression: "#s = :pending",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":pending": "pending" },
      },
    },
    ...Ledger.postingWrites(postingOf(settled), { settlesReservation: true }),
    auditCreated(actor, settled),
  ]);
  if (!out.ok) {
    // A concurrent request with the same key settled it first.
    const now = await getStored(p.id);
    if (now?.status === "paid") return toView(now);
    throw new Conflict("The payout could not be settled; retry with the same Idempotency-Key.", "payout_in_progress");
  }
  return toView(settled);
}

/** Gives a refused payout's reservation back; deletes the pending payout and its key record. */
async function release(actor: Actor, p: Stored, reason: string) {
  await transact([
    {
      Delete: {
        TableName: tableName(),
        Key: keys.payoutKey(p.idempotencyKey),
        ConditionExpression: "#s = :pending AND payoutId = :id",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":pending": "pending", ":id": p.id },
      },
    },
    { Delete: { TableName: tableName(), Key: keys.payout(p.id) } },
    {
      Update: {
        TableName: tableName(),
        Key: keys.partyBalance(p.party, p.amount.currency),
        UpdateExpression: "ADD available :amount, reserved :minus",
        ExpressionAttributeValues: { ":amount": p.amount.amount, ":minus": -p.amount.amount },
      },
    },
    auditPayout(actor, "payout.failed", p, { reason: reason.slice(0, 300) }),
  ]); // a concurrent release of the same payout did it already: nothing more to give back
}

export async function get(actor: Actor, payoutId: string): Promise<Payout> {
  requirePlatformAdmin(actor);
  const p = await getStored(payoutId);
  if (!p || p.status !== "paid") throw new NotFound("Payout");
  return toView(p);
}
