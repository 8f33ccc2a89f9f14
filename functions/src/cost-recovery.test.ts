/**
 * The donor's cost-recovery report (API.md "Portal", decision 0022): on a generated ledger of
 * thousands of lines — payments of every kind of offering split among hosts, institutions, the
 * operator and the solidarity fund, Stripe fees, partial refunds and payouts by several methods,
 * spread over two years — every figure of the report equals the sum of the ledger lines it names,
 * summed here independently from the raw account partitions and from the generator's own record.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { Enrolment, Ledger, People } from "@rutas/core";
import { ddb, tableName } from "@rutas/core/db/client";
import { transact } from "@rutas/core/db/transact";
import { ulid } from "ulid";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";

const { call, signIn } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));

// A seeded generator: the same ledger every run.
let seed = 12_345;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

const KINDS = ["cohort", "route", "publication", "exchange_place"] as const;
const HOSTS = Array.from({ length: 6 }, () => `host:${ulid()}`);
const INSTITUTIONS = Array.from({ length: 4 }, () => `institution:${ulid()}`);
const PARTIES = [...HOSTS, ...INSTITUTIONS, "operator", "solidarity_fund"];
const COUNTRIES = ["CA", "PE", "BO", "EC", "CO", undefined];
const DAYS = Array.from(
  { length: 24 },
  (_, i) =>
    `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-${String(1 + ((i * 7) % 28)).padStart(2, "0")}`,
);

type Written = Ledger.Posting;
const written: Written[] = [];
let admin: string;
let participant: string;
let people: { id: string; country?: string }[] = [];

/** A plan among 2–4 parties whose basis points sum to 10000. */
function plan(): Ledger.Share[] {
  const parties = [...new Set([pick(INSTITUTIONS), pick(HOSTS), pick(HOSTS), "operator", "solidarity_fund"])].slice(
    0,
    2 + Math.floor(rand() * 3),
  );
  const cuts = parties.map(() => 1 + Math.floor(rand() * 1000));
  const total = cuts.reduce((a, b) => a + b, 0);
  const bp = cuts.map((c) => Math.floor((c * 10_000) / total));
  bp[0] += 10_000 - bp.reduce((a, b) => a + b, 0);
  return parties.map((party, i) => ({ party, basisPoints: bp[i] }));
}

async function post(p: Omit<Ledger.Posting, "id" | "createdAt">, day: string) {
  const posting = {
    ...Ledger.newPosting(p),
    createdAt: `${day}T${String(Math.floor(rand() * 24)).padStart(2, "0")}:00:00.000Z`,
  };
  const out = await transact(Ledger.postingWrites(posting));
  if (!out.ok) throw new Error(`posting refused: ${JSON.stringify(out)}`);
  written.push(posting);
}

/** Runs `fn` over `n` indices, 8 at a time (transactions on the same balance items conflict and retry). */
async function each(n: number, fn: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

beforeAll(async () => {
  admin = (await signIn("admin@example.org")).token;
  participant = (await signIn("donor-curious@example.org")).token;
  people = await Promise.all(
    Array.from({ length: 40 }, async (_, i) => {
      const country = COUNTRIES[i % COUNTRIES.length];
      const p = await People.findOrCreateByEmail(`payer-${i}@example.org`, country ? { country } : {});
      return { id: p.id, country };
    }),
  );
  // Decide everything first (the generator is sequential), then write 8 at a time.
  const payments = Array.from({ length: 700 }, () => {
    const kind = pick(KINDS);
    const amount = 500 + Math.floor(rand() * 200_000);
    return {
      kind,
      offeringId: ulid(),
      person: pick(people).id,
      amount,
      fee: Math.floor(amount * 0.029) + 30,
      shares: plan(),
      day: pick(DAYS),
    };
  });
  await each(payments.length, async (i) => {
    const p = payments[i];
    await post(
      {
        kind: "payment",
        currency: "CAD",
        lines: Ledger.paymentLines(p.amount, p.fee, p.shares),
        memo: `payment ${i}`,
        offering: { kind: p.kind, id: p.offeringId },
        enrolmentId: Enrolment.enrolmentId(p.kind, p.offeringId, p.person),
        paymentIntentId: `pi_${i}`,
      },
      p.day,
    );
  });
  // Partial refunds of one payment in six, in one or two parts, after the payment.
  const refunds = payments.flatMap((p, i) => {
    if (i % 6) return [];
    const first = Math.floor(p.amount / 3);
    const parts = i % 12 ? [first] : [first, Math.floor(p.amount / 4)];
    return [{ p, i, parts, day: DAYS.find((d) => d >= p.day) ?? p.day }];
  });
  await each(refunds.length, async (k) => {
    const { p, i, parts, day } = refunds[k];
    let before = 0;
    for (const amount of parts) {
      await post(
        {
          kind: "refund",
          currency: "CAD",
          lines: Ledger.refundLines(before, amount, p.shares),
          memo: `refund of ${i}`,
          offering: { kind: p.kind, id: p.offeringId },
          enrolmentId: Enrolment.enrolmentId(p.kind, p.offeringId, p.person),
          refundId: `re_${i}_${before}`,
        },
        day,
      );
      before += amount;
    }
  });
  // Payouts: part of what each party is owed, by each method (the balance condition must hold).
  const methods = ["bank_transfer", "mobile_money", "cash", "stripe"] as const;
  const payouts = PARTIES.flatMap((party) => methods.map((method) => ({ party, method, day: pick(DAYS.slice(12)) })));
  await each(payouts.length, async (k) => {
    const { party, method, day } = payouts[k];
    const balance = await Ledger.partyBalance(party, "CAD");
    const amount = Math.floor(((balance?.available ?? 0) * (1 + Math.floor(rand() * 3))) / 20);
    if (amount <= 0) return;
    await post(
      {
        kind: "payout",
        currency: "CAD",
        lines: [
          { account: party, side: "debit", amount },
          { account: method === "stripe" ? "stripe:balance" : `payouts:${method}`, side: "credit", amount },
        ],
        memo: `payout to ${party}`,
        payoutId: ulid(),
        method,
        reference: `ref-${k}`,
      },
      day,
    );
  });
  // A line in another currency, which a CAD report must not count.
  await post(
    {
      kind: "payment",
      currency: "USD",
      lines: Ledger.paymentLines(99_999, 0, [{ party: "operator", basisPoints: 10_000 }]),
      memo: "usd",
      offering: { kind: "cohort", id: ulid() },
      enrolmentId: Enrolment.enrolmentId("cohort", ulid(), people[0].id),
    },
    "2025-06-01",
  );
}, 600_000);

type RawLine = Ledger.LedgerLine & { sk: string };
/** Every line of an account, read straight from its partition (no report code involved). */
async function raw(account: string, currency = "CAD"): Promise<RawLine[]> {
  const items: RawLine[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `ACCOUNT#${account}#${currency}` },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((out.Items ?? []) as RawLine[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
const within = (from: string, to: string) => (l: { createdAt: string }) =>
  l.createdAt.slice(0, 10) >= from && l.createdAt.slice(0, 10) <= to;
const sum = (lines: { amount: number }[]) => lines.reduce((n, l) => n + l.amount, 0);
const signed = (lines: Ledger.Line[], plus: "debit" | "credit") =>
  lines.reduce((n, l) => n + (l.side === plus ? l.amount : -l.amount), 0);
const SOURCE = { cohort: "courses", route: "routes", publication: "publications", exchange_place: "services" } as const;
const partyKind = (a: string) =>
  a.startsWith("host:")
    ? "hosts"
    : a.startsWith("institution:")
      ? "institutions"
      : (a as "operator" | "solidarity_fund");

/** The report's figures computed from raw lines and, separately, from the generator's postings. */
async function expected(from: string, to: string) {
  const inPeriod = within(from, to);
  const stripe = (await raw("stripe:balance")).filter(inPeriod);
  const fees = (await raw("stripe:fees")).filter(inPeriod);
  const partyLines = (await Promise.all(PARTIES.map((p) => raw(p)))).flat().filter(inPeriod);
  const fromRaw = {
    revenue: Object.fromEntries(
      Object.entries(SOURCE).map(([k, s]) => [
        s,
        sum(stripe.filter((l) => l.postingKind === "payment" && l.side === "debit" && l.offeringKind === k)),
      ]),
    ),
    refunds: sum(stripe.filter((l) => l.postingKind === "refund" && l.side === "credit")),
    stripeFees: signed(fees, "debit"),
    shares: Object.fromEntries(
      (["hosts", "institutions", "operator", "solidarity_fund"] as const).map((k) => [
        k,
        signed(
          partyLines.filter((l) => l.postingKind !== "payout" && partyKind(l.account) === k),
          "credit",
        ),
      ]),
    ),
    payouts: signed(
      partyLines.filter((l) => l.postingKind === "payout"),
      "debit",
    ),
    lines: stripe.length + fees.length + partyLines.length,
  };
  const cad = written.filter((p) => p.currency === "CAD" && inPeriod(p));
  const linesOf = (kind: string) =>
    cad.filter((p) => p.kind === kind).flatMap((p) => p.lines.map((l) => ({ ...l, p })));
  const fromPostings = {
    revenue: Object.fromEntries(
      Object.entries(SOURCE).map(([k, s]) => [
        s,
        sum(
          linesOf("payment").filter(
            (l) => l.account === "stripe:balance" && l.side === "debit" && l.p.offering?.kind === k,
          ),
        ),
      ]),
    ),
    refunds: sum(linesOf("refund").filter((l) => l.account === "stripe:balance")),
    stripeFees: sum(linesOf("payment").filter((l) => l.account === "stripe:fees")),
    payouts: sum(linesOf("payout").filter((l) => l.side === "debit")),
  };
  return { fromRaw, fromPostings };
}

const report = (q: string, token = admin) => call("GET", `/api/reports/cost-recovery?${q}`, { token });

describe("cost-recovery report", () => {
  it("the generated ledger has thousands of lines", async () => {
    const lines = written.reduce((n, p) => n + p.lines.length, 0);
    expect(lines).toBeGreaterThan(4000);
  });

  for (const [from, to] of [
    ["2025-01-01", "2026-12-31"],
    ["2025-04-01", "2025-09-30"],
    ["2026-02-08", "2026-02-08"], // one day of the generator's
  ]) {
    it(`every figure equals the sum of its ledger lines (${from}..${to})`, async () => {
      const res = await report(`from=${from}&to=${to}&currency=CAD`);
      expect(res.status).toBe(200);
      const r = res.body;
      const { fromRaw, fromPostings } = await expected(from, to);
      const amounts = (o: Record<string, { amount: number; currency: string }>) =>
        Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.amount]));
      for (const v of [...Object.values(r.revenue), ...Object.values(r.shares), r.refunds, r.stripeFees, r.payouts])
        expect((v as { currency: string }).currency).toBe("CAD");
      expect(amounts(r.revenue)).toEqual(fromRaw.revenue);
      expect(amounts(r.revenue)).toEqual(fromPostings.revenue);
      expect(r.refunds.amount).toBe(fromRaw.refunds);
      expect(r.refunds.amount).toBe(fromPostings.refunds);
      expect(r.stripeFees.amount).toBe(fromRaw.stripeFees);
      expect(r.stripeFees.amount).toBe(fromPostings.stripeFees);
      expect(amounts(r.shares)).toEqual(fromRaw.shares);
      expect(r.payouts.amount).toBe(fromRaw.payouts);
      expect(r.payouts.amount).toBe(fromPostings.payouts);
      expect(r.linesRead).toBe(fromRaw.lines);
      expect(r.linesRead).toBeGreaterThan(0);
      expect(Object.values(fromRaw.revenue).every((n) => n > 0)).toBe(true);
      // Double entry: what the period's payments brought in, less refunds, is what the parties got.
      const revenue = Object.values(amounts(r.revenue)).reduce((a, b) => a + b, 0);
      const shares = Object.values(amounts(r.shares)).reduce((a, b) => a + b, 0);
      expect(shares).toBe(revenue - r.refunds.amount);
    });
  }

  it("participants are the period's payers, by country and side only (no consent for more)", async () => {
    const res = await report("from=2025-01-01&to=2026-12-31&currency=CAD");
    const payers = new Set(
      written
        .filter((p) => p.kind === "payment" && p.currency === "CAD")
        .map((p) => Enrolment.parseEnrolmentId(p.enrolmentId!).personId),
    );
    expect(res.body.payouts.amount).toBeGreaterThan(0);
    expect(res.body.refunds.amount).toBeGreaterThan(0);
    const p = res.body.participants;
    expect(p.basis).toBe("country_and_side");
    expect(p.total).toBe(payers.size);
    const countryOf = new Map(people.map((x) => [x.id, x.country ?? "unknown"]));
    const byCountry = new Map<string, number>();
    for (const id of payers) byCountry.set(countryOf.get(id)!, (byCountry.get(countryOf.get(id)!) ?? 0) + 1);
    expect(Object.fromEntries(p.byCountry.map((c: any) => [c.country, c.count]))).toEqual(
      Object.fromEntries(byCountry),
    );
    expect(p.bySide.north).toBe(byCountry.get("CA") ?? 0);
    expect(p.bySide.unknown).toBe(byCountry.get("unknown") ?? 0);
    expect(p.bySide.north + p.bySide.south + p.bySide.unknown).toBe(p.total);
    expect(JSON.stringify(p)).not.toContain("@example.org");
  });

  it("another currency is its own report", async () => {
    const res = await report("from=2025-01-01&to=2026-12-31&currency=USD");
    expect(res.body.revenue.courses).toEqual({ amount: 99_999, currency: "USD" });
    expect(res.body.shares.operator).toEqual({ amount: 99_999, currency: "USD" });
  });

  it("CSV: one row per figure, the same amounts", async () => {
    const json = (await report("from=2025-01-01&to=2026-12-31&currency=CAD")).body;
    const res = await report("from=2025-01-01&to=2026-12-31&currency=CAD&format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const rows = (res.body as string)
      .trim()
      .split("\n")
      .map((l) => l.split(","));
    expect(rows[0]).toEqual(["section", "item", "amount", "amountMajor", "currency"]);
    const cell = (section: string, item: string) => Number(rows.find((r) => r[0] === section && r[1] === item)![2]);
    expect(cell("revenue", "routes")).toBe(json.revenue.routes.amount);
    expect(cell("shares", "solidarity_fund")).toBe(json.shares.solidarity_fund.amount);
    expect(cell("payouts", "payouts")).toBe(json.payouts.amount);
    expect(cell("participants", "total")).toBe(json.participants.total);
  });

  it("platform admins only; a bad period is named", async () => {
    expect((await call("GET", "/api/reports/cost-recovery?from=2025-01-01&to=2025-12-31&currency=CAD")).status).toBe(
      401,
    );
    expect((await report("from=2025-01-01&to=2025-12-31&currency=CAD", participant)).status).toBe(403);
    const bad = await report("from=2025-13-01&to=2025-01-01&currency=cad");
    expect(bad.status).toBe(400);
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["query.from", "query.currency"]));
    const backwards = await report("from=2025-12-01&to=2025-01-01&currency=CAD");
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((e: { path: string }) => e.path)).toEqual(["to"]);
  });
});
