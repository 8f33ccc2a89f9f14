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
 *
 * Each party also has one balance item per currency (`owed`, `paid`, `due`, `available`,
 * `reserved`), updated by `postingWrites` in the posting's own transaction, so it always equals
 * what its lines add up to; a payout run lists them (gsi1) and a payout is conditional on them
 * (decision 0018).
 */
import { GetCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { ddb, tableName } from "../db/client";
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
  payoutId?: string;
  /** How a payout was made: stripe, bank_transfer, mobile_money, cash. */
  method?: string;
  /** The payout's reference: the Stripe transfer id, or what the admin typed for manual methods. */
  reference?: string;
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

/** What a posting changes on one party's balance item (see `partyDeltas`). */
export type PartyDelta = { party: string; owed: number; paid: number; due: number };

/**
 * Per party account of a posting: owed moves with payments and refunds (credits − debits), paid
 * with payouts (debits − credits), and due = owed − paid moves with both.
 */
export function partyDeltas(posting: Pick<Posting, "kind" | "lines">): PartyDelta[] {
  const by = new Map<string, PartyDelta>();
  for (const line of posting.lines) {
    if (!isParty(line.account)) continue;
    const d = by.get(line.account) ?? { party: line.account, owed: 0, paid: 0, due: 0 };
    const net = line.side === "credit" ? line.amount : -line.amount;
    if (posting.kind === "payout") d.paid -= net;
    else d.owed += net;
    d.due += net;
    by.set(line.account, d);
  }
  return [...by.values()];
}

export type PostingWriteOptions = {
  /**
   * A payout whose amount was already taken from the party's `available` by a reservation
   * (payouts/): settling moves it from `reserved` to `paid`. Without it, a payout posting takes
   * its amount from `available` on condition that enough is there — no payout ever overdraws.
   */
  settlesReservation?: boolean;
};

/** The Update that keeps a party's balance item in step with a posting; in the posting's transaction. */
function balanceWrite(posting: Posting, d: PartyDelta, opts: PostingWriteOptions) {
  const payout = posting.kind === "payout" && d.due < 0;
  const take = payout ? -d.due : 0;
  const reserved = payout && opts.settlesReservation ? -take : 0;
  const available = payout && opts.settlesReservation ? 0 : d.due;
  return {
    Update: {
      TableName: tableName(),
      Key: keys.partyBalance(d.party, posting.currency),
      UpdateExpression:
        "SET #type = :type, party = :party, currency = :currency, gsi1pk = :g1, gsi1sk = :g1s, updatedAt = :at " +
        "ADD owed :owed, paid :paid, due :due, available :available, reserved :reserved",
      ...(payout && !opts.settlesReservation ? { ConditionExpression: "available >= :take" } : {}),
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: {
        ":type": "PartyBalance",
        ":party": d.party,
        ":currency": posting.currency,
        ":g1": keys.partyBalanceListing(d.party, posting.currency).gsi1pk,
        ":g1s": keys.partyBalanceListing(d.party, posting.currency).gsi1sk,
        ":at": posting.createdAt,
        ":owed": d.owed,
        ":paid": d.paid,
        ":due": d.due,
        ":available": available,
        ":reserved": reserved,
        ...(payout && !opts.settlesReservation ? { ":take": take } : {}),
      },
    },
  };
}

/**
 * The items that write a posting — its item, one per line, and each party's balance update —
 * to be included in the caller's transaction.
 */
export function postingWrites(
  posting: Posting,
  opts: PostingWriteOptions = {},
): NonNullable<TransactWriteCommandInput["TransactItems"]> {
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
          paymentIntentId: posting.paymentIntentId,
          refundId: posting.refundId,
          payoutId: posting.payoutId,
          method: posting.method,
          reference: posting.reference,
          createdAt: posting.createdAt,
        },
      },
    })),
    ...partyDeltas(posting).map((d) => balanceWrite(posting, d, opts)),
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
  paymentIntentId?: string;
  refundId?: string;
  payoutId?: string;
  method?: string;
  reference?: string;
  createdAt: string;
};

/** A party's balance item in one currency: the sums of its lines, kept by `postingWrites`. */
export type PartyBalance = {
  party: string;
  currency: string;
  /** Shares credited less shares reversed (payments and refunds). */
  owed: number;
  /** Paid out (payouts). */
  paid: number;
  /** owed − paid; negative when a refund came after the party was paid. */
  due: number;
  /** due less payouts in flight (reserved): what a new payout may take. */
  available: number;
  reserved: number;
  updatedAt: string;
};

const toBalance = (i: Record<string, unknown>): PartyBalance => ({
  party: i.party as string,
  currency: i.currency as string,
  owed: (i.owed as number) ?? 0,
  paid: (i.paid as number) ?? 0,
  due: (i.due as number) ?? 0,
  available: (i.available as number) ?? 0,
  reserved: (i.reserved as number) ?? 0,
  updatedAt: i.updatedAt as string,
});

export async function partyBalance(party: string, currency: string): Promise<PartyBalance | null> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.partyBalance(party, currency), ConsistentRead: true }),
  );
  return out.Item ? toBalance(out.Item) : null;
}

/** One party's balance items, one per currency it has ever had a line in. */
export const balancesOfParty = async (party: string): Promise<PartyBalance[]> =>
  (
    await queryAll<Record<string, unknown>>({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.partyBalance(party, "").pk },
      ConsistentRead: true,
    })
  ).map(toBalance);

/** Every party's balance item in one currency (gsi1), those with something due if `dueOnly`. */
export async function partyBalances(currency: string, opts: { dueOnly?: boolean } = {}): Promise<PartyBalance[]> {
  const items = await queryAll<Record<string, unknown>>({
    TableName: tableName(),
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ...(opts.dueOnly ? { FilterExpression: "due > :zero" } : {}),
    ExpressionAttributeValues: {
      ":pk": keys.partyBalancesPartition(currency),
      ...(opts.dueOnly ? { ":zero": 0 } : {}),
    },
  });
  return items.map(toBalance);
}

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

export type Money = { amount: number; currency: string };
export type Balance = {
  account: string;
  currency: string;
  credits: number;
  debits: number;
  balance: number;
  /** For party accounts: the party, what it is owed (payments less refunds) and what it was paid. */
  party?: string;
  owed?: Money;
  paid?: Money;
  due?: Money;
};

/** Credit-normal balance per account and currency: what the programme owes a party. */
export function balances(lines: LedgerLine[]): Balance[] {
  const by = new Map<string, Balance>();
  for (const l of lines) {
    const k = `${l.account}|${l.currency}`;
    const b = by.get(k) ?? { account: l.account, currency: l.currency, credits: 0, debits: 0, balance: 0 };
    if (l.side === "credit") b.credits += l.amount;
    else b.debits += l.amount;
    b.balance = b.credits - b.debits;
    if (isParty(l.account)) {
      const net = l.side === "credit" ? l.amount : -l.amount;
      b.party = l.account;
      b.owed ??= { amount: 0, currency: l.currency };
      b.paid ??= { amount: 0, currency: l.currency };
      if (l.postingKind === "payout") b.paid.amount -= net;
      else b.owed.amount += net;
      b.due = { amount: b.owed.amount - b.paid.amount, currency: l.currency };
    }
    by.set(k, b);
  }
  return [...by.values()].sort((a, b) => a.account.localeCompare(b.account) || a.currency.localeCompare(b.currency));
}
