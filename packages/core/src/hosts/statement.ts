/**
 * A host's statement: every line of its ledger account `host:<id>` in one currency, what it
 * was owed (shares less reversals), what it was paid (payouts) and what is due. `due` may be
 * negative — a refund that came after a payout — and the next payout nets it.
 */
import { stringify } from "csv-stringify/sync";
import type { Actor } from "../actor";
import { spreadsheetSafe } from "../courses/admin";
import { type LedgerLine, balancesOfParty, linesOfAccount } from "../ledger";
import { toMajor } from "../money";
import * as Offerings from "../offerings";
import type { Localized } from "../text";
import { requireMemberOrAdmin } from "./index";

export type Money = { amount: number; currency: string };
export type StatementEntry = {
  createdAt: string;
  kind: "share" | "reversal" | "payout";
  /** Signed: shares +, reversals −, payouts −. */
  amount: Money;
  postingId: string;
  enrolmentId?: string;
  paymentIntentId?: string;
  refundId?: string;
  payoutId?: string;
  method?: string;
  reference?: string;
  offering?: { kind: string; id: string; title?: Localized };
  memo: string;
};
export type Statement = {
  hostId: string;
  party: string;
  currency: string;
  currencies: string[];
  owed: Money;
  paid: Money;
  due: Money;
  entries: StatementEntry[];
};

/** The currency of a statement with no line at all and none asked for. */
const DEFAULT_CURRENCY = "USD";

type Line = LedgerLine;

export function entryOf(line: Line): StatementEntry {
  const signed = line.side === "credit" ? line.amount : -line.amount;
  const kind = line.postingKind === "payment" ? "share" : line.postingKind === "refund" ? "reversal" : "payout";
  const optional = {
    enrolmentId: line.enrolmentId,
    paymentIntentId: line.paymentIntentId,
    refundId: line.refundId,
    payoutId: line.payoutId,
    method: line.method,
    reference: line.reference,
  };
  return {
    createdAt: line.createdAt,
    kind,
    amount: { amount: signed, currency: line.currency },
    postingId: line.postingId,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined && v !== null)),
    ...(line.offeringKind && line.offeringId ? { offering: { kind: line.offeringKind, id: line.offeringId } } : {}),
    memo: line.memo,
  };
}

/** Owed, paid and due from an account's lines (all in one currency). */
export function totals(lines: LedgerLine[]): { owed: number; paid: number; due: number } {
  let owed = 0;
  let paid = 0;
  for (const l of lines) {
    const credit = l.side === "credit" ? l.amount : -l.amount;
    if (l.postingKind === "payout") paid -= credit;
    else owed += credit;
  }
  return { owed, paid, due: owed - paid };
}

export async function statement(actor: Actor, hostId: string, q: { currency?: string } = {}): Promise<Statement> {
  await requireMemberOrAdmin(actor, hostId);
  const party = `host:${hostId}`;
  // The party's balance items (one per currency, kept by every posting) say which currencies it has.
  const found = await balancesOfParty(party);
  const currencies = found.map((f) => f.currency).sort();
  const latest = [...found].sort((a, b) => (b.updatedAt ?? "").localeCompare(a.updatedAt ?? ""))[0]?.currency;
  const currency = q.currency ?? latest ?? DEFAULT_CURRENCY;
  const lines = (await linesOfAccount(party, currency)) as Line[];
  const entries = lines.map(entryOf);
  const refs = entries.flatMap((e) => (e.offering ? [e.offering] : []));
  const offerings = refs.length ? await Offerings.getMany(refs) : new Map();
  for (const e of entries) {
    const title = e.offering && offerings.get(`${e.offering.kind}#${e.offering.id}`)?.title;
    if (e.offering && title) e.offering.title = typeof title === "string" ? { en: title } : title;
  }
  const t = totals(lines);
  const money = (amount: number): Money => ({ amount, currency });
  return {
    hostId,
    party,
    currency,
    currencies,
    owed: money(t.owed),
    paid: money(t.paid),
    due: money(t.due),
    entries,
  };
}

const CSV_COLUMNS = [
  "createdAt",
  "kind",
  "amount",
  "amountMajor",
  "currency",
  "postingId",
  "enrolmentId",
  "paymentIntentId",
  "refundId",
  "payoutId",
  "method",
  "reference",
  "offeringKind",
  "offeringId",
  "offeringTitle",
  "memo",
];

/** A signed amount stays a number; any other text that a spreadsheet would run is made inert. */
const safeCell = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? v : spreadsheetSafe(v));
const titleText = (t: Localized | undefined) => (t ? (t.es ?? t.en ?? Object.values(t)[0] ?? "") : "");

/** One row per entry, amounts in minor units and in major units; never a formula. */
export function toCsv(s: Statement): string {
  return stringify(
    s.entries.map((e) => ({
      createdAt: e.createdAt,
      kind: e.kind,
      amount: e.amount.amount,
      amountMajor: toMajor(e.amount.amount, e.amount.currency),
      currency: e.amount.currency,
      postingId: e.postingId,
      enrolmentId: e.enrolmentId ?? "",
      paymentIntentId: e.paymentIntentId ?? "",
      refundId: e.refundId ?? "",
      payoutId: e.payoutId ?? "",
      method: e.method ?? "",
      reference: e.reference ?? "",
      offeringKind: e.offering?.kind ?? "",
      offeringId: e.offering?.id ?? "",
      offeringTitle: titleText(e.offering?.title),
      memo: e.memo,
    })),
    { header: true, columns: CSV_COLUMNS, cast: { string: safeCell } },
  );
}
