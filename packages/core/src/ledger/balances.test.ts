/** Party balances derived from lines (reports) and the deltas a posting applies to balance items agree. */
import { describe, expect, it } from "vitest";
import { type LedgerLine, type Posting, balances, newPosting, partyDeltas, paymentLines, refundLines } from "./index";

const plan = [
  { party: "host:H", basisPoints: 6000 },
  { party: "operator", basisPoints: 3000 },
  { party: "solidarity_fund", basisPoints: 1000 },
];
const post = (p: Omit<Posting, "id" | "createdAt">) => newPosting(p);
const linesOf = (p: Posting): LedgerLine[] =>
  p.lines.map((l) => ({
    ...l,
    postingId: p.id,
    postingKind: p.kind,
    currency: p.currency,
    memo: p.memo,
    createdAt: p.createdAt,
  }));

describe("party balances", () => {
  const payment = post({ kind: "payment", currency: "PEN", lines: paymentLines(10_001, 320, plan), memo: "pay" });
  const payout = post({
    kind: "payout",
    currency: "PEN",
    lines: [
      { account: "host:H", side: "debit", amount: 6_000 },
      { account: "payouts:cash", side: "credit", amount: 6_000 },
    ],
    memo: "payout",
  });
  const refund = post({ kind: "refund", currency: "PEN", lines: refundLines(0, 10_001, plan), memo: "refund" });

  it("deltas: owed moves with payments and refunds, paid with payouts, due with both", () => {
    expect(partyDeltas(payment)).toEqual([
      { party: "host:H", owed: 6_001, paid: 0, due: 6_001 },
      { party: "operator", owed: 3_000, paid: 0, due: 3_000 },
      { party: "solidarity_fund", owed: 1_000, paid: 0, due: 1_000 },
    ]);
    expect(partyDeltas(payout)).toEqual([{ party: "host:H", owed: 0, paid: 6_000, due: -6_000 }]);
    expect(partyDeltas(refund).find((d) => d.party === "host:H")).toEqual({
      party: "host:H",
      owed: -6_001,
      paid: 0,
      due: -6_001,
    });
  });

  it("a refund after a payout: the report shows owed 0, paid 6 000 and due −6 000, as the deltas add up", () => {
    const all = [payment, payout, refund];
    const host = balances(all.flatMap(linesOf)).find((b) => b.account === "host:H")!;
    expect(host).toMatchObject({
      party: "host:H",
      owed: { amount: 0, currency: "PEN" },
      paid: { amount: 6_000, currency: "PEN" },
      due: { amount: -6_000, currency: "PEN" },
      balance: -6_000,
    });
    const summed = all.flatMap(partyDeltas).filter((d) => d.party === "host:H");
    expect(summed.reduce((n, d) => n + d.due, 0)).toBe(host.balance);
    // Accounts that are not parties keep the old fields only.
    expect(balances(all.flatMap(linesOf)).find((b) => b.account === "stripe:balance")).not.toHaveProperty("party");
  });
});
