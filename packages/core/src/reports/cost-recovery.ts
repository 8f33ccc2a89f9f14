/**
 * The donor's cost-recovery report for a period and a currency (issue 12). Every money figure is
 * the sum of ledger lines named here, read from the ledger's own account partitions
 * (`pk = ACCOUNT#<account>#<currency>`, sort key `<createdAt>#<posting>#<n>`, so a period is one
 * key range per account):
 *
 * - revenue.<source>: debits of `stripe:balance` on payment postings, by the offering's kind
 *   (cohort → courses, route → routes, publication → publications, any other kind → services);
 * - refunds: credits of `stripe:balance` on refund postings;
 * - stripeFees: debits less credits of `stripe:fees`;
 * - shares.<party kind>: credits less debits of the party accounts on payment and refund postings
 *   (what the period's payments gave each kind of party, net of what refunds took back);
 * - payouts: debits less credits of the party accounts on payout postings.
 * The parties are those with a balance item in the currency (ledger gsi1 `BALANCES#<currency>`).
 * Participants: the distinct people of the period's payments (from the payment lines' enrolment),
 * by country and side only — profiles hold no consent to report gender, education or age.
 * See docs/decisions/0022-demand-observatory-report.md.
 */
import { stringify } from "csv-stringify/sync";
import { type Actor, requirePlatformAdmin } from "../actor";
import { spreadsheetSafe } from "../courses/admin";
import { tableName } from "../db/client";
import { keys } from "../db/keys";
import { queryAll } from "../db/query";
import { mapLimit } from "../demand/supply";
import { parseEnrolmentId } from "../enrolment/model";
import { Invalid } from "../errors";
import * as Ledger from "../ledger";
import { toMajor } from "../money";
import * as People from "../people";

export type Money = { amount: number; currency: string };
export type Period = { from: string; to: string; currency: string };
export type Participants = {
  total: number;
  /** What the counts below are broken down by: profiles carry no consent for more. */
  basis: "country_and_side";
  byCountry: { country: string; count: number }[];
  bySide: { north: number; south: number; unknown: number };
};
export type CostRecovery = {
  period: Period;
  revenue: { courses: Money; routes: Money; publications: Money; services: Money };
  refunds: Money;
  stripeFees: Money;
  shares: { hosts: Money; institutions: Money; operator: Money; solidarity_fund: Money };
  payouts: Money;
  participants: Participants;
  /** How many ledger lines were read for the figures (a reader can check the report's reach). */
  linesRead: number;
};

type Line = Ledger.LedgerLine;
const SOURCE: Record<string, keyof CostRecovery["revenue"]> = {
  cohort: "courses",
  route: "routes",
  publication: "publications",
};
export const sourceOf = (offeringKind: string | undefined): keyof CostRecovery["revenue"] =>
  (offeringKind && SOURCE[offeringKind]) || "services";
export const partyKindOf = (account: string): keyof CostRecovery["shares"] | null =>
  account.startsWith("host:")
    ? "hosts"
    : account.startsWith("institution:")
      ? "institutions"
      : account === "operator" || account === "solidarity_fund"
        ? account
        : null;

/** One account's lines of the period (inclusive days, UTC). */
export const linesInPeriod = (account: string, p: Period) =>
  queryAll<Line>({
    TableName: tableName(),
    KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
    ExpressionAttributeValues: {
      ":pk": keys.ledgerAccountPartition(account, p.currency),
      ":from": p.from,
      ":to": `${p.to}~`,
    },
  });

const DAY = /^\d{4}-\d{2}-\d{2}$/;
function checkPeriod(p: Period) {
  const errors: { path: string; message: string }[] = [];
  if (!DAY.test(p.from)) errors.push({ path: "from", message: "A day, YYYY-MM-DD." });
  if (!DAY.test(p.to)) errors.push({ path: "to", message: "A day, YYYY-MM-DD." });
  if (!errors.length && p.to < p.from) errors.push({ path: "to", message: "The period ends on or after it starts." });
  if (!/^[A-Z]{3}$/.test(p.currency)) errors.push({ path: "currency", message: "An ISO 4217 code such as CAD." });
  if (errors.length) throw new Invalid("Invalid period.", errors);
}

const net = (lines: Line[], side: "debit" | "credit") =>
  lines.reduce((n, l) => n + (l.side === side ? l.amount : -l.amount), 0);

export async function costRecovery(actor: Actor, period: Period): Promise<CostRecovery> {
  requirePlatformAdmin(actor);
  checkPeriod(period);
  const m = (amount: number): Money => ({ amount, currency: period.currency });
  const parties = (await Ledger.partyBalances(period.currency)).map((b) => b.party);
  const [stripeLines, feeLines, partyLines] = await Promise.all([
    linesInPeriod("stripe:balance", period),
    linesInPeriod("stripe:fees", period),
    mapLimit(parties, 16, (p) => linesInPeriod(p, period)).then((l) => l.flat()),
  ]);

  const revenue = { courses: 0, routes: 0, publications: 0, services: 0 };
  let refunds = 0;
  const payers = new Set<string>();
  for (const l of stripeLines) {
    if (l.postingKind === "payment" && l.side === "debit") {
      revenue[sourceOf(l.offeringKind)] += l.amount;
      if (l.enrolmentId) payers.add(parseEnrolmentId(l.enrolmentId).personId);
    }
    if (l.postingKind === "refund" && l.side === "credit") refunds += l.amount;
  }
  const shares = { hosts: 0, institutions: 0, operator: 0, solidarity_fund: 0 };
  let payouts = 0;
  for (const l of partyLines) {
    const kind = partyKindOf(l.account);
    if (!kind) continue;
    if (l.postingKind === "payout") payouts += l.side === "debit" ? l.amount : -l.amount;
    else if (l.postingKind === "payment" || l.postingKind === "refund")
      shares[kind] += l.side === "credit" ? l.amount : -l.amount;
  }

  return {
    period,
    revenue: {
      courses: m(revenue.courses),
      routes: m(revenue.routes),
      publications: m(revenue.publications),
      services: m(revenue.services),
    },
    refunds: m(refunds),
    stripeFees: m(net(feeLines, "debit")),
    shares: {
      hosts: m(shares.hosts),
      institutions: m(shares.institutions),
      operator: m(shares.operator),
      solidarity_fund: m(shares.solidarity_fund),
    },
    payouts: m(payouts),
    participants: await participantsOf([...payers]),
    linesRead: stripeLines.length + feeLines.length + partyLines.length,
  };
}

async function participantsOf(ids: string[]): Promise<Participants> {
  const people = await People.getMany(ids);
  const byCountry = new Map<string, number>();
  const bySide = { north: 0, south: 0, unknown: 0 };
  for (const id of ids) {
    const country = people.get(id)?.country;
    byCountry.set(country ?? "unknown", (byCountry.get(country ?? "unknown") ?? 0) + 1);
    bySide[People.sideOf(country) ?? "unknown"]++;
  }
  return {
    total: ids.length,
    basis: "country_and_side",
    byCountry: [...byCountry]
      .map(([country, count]) => ({ country, count }))
      .sort((a, b) => b.count - a.count || a.country.localeCompare(b.country)),
    bySide,
  };
}

/** The report as rows a spreadsheet opens: section, item, amount (minor and major units), currency. */
export function toCsv(r: CostRecovery): string {
  const c = r.period.currency;
  const money = (section: string, item: string, v: Money) => ({
    section,
    item,
    amount: v.amount,
    amountMajor: toMajor(v.amount, c),
    currency: c,
  });
  const rows = [
    ...Object.entries(r.revenue).map(([k, v]) => money("revenue", k, v)),
    money("refunds", "refunds", r.refunds),
    money("stripeFees", "stripeFees", r.stripeFees),
    ...Object.entries(r.shares).map(([k, v]) => money("shares", k, v)),
    money("payouts", "payouts", r.payouts),
    { section: "participants", item: "total", amount: r.participants.total },
    ...Object.entries(r.participants.bySide).map(([k, n]) => ({ section: "participants.side", item: k, amount: n })),
    ...r.participants.byCountry.map((x) => ({ section: "participants.country", item: x.country, amount: x.count })),
  ];
  return stringify(rows, {
    header: true,
    cast: { string: spreadsheetSafe },
    columns: ["section", "item", "amount", "amountMajor", "currency"],
  });
}
