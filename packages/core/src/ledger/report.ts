/** Ledger reports for the people entitled to them: an offering's or an institution's entries and balances. */
import { stringify } from "csv-stringify/sync";
import type { Actor } from "../actor";
import type { OfferingKind } from "../offerings";
import * as Offerings from "../offerings";
import { NotFound } from "../errors";
import * as Institutions from "../institutions";
import { type LedgerLine, balances, linesOfInstitution, linesOfOffering } from "./index";
import { spreadsheetSafe } from "../courses/admin";
import { toMajor } from "../money";

type Balances = ReturnType<typeof balances>;
export type LedgerReport = {
  entries: LedgerLine[];
  balances: Balances;
  /** Set when `balances` lists only the parties: the other accounts (`stripe:balance`, `stripe:fees`, `payouts:<method>`). */
  accounts?: Balances;
};

/**
 * A route's ledger lists, in `balances`, only the parties of its plan — `{party, owed, paid, …}` on
 * every item, as the API contract shows it — and the money at Stripe and paid out in `accounts`.
 * Other offerings' ledgers keep every account in `balances` (their admin page names Stripe's too).
 */
const byParty = (r: LedgerReport): LedgerReport => ({
  ...r,
  balances: r.balances.filter((b) => b.party !== undefined),
  accounts: r.balances.filter((b) => b.party === undefined),
});

const report = (lines: LedgerLine[]): LedgerReport => ({
  entries: lines.map((l) => ({
    postingId: l.postingId,
    postingKind: l.postingKind,
    account: l.account,
    side: l.side,
    amount: l.amount,
    currency: l.currency,
    memo: l.memo,
    enrolmentId: l.enrolmentId,
    // Absent on lines written before payouts (decision 0018) and where they do not apply.
    ...(l.paymentIntentId ? { paymentIntentId: l.paymentIntentId } : {}),
    ...(l.refundId ? { refundId: l.refundId } : {}),
    ...(l.payoutId ? { payoutId: l.payoutId } : {}),
    ...(l.method ? { method: l.method } : {}),
    ...(l.reference ? { reference: l.reference } : {}),
    createdAt: l.createdAt,
  })),
  balances: balances(lines),
});

export async function offeringLedger(actor: Actor, kind: OfferingKind, offeringId: string): Promise<LedgerReport> {
  const offering = await Offerings.get(kind, offeringId);
  if (!offering) throw new NotFound(Offerings.describe(kind).notFoundName);
  await Institutions.requireAdmin(actor, offering.institutionId);
  const r = report(await linesOfOffering(kind, offeringId));
  return kind === "route" ? byParty(r) : r;
}

export async function institutionLedger(actor: Actor, institutionId: string): Promise<LedgerReport> {
  await Institutions.requireAdmin(actor, institutionId);
  return report(await linesOfInstitution(institutionId));
}

export function toCsv(r: LedgerReport): string {
  return stringify(
    r.entries.map((e) => ({ ...e, amountMajor: toMajor(e.amount, e.currency) })),
    {
      header: true,
      cast: { string: spreadsheetSafe },
      columns: [
        "createdAt",
        "postingId",
        "postingKind",
        "account",
        "side",
        "amount",
        "amountMajor",
        "currency",
        "memo",
        "enrolmentId",
        "paymentIntentId",
        "refundId",
        "payoutId",
        "method",
        "reference",
      ],
    },
  );
}
