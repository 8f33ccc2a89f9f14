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

export type LedgerReport = { entries: LedgerLine[]; balances: ReturnType<typeof balances> };

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
  return report(await linesOfOffering(kind, offeringId));
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
