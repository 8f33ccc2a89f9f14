import { describe, expect, it } from "vitest";
import { type PersonActor, anonymous, system } from "../actor";
import { transact } from "../db/transact";
import { Forbidden, NotFound, Unauthorized } from "../errors";
import * as Ledger from "../ledger";
import { person, publishedCourseWithCohort } from "../testing/fixtures";
import * as Hosts from "./index";

/** RFC 4180 rows as objects keyed by the header (quotes and doubled quotes; no newline in a field). */
function parse(text: string): Record<string, string>[] {
  const cells = (line: string) =>
    [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] ?? m[2]).replace(/""/g, '"'));
  const [header, ...lines] = text.trim().split("\n").map(cells);
  return lines.map((l) => Object.fromEntries(header.map((h, i) => [h, l[i]])));
}

const admin = async (): Promise<PersonActor> => ({
  ...(await person("admin@example.org")),
  roles: ["participant", "platform_admin"],
});

async function post(p: Omit<Ledger.Posting, "id" | "createdAt">) {
  const posting = Ledger.newPosting(p);
  const out = await transact(Ledger.postingWrites(posting));
  expect(out.ok).toBe(true);
  // Lines sort by time: keep each posting in its own millisecond.
  await new Promise((r) => setTimeout(r, 3));
  return posting;
}

describe("a host's statement", () => {
  it("owed, paid and due to the cent; due goes negative after a refund that follows a payout", async () => {
    const { cohort } = await publishedCourseWithCohort({ capacity: 5 });
    const host = await Hosts.create(system, { name: "Comunidad de Raqchi", kind: "organisation", country: "PE" });
    const party = `host:${host.id}`;
    const plan = [
      { party, basisPoints: 6000 },
      { party: "operator", basisPoints: 4000 },
    ];
    const offering = { kind: "cohort", id: cohort.id };
    // An older share in another currency.
    await post({ kind: "payment", currency: "PEN", lines: Ledger.paymentLines(1000, 0, plan), memo: "Pago" });
    const first = await post({
      kind: "payment",
      currency: "CAD",
      lines: Ledger.paymentLines(10_000, 320, plan),
      memo: "Payment 1",
      offering,
      enrolmentId: `c.${cohort.id}.A`,
    });
    // 60 % of 25.01 is 15.006: the host's share is 15.01 (largest remainder), the operator's 10.00.
    await post({ kind: "payment", currency: "CAD", lines: Ledger.paymentLines(2501, 0, plan), memo: "Payment 2" });
    await post({
      kind: "payout",
      currency: "CAD",
      lines: [
        { account: party, side: "debit", amount: 7000 },
        { account: "payouts:bank_transfer", side: "credit", amount: 7000 },
      ],
      memo: '=HYPERLINK("http://evil")',
    });

    const member = await person("raqchi@example.org");
    await Hosts.addMember(await admin(), host.id, { email: member.email });
    const before = await Hosts.statement(member, host.id);
    expect(before).toMatchObject({
      hostId: host.id,
      party,
      currency: "CAD",
      currencies: ["CAD", "PEN"],
      owed: { amount: 7501, currency: "CAD" },
      paid: { amount: 7000, currency: "CAD" },
      due: { amount: 501, currency: "CAD" },
    });
    expect(before.entries.map((e) => [e.kind, e.amount.amount])).toEqual([
      ["share", 6000],
      ["share", 1501],
      ["payout", -7000],
    ]);
    expect(before.entries[0]).toMatchObject({
      postingId: first.id,
      enrolmentId: `c.${cohort.id}.A`,
      offering: { kind: "cohort", id: cohort.id, title: expect.objectContaining({ es: expect.any(String) }) },
      memo: "Payment 1",
    });

    // The first payment is refunded in full after the payout: the host gives back its 60.00.
    await post({
      kind: "refund",
      currency: "CAD",
      lines: Ledger.refundLines(0, 10_000, plan),
      memo: "Refund 1",
      offering,
      refundId: "re_1",
    });
    const after = await Hosts.statement(await admin(), host.id);
    expect(after).toMatchObject({
      owed: { amount: 1501, currency: "CAD" },
      paid: { amount: 7000, currency: "CAD" },
      due: { amount: -5499, currency: "CAD" },
    });
    expect(after.entries.at(-1)).toMatchObject({ kind: "reversal", amount: { amount: -6000, currency: "CAD" } });

    // Another currency, asked for by name.
    const pen = await Hosts.statement(member, host.id, { currency: "PEN" });
    expect(pen).toMatchObject({
      currency: "PEN",
      owed: { amount: 600, currency: "PEN" },
      paid: { amount: 0, currency: "PEN" },
      due: { amount: 600, currency: "PEN" },
    });
    expect(pen.entries).toHaveLength(1);

    const rows = parse(Hosts.statementCsv(after));
    expect(rows.map((r) => [r.kind, r.amount, r.amountMajor, r.currency])).toEqual([
      ["share", "6000", "60.00", "CAD"],
      ["share", "1501", "15.01", "CAD"],
      ["payout", "-7000", "-70.00", "CAD"],
      ["reversal", "-6000", "-60.00", "CAD"],
    ]);
    expect(rows[2].memo).toBe('\'=HYPERLINK("http://evil")');
  });

  it("is refused to anyone but the host's members and platform admins", async () => {
    const host = await Hosts.create(system, { name: "Don Mariano Huamán", kind: "talent", country: "PE" });
    const stranger = await person("stranger-statement@example.org");
    await expect(Hosts.statement(stranger, host.id)).rejects.toBeInstanceOf(Forbidden);
    await expect(Hosts.statement(anonymous, host.id)).rejects.toBeInstanceOf(Unauthorized);
    await expect(Hosts.statement(await admin(), "01JD8X0Q9ZK5N6W3B2C4D5E6F7")).rejects.toBeInstanceOf(NotFound);
    const empty = await Hosts.statement(await admin(), host.id);
    expect(empty).toMatchObject({ currencies: [], entries: [], owed: { amount: 0 }, due: { amount: 0 } });
    expect(Hosts.statementCsv(empty).split("\n")[0]).toContain("createdAt,kind,amount");
  });
});
