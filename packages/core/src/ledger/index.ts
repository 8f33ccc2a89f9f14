/**
 * Double-entry, append-only ledger. A posting is a set of lines whose debits equal
 * its credits; it is written once (one item for the posting, one per line) inside
 * the same transaction as the business change it records, and never updated.
 * Balances are derived by reading the lines of an account.
 *
 * Accounts: parties of a fee-sharing plan (`institution:<id>`, `host:<id>`,
 * `operator`, `solidarity_fund`) are what the programme owes them (credit-normal);
 * `stripe:balance` is money held at Stripe; `stripe:fees` is Stripe's fee (expense);
 * `payouts:<method>` is money paid out.
 */
import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { tableName } from "../db/client";
import { queryAll } from "../db/query";
import { keys, type OfferingKind } from "../db/keys";
import { type Share, splitAmount } from "./split";

export { splitAmount, type Share, type Part, TOTAL_BASIS_POINTS } from "./split";

export type Line = { account: string; side: "debit" | "credit"; amount: number };
export type PostingKind = "payment" | "refund" | "payout";
export type Posting = {
  id: string;
  kind: PostingKind;
  currency: string;
  lines: Line[];
  memo: string;
  offering?: { kind: OfferingKind; id: string };
  institutionId?: string;
  enrolmentId?: string;
  paymentIntentId?: string;
  refundId?: string;
  createdAt: string;
};

export const PARTY_PREFIXES = ["institution:", "host:"] as const;
export const isParty = (account: string) =>
  account === "operator" || account === "solidarity_fund" || PARTY_PREFIXES.some((p) => account.startsWith(p));

/** The lines of a payment: the amount is shared among the plan's parties; Stripe's fee is its own line. */
export function paymentLines(amount: number, fee: number, plan: Share[]): Line[] {
  const shares = splitAmount(amount, plan).filter((p) => p.amount > 0);
  return [
    { account: "stripe:balance", side: "debit", amount },
    ...shares.map((p) => ({ account: p.party, side: "credit" as const, amount: p.amount })),
    ...(fee > 0
      ? [
          { account: "stripe:fees", side: "debit" as const, amount: fee },
          { account: "stripe:balance", side: "credit" as const, amount: fee },
        ]
      : []),
  ];
}

/**
 * The lines of a refund of `amount` after `refundedBefore` was already refunded: each party gives
 * back the difference between its share of all refunded so far and its share before, so a payment
 * refunded in several parts leaves every party at exactly zero — not a cent off.
 */
export function refundLines(refundedBefore: number, amount: number, plan: Share[]): Line[] {
  const before = splitAmount(refundedBefore, plan);
  const after = splitAmount(refundedBefore + amount, plan);
  const diffs = after
    .map((p, i) => ({ party: p.party, amount: p.amount - before[i].amount }))
    .filter((p) => p.amount !== 0);
  // Largest-remainder cents can move between parties from one total to the next, so a party's
  // difference may be negative: it is then credited back, and the posting still balances.
  return [
    ...diffs.map((p) => ({
      account: p.party,
      side: p.amount > 0 ? ("debit" as const) : ("credit" as const),
      amount: Math.abs(p.amount),
    })),
    { account: "stripe:balance", side: "credit" as const, amount },
  ];
}

export function newPosting(p: Omit<Posting, "id" | "createdAt">): Posting {
  const debits = p.lines.filter((l) => l.side === "debit").reduce((n, l) => n + l.amount, 0);
  const credits = p.lines.filter((l) => l.side === "credit").reduce((n, l) => n + l.amount, 0);
  if (debits !== credits) throw new Error(`Unbalanced posting: debits ${debits} ≠ credits ${credits}`);
  if (p.lines.some((l) => !Number.isSafeInteger(l.amount) || l.amount < 0))
    throw new Error("Posting lines must be non-negative integers");
  return { ...p, id: ulid(), createdAt: new Date().toISOString() };
}

/** The Put items that write a posting; to be included in the caller's transaction. */
export function postingWrites(posting: Posting): NonNullable<TransactWriteCommandInput["TransactItems"]> {
  const sortKey = (i: number) => `${posting.createdAt}#${posting.id}#${String(i).padStart(2, "0")}`;
  return [
    {
      Put: {
        TableName: tableName(),
        Item: { ...keys.posting(posting.id), type: "Posting", ...posting },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    ...posting.lines.map((line, i) => ({
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.ledgerLine(line.account, posting.currency, sortKey(i)),
          ...(posting.offering ? keys.offeringLedgerLine(posting.offering.kind, posting.offering.id, sortKey(i)) : {}),
          ...(posting.institutionId ? keys.institutionLedgerLine(posting.institutionId, sortKey(i)) : {}),
          type: "LedgerLine",
          postingId: posting.id,
          postingKind: posting.kind,
          account: line.account,
          side: line.side,
          amount: line.amount,
          currency: posting.currency,
          memo: posting.memo,
          enrolmentId: posting.enrolmentId,
          offeringKind: posting.offering?.kind,
          offeringId: posting.offering?.id,
          createdAt: posting.createdAt,
        },
      },
    })),
  ];
}

export type LedgerLine = Line & {
  postingId: string;
  postingKind: PostingKind;
  currency: string;
  memo: string;
  enrolmentId?: string;
  offeringKind?: OfferingKind;
  offeringId?: string;
  createdAt: string;
};

export const linesOfAccount = (account: string, currency: string) =>
  queryAll<LedgerLine>({
    TableName: tableName(),
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": keys.ledgerAccountPartition(account, currency) },
    ConsistentRead: true,
  });

export const linesOfOffering = (kind: OfferingKind, id: string) =>
  queryAll<LedgerLine>({
    TableName: tableName(),
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": keys.offeringLedgerPartition(kind, id) },
  });

export const linesOfInstitution = (institutionId: string) =>
  queryAll<LedgerLine>({
    TableName: tableName(),
    IndexName: "gsi2",
    KeyConditionExpression: "gsi2pk = :pk",
    ExpressionAttributeValues: { ":pk": keys.institutionLedgerPartition(institutionId) },
  });

export type Balance = { account: string; currency: string; credits: number; debits: number; balance: number };

/** Credit-normal balance per account and currency: what the programme owes a party. */
export function balances(lines: LedgerLine[]): Balance[] {
  const by = new Map<string, Balance>();
  for (const l of lines) {
    const k = `${l.account}|${l.currency}`;
    const b = by.get(k) ?? { account: l.account, currency: l.currency, credits: 0, debits: 0, balance: 0 };
    if (l.side === "credit") b.credits += l.amount;
    else b.debits += l.amount;
    b.balance = b.credits - b.debits;
    by.set(k, b);
  }
  return [...by.values()].sort((a, b) => a.account.localeCompare(b.account) || a.currency.localeCompare(b.currency));
}
