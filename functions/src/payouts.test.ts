/**
 * Payouts on DynamoDB Local with the real Stripe SDK against the local Stripe server: nothing
 * overdraws under concurrency, the Idempotency-Key gives one payout, a refused transfer records
 * nothing, a refund after a payout leaves the due negative (shown, and netted by the next payout),
 * and a run twice pays nobody twice.
 */
import { Actor, Audit, Config, Enrolment, Hosts, Institutions, Ledger, Payouts } from "@rutas/core";
import { keys } from "@rutas/core/db/keys";
import { tableName } from "@rutas/core/db/client";
import { transact } from "@rutas/core/db/transact";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";
import { eventually, startPaymentRig } from "./testing/payments";

const { call, signIn } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
let rig: Awaited<ReturnType<typeof startPaymentRig>>;
let admin: string;
/** A second platform admin, so the 20-payout rush does not eat the first one's per-person limit. */
let rushAdmin: string;
let n = 0;
const idem = () => `test-${Date.now()}-${n++}`;

beforeAll(async () => {
  rig = await startPaymentRig();
  admin = (await signIn("admin@example.org")).token;
  Config.configure({
    adminEmails: ["admin@example.org", "payout-rush-admin@example.org", "payout-press-admin@example.org"],
  });
  rushAdmin = (await signIn("payout-rush-admin@example.org")).token;
}, 60_000);
afterAll(() => rig?.stop());

const newHost = async (name = "Comunidad Raqchi") =>
  (await Hosts.create(Actor.system, { name, kind: "organisation", country: "PE" })).id;

/** A share credited to a party by a posting written as payments write theirs. */
async function credit(party: string, amount: number, currency = "CAD", routeId?: string) {
  const posting = Ledger.newPosting({
    kind: "payment",
    currency,
    lines: [
      { account: "stripe:balance", side: "debit", amount },
      { account: party, side: "credit", amount },
    ],
    memo: "test share",
    paymentIntentId: `pi_test_${n++}`,
    ...(routeId ? { offering: { kind: "route" as const, id: routeId } } : {}),
  });
  expect((await transact(Ledger.postingWrites(posting))).ok).toBe(true);
}

const balance = (party: string, currency = "CAD") => Ledger.partyBalance(party, currency);
const postPayout = (body: Record<string, unknown>, key: string | undefined = idem()) =>
  call("POST", "/api/payouts", { token: admin, body, headers: key ? { "Idempotency-Key": key } : {} });
const cash = (party: string, amount: number, reference = "REC-1") => ({
  party,
  amount: { amount, currency: "CAD" },
  method: "cash",
  reference,
});

/** A host whose Stripe account finished onboarding (through the hosted page and account.updated). */
async function onboardedHost(name: string) {
  const hostId = await newHost(name);
  const link = await call("POST", `/api/hosts/${hostId}/connect`, { token: admin });
  expect(link.status).toBe(200);
  expect((await call("GET", `/api/hosts/${hostId}/connect`, { token: admin })).body).toMatchObject({ ready: false });
  const done = await fetch(link.body.url, { method: "POST", redirect: "manual" });
  expect(done.status).toBeLessThan(400);
  await eventually(
    () => call("GET", `/api/hosts/${hostId}/connect`, { token: admin }).then((r) => r.body),
    (b) => b.ready === true,
    "account.updated to mark the host ready",
  );
  return hostId;
}

describe("paying one party", () => {
  it("a manual payout: 201, the line carries payoutId/method/reference, owed/paid/due follow, audit entry", async () => {
    const hostId = await newHost();
    const party = `host:${hostId}`;
    await credit(party, 10_000);
    const res = await postPayout(cash(party, 4_000, "Recibo 0042"));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      party,
      amount: { amount: 4000, currency: "CAD" },
      method: "cash",
      reference: "Recibo 0042",
      status: "paid",
      createdAt: expect.any(String),
    });
    expect(await balance(party)).toMatchObject({
      owed: 10_000,
      paid: 4_000,
      due: 6_000,
      available: 6_000,
      reserved: 0,
    });
    const lines = await Ledger.linesOfAccount(party, "CAD");
    expect(lines.find((l) => l.postingKind === "payout")).toMatchObject({
      side: "debit",
      amount: 4000,
      payoutId: res.body.id,
      method: "cash",
      reference: "Recibo 0042",
    });
    expect(Ledger.balances(lines)[0]).toMatchObject({
      party,
      owed: { amount: 10_000, currency: "CAD" },
      paid: { amount: 4_000, currency: "CAD" },
    });
    const trail = await Audit.list(Actor.system, { action: "payout.created" });
    expect(trail.items.filter((e) => e.target.id === res.body.id)).toHaveLength(1);
  });

  it("validation names the field; no Idempotency-Key is a 400 naming it; manual without reference names reference", async () => {
    const party = `host:${await newHost()}`;
    await credit(party, 1_000);
    const noKey = await postPayout(cash(party, 100), "");
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors).toContainEqual({ path: "Idempotency-Key", message: expect.any(String) });
    const noRef = await postPayout({ party, amount: { amount: 100, currency: "CAD" }, method: "bank_transfer" });
    expect(noRef.status).toBe(400);
    expect(noRef.body.errors).toContainEqual({ path: "reference", message: expect.any(String) });
    const badParty = await postPayout(cash("host:nobody", 100));
    expect(badParty.body.errors).toContainEqual({ path: "party", message: expect.any(String) });
    const zero = await postPayout(cash(party, 0));
    expect(zero.body.errors).toContainEqual({ path: "amount.amount", message: expect.any(String) });
    expect(await balance(party)).toMatchObject({ paid: 0, due: 1_000 });
  });

  it("over what is due: 409 over_due and nothing written", async () => {
    const party = `host:${await newHost()}`;
    await credit(party, 1_000);
    const key = idem();
    const res = await postPayout(cash(party, 1_001), key);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("over_due");
    expect(await balance(party)).toMatchObject({ owed: 1_000, paid: 0, due: 1_000, available: 1_000 });
    expect((await Ledger.linesOfAccount(party, "CAD")).filter((l) => l.postingKind === "payout")).toEqual([]);
    expect((await Payouts.list(Actor.system, { party })).items).toEqual([]);
    // The key was not spent by the refusal: the same key with a fitting amount pays.
    expect((await postPayout(cash(party, 1_000), key)).status).toBe(201);
  });

  it("20 concurrent payouts of one party never overdraw: exactly as many as fit are paid", async () => {
    const party = `host:${await newHost()}`;
    await credit(party, 10_000);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        call("POST", "/api/payouts", {
          token: rushAdmin,
          body: cash(party, 700),
          headers: { "Idempotency-Key": idem() },
        }),
      ),
    );
    const paid = results.filter((r) => r.status === 201);
    expect(results.filter((r) => r.status !== 201).every((r) => r.status === 409 && r.body.code === "over_due")).toBe(
      true,
    );
    expect(paid).toHaveLength(14); // 14 × 700 = 9 800 ≤ 10 000 < 15 × 700
    expect(await balance(party)).toMatchObject({ paid: 9_800, due: 200, available: 200 });
    const lines = await Ledger.linesOfAccount(party, "CAD");
    expect(Ledger.balances(lines)[0].balance).toBe(200);
  });

  it("the same Idempotency-Key twice (even at once) gives the first result — 201, the same body — and one payout; another body with it is a 409", async () => {
    const party = `host:${await newHost()}`;
    await credit(party, 5_000);
    const key = idem();
    const [a, b] = await Promise.all([postPayout(cash(party, 1_500), key), postPayout(cash(party, 1_500), key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body).toEqual(b.body);
    // Exactly one of the two made the payout; the other replayed it, and says so.
    expect([a, b].map((r) => r.headers.get("Idempotent-Replayed")).sort()).toEqual(["true", null].sort());
    const again = await postPayout(cash(party, 1_500), key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(a.body);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    const other = await postPayout(cash(party, 1_000), key);
    expect(other.status).toBe(409);
    expect(other.body.code).toBe("idempotency_key_reused");
    expect(await balance(party)).toMatchObject({ paid: 1_500, due: 3_500 });
    expect((await Payouts.list(Actor.system, { party })).items).toHaveLength(1);
  });
});

describe("Stripe Connect", () => {
  it("onboarding marks the host ready; a Stripe payout transfers with the group and is recorded once", async () => {
    const hostId = await onboardedHost("Asociación Tejedoras de Chinchero");
    const party = `host:${hostId}`;
    await credit(party, 8_000);
    const key = idem();
    const res = await postPayout({ party, amount: { amount: 8_000, currency: "CAD" }, method: "stripe" }, key);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ method: "stripe", status: "paid", transferId: expect.stringMatching(/^tr_/) });
    const transfer = await rig.sdk.transfers.retrieve(res.body.transferId);
    expect(transfer).toMatchObject({ amount: 8000, currency: "cad", transfer_group: party });
    expect(transfer.metadata).toMatchObject({ payoutId: res.body.id });
    expect(
      (await postPayout({ party, amount: { amount: 8_000, currency: "CAD" }, method: "stripe" }, key)).body.id,
    ).toBe(res.body.id);
    expect(await balance(party)).toMatchObject({ paid: 8_000, due: 0, available: 0, reserved: 0 });
    const line = (await Ledger.linesOfAccount("stripe:balance", "CAD")).find((l) => l.payoutId === res.body.id);
    expect(line).toMatchObject({ side: "credit", method: "stripe", reference: res.body.transferId });
  });

  it("a host credited by one route alone is paid for that route: transfer_group route:<id>, in its ledger; a host of two routes is paid as a party", async () => {
    const [routeA, routeB] = ["01JD8X0Q9ZK5N6W3B2C4D5E6A1", "01JD8X0Q9ZK5N6W3B2C4D5E6B2"];
    const single = `host:${await onboardedHost("Comunidad de Amantaní")}`;
    await credit(single, 3_000, "CAD", routeA);
    await credit(single, 2_000, "CAD", routeA);
    const res = await postPayout({ party: single, amount: { amount: 4_000, currency: "CAD" }, method: "stripe" });
    expect(res.status).toBe(201);
    expect(res.body.routeId).toBe(routeA);
    expect(await rig.sdk.transfers.retrieve(res.body.transferId)).toMatchObject({ transfer_group: `route:${routeA}` });
    const routeLines = await Ledger.linesOfOffering("route", routeA);
    expect(Ledger.balances(routeLines).find((b) => b.party === single)).toMatchObject({
      owed: { amount: 5_000, currency: "CAD" },
      paid: { amount: 4_000, currency: "CAD" },
    });
    const both = `host:${await onboardedHost("Asociación de Taquile")}`;
    await credit(both, 3_000, "CAD", routeA);
    await credit(both, 3_000, "CAD", routeB);
    const shared = await postPayout({ party: both, amount: { amount: 5_000, currency: "CAD" }, method: "stripe" });
    expect(shared.status).toBe(201);
    expect(shared.body).not.toHaveProperty("routeId");
    expect(await rig.sdk.transfers.retrieve(shared.body.transferId)).toMatchObject({ transfer_group: both });
    expect(await balance(both)).toMatchObject({ paid: 5_000, due: 1_000 });
  });

  it("a host without a ready account: 409 no_connected_account, nothing written", async () => {
    const party = `host:${await newHost()}`;
    await credit(party, 1_000);
    const res = await postPayout({ party, amount: { amount: 500, currency: "CAD" }, method: "stripe" });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("no_connected_account");
    expect(await balance(party)).toMatchObject({ paid: 0, available: 1_000, reserved: 0 });
  });

  it("a transfer Stripe refuses leaves no payout: the reservation is released and the failure is in the trail", async () => {
    const hostId = await newHost("Yachaq Mamani");
    const party = `host:${hostId}`;
    await credit(party, 3_000);
    // Ready in our books, but the account is gone at Stripe: the transfer is refused.
    await transact([
      {
        Put: {
          TableName: tableName(),
          Item: { ...keys.hostConnect(hostId), hostId, accountId: "acct_gone0000000000", ready: true, updatedAt: "x" },
        },
      },
    ]);
    const key = idem();
    const res = await postPayout({ party, amount: { amount: 2_000, currency: "CAD" }, method: "stripe" }, key);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("transfer_failed");
    expect(await balance(party)).toMatchObject({ paid: 0, due: 3_000, available: 3_000, reserved: 0 });
    expect((await Payouts.list(Actor.system, { party })).items).toEqual([]);
    expect((await Ledger.linesOfAccount(party, "CAD")).filter((l) => l.postingKind === "payout")).toEqual([]);
    const failed = (await Audit.list(Actor.system, { action: "payout.failed" })).items;
    expect(failed.filter((e) => e.details.party === party)).toHaveLength(1);
    // The key is free again: paid by hand instead.
    expect((await postPayout(cash(party, 2_000), key)).status).toBe(201);
  });
});

describe("Stripe not answering, and account.updated delivered again", () => {
  it("a transfer whose outcome is unknown: 503, the reservation stays; the same key later pays once", async () => {
    const hostId = await onboardedHost("Comunidad Ccaccaccollo");
    const party = `host:${hostId}`;
    await credit(party, 5_000);
    const budgets = Config.config().budgets;
    const key = idem();
    const body = { party, amount: { amount: 2_000, currency: "CAD" }, method: "stripe" };
    Config.configure({ budgets: { ...budgets, stripeMs: 300 } });
    rig.stripeLocal.hang();
    let first;
    try {
      first = await postPayout(body, key);
    } finally {
      rig.stripeLocal.resume();
      Config.configure({ budgets });
    }
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBeTruthy();
    expect(await balance(party)).toMatchObject({ paid: 0, due: 5_000, available: 3_000, reserved: 2_000 });
    expect((await Payouts.list(Actor.system, { party })).items).toEqual([]);
    // Nobody else can take the reserved money meanwhile.
    expect((await postPayout(cash(party, 3_001))).body.code).toBe("over_due");

    const again = await postPayout(body, key);
    expect(again.status).toBe(201);
    expect(await balance(party)).toMatchObject({ paid: 2_000, due: 3_000, available: 3_000, reserved: 0 });
    // The held attempts and the retry all carried one Stripe idempotency key: one transfer.
    const transfers = rig.stripeLocal
      .events()
      .filter(
        (e) =>
          e.type === "transfer.created" &&
          (e.data.object as { metadata: Record<string, string> }).metadata.payoutId === again.body.id,
      );
    expect(transfers).toHaveLength(1);
    expect((await postPayout(body, key)).body.id).toBe(again.body.id);
  });

  it("account.updated delivered five times at once is processed once and marks the host ready", async () => {
    const hostId = await newHost("Comunidad Huilloc");
    const link = await call("POST", `/api/hosts/${hostId}/connect`, { token: admin });
    // Held back from the API (its own redeliveries too) until the test delivers it.
    rig.detach();
    try {
      await fetch(link.body.url, { method: "POST", redirect: "manual" });
      expect((await call("GET", `/api/hosts/${hostId}/connect`, { token: admin })).body.ready).toBe(false);
      const event = rig.stripeLocal
        .events()
        .find(
          (e) =>
            e.type === "account.updated" &&
            (e.data.object as { metadata: Record<string, string> }).metadata.hostId === hostId,
        )!;
      const outcomes = (await rig.deliver(event, 5)).map((r) => r.body.outcome).sort();
      expect(outcomes).toEqual(["duplicate", "duplicate", "duplicate", "duplicate", "processed"]);
    } finally {
      rig.attach();
    }
    expect((await call("GET", `/api/hosts/${hostId}/connect`, { token: admin })).body).toMatchObject({ ready: true });
  });
});

describe("refunds racing payouts", () => {
  it("a refund after the institution was paid leaves its due negative, shown; the next payout nets it", async () => {
    const inst = await Institutions.create(Actor.system, {
      name: "Universidad de Cuenca",
      country: "EC",
      type: "university",
    });
    await Institutions.addMember(Actor.system, inst.id, { email: "cuenca-pay@example.org", role: "admin" });
    const instAdmin = (await signIn("cuenca-pay@example.org")).token;
    const course = await call("POST", "/api/courses", {
      token: instAdmin,
      body: {
        institutionId: inst.id,
        title: { es: "Agroecología andina" },
        summary: { es: "Suelos y semillas." },
        topics: ["community-natural-resources"],
        language: "es",
        modules: [{ title: "Uno", lessons: [{ title: "Una", body: "Texto." }] }],
      },
    });
    await call("POST", `/api/courses/${course.body.id}/publish`, { token: instAdmin });
    const cohort = await call("POST", `/api/courses/${course.body.id}/cohorts`, {
      token: instAdmin,
      body: {
        startDate: day(0),
        endDate: day(13),
        capacity: 30,
        enrolmentDeadline: day(7),
        prices: [
          { group: "standard", amount: 10_000, currency: "CAD" },
          { group: "reduced", amount: 10_000, currency: "CAD" },
          { group: "community", amount: 10_000, currency: "CAD" },
        ],
      },
    });
    const party = `institution:${inst.id}`;
    const enrolments: string[] = [];
    for (const who of ["a", "b", "c"]) {
      const p = await signIn(`payout-race-${who}@example.org`);
      await call("PATCH", "/api/me", {
        token: p.token,
        body: { name: who, country: "PE", organisationType: "ngo", languages: ["es"] },
      });
      const e = await call("POST", `/api/cohorts/${cohort.body.id}/enrolments`, { token: p.token });
      const co = await call("POST", "/api/checkout", { token: p.token, body: { enrolmentId: e.body.id } });
      await rig.payOnPage(co.body.url, "4242424242424242");
      enrolments.push(e.body.id);
    }
    await eventually(
      () => Promise.all(enrolments.map((id) => Enrolment.get(id).then((e) => e?.status))),
      (s) => s.every((x) => x === "active"),
      "three payments",
    );
    expect(await balance(party)).toMatchObject({ owed: 24_000, due: 24_000 });

    // A refund and a payout of one share's worth, at once: it fits whichever lands first.
    const [r1, paid] = await Promise.all([
      call("POST", `/api/enrolments/${enrolments[0]}/refund`, { token: instAdmin }),
      postPayout({ party, amount: { amount: 8_000, currency: "CAD" }, method: "bank_transfer", reference: "SWIFT 1" }),
    ]);
    expect([r1.status, paid.status]).toEqual([200, 201]);
    expect(await balance(party)).toMatchObject({ owed: 16_000, paid: 8_000, due: 8_000, available: 8_000 });
    // The rest is paid, then a refund arrives: the due goes negative and stays in sight.
    expect((await postPayout(cash(party, 8_000, "SWIFT 2"))).status).toBe(201);
    expect((await call("POST", `/api/enrolments/${enrolments[1]}/refund`, { token: instAdmin })).status).toBe(200);
    const b = (await balance(party))!;
    expect(b).toMatchObject({ owed: 8_000, paid: 16_000, due: -8_000, available: -8_000, reserved: 0 });
    // The balance item equals the lines.
    const fromLines = Ledger.balances(await Ledger.linesOfAccount(party, "CAD"))[0];
    expect([fromLines.owed!.amount, fromLines.paid!.amount, fromLines.balance]).toEqual([b.owed, b.paid, b.due]);
    // The ledger report shows it.
    const report = await call("GET", `/api/institutions/${inst.id}/ledger`, { token: instAdmin });
    expect(report.body.balances.find((x: { account: string }) => x.account === party)).toMatchObject({
      party,
      owed: { amount: 8_000, currency: "CAD" },
      paid: { amount: 16_000, currency: "CAD" },
      due: { amount: -8_000, currency: "CAD" },
    });
    expect(report.body.entries.filter((e: { payoutId?: string }) => e.payoutId).length).toBe(4); // 2 payouts × 2 lines
    // Nothing more can be paid until new shares cover the debt, and then only the rest.
    expect((await postPayout(cash(party, 1))).body.code).toBe("over_due");
    await credit(party, 20_000);
    expect((await postPayout(cash(party, 12_001))).body.code).toBe("over_due");
    expect((await postPayout(cash(party, 12_000))).status).toBe(201);
    expect(await balance(party)).toMatchObject({ owed: 28_000, paid: 28_000, due: 0 });

    // A refund racing a payout of everything due: whichever lands first, nothing is hidden.
    await credit(party, 8_000);
    const [r3, raced] = await Promise.all([
      call("POST", `/api/enrolments/${enrolments[2]}/refund`, { token: instAdmin }),
      postPayout(cash(party, 8_000, "SWIFT 3")),
    ]);
    expect(r3.status).toBe(200);
    const after = (await balance(party))!;
    const lines = Ledger.balances(await Ledger.linesOfAccount(party, "CAD"))[0];
    expect([lines.owed!.amount, lines.paid!.amount, lines.balance]).toEqual([after.owed, after.paid, after.due]);
    expect(after.owed).toBe(28_000);
    if (raced.status === 201) expect(after).toMatchObject({ paid: 36_000, due: -8_000 });
    else expect([raced.body.code, after.paid, after.due]).toEqual(["over_due", 28_000, 0]);
  });
});

describe("payout runs", () => {
  it("pays every party with something due in steps; a second run pays nobody twice; operator and fund skipped", async () => {
    const ready = await onboardedHost("Comunidad Llachón");
    const manual = await newHost("Comunidad Taquile");
    const none = await newHost("Comunidad Amantaní");
    await credit(`host:${ready}`, 1_200, "PEN");
    await credit(`host:${manual}`, 900, "PEN");
    await credit(`host:${none}`, 300, "PEN");
    await credit("operator", 500, "PEN");

    const run = await call("POST", "/api/payout-runs", {
      token: admin,
      body: { currency: "PEN", method: "mobile_money", reference: "Yape lote 7" },
    });
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ status: "running", total: 4, done: 0, paid: [], skipped: [], failed: [] });
    let r = run.body;
    while (r.status === "running") {
      const s = await call("POST", `/api/payout-runs/${r.id}/step`, { token: admin, body: { count: 3 } });
      expect(s.status).toBe(200);
      r = s.body;
    }
    expect(r.done).toBe(4);
    const byParty = Object.fromEntries(r.paid.map((p: { party: string }) => [p.party, p]));
    expect(byParty[`host:${ready}`]).toMatchObject({ amount: { amount: 1_200, currency: "PEN" }, method: "stripe" });
    expect(byParty[`host:${manual}`]).toMatchObject({
      amount: { amount: 900, currency: "PEN" },
      method: "mobile_money",
    });
    expect(byParty[`host:${none}`]).toMatchObject({ amount: { amount: 300, currency: "PEN" }, method: "mobile_money" });
    expect(r.skipped).toContainEqual({ party: "operator", reason: "not_paid_out" });
    expect((await call("GET", `/api/payout-runs/${r.id}`, { token: admin })).body).toEqual(r);

    // Stepping a finished run again, or a second run: nobody is paid twice.
    expect((await call("POST", `/api/payout-runs/${r.id}/step`, { token: admin })).body.paid).toHaveLength(3);
    const second = await Payouts.createRun(Actor.system, { currency: "PEN", method: "cash", reference: "again" });
    let s2 = second;
    while (s2.status === "running") s2 = await Payouts.step(Actor.system, s2.id);
    expect(s2.paid).toEqual([]);
    for (const h of [ready, manual, none]) expect(await balance(`host:${h}`, "PEN")).toMatchObject({ due: 0 });
    expect(await balance("operator", "PEN")).toMatchObject({ due: 500 });
  });

  it("a run without a manual method skips hosts with no ready account", async () => {
    const h = await newHost("Comunidad Luquina");
    await credit(`host:${h}`, 700, "BOB");
    let r = await Payouts.createRun(Actor.system, { currency: "BOB" });
    while (r.status === "running") r = await Payouts.step(Actor.system, r.id);
    expect(r.skipped).toContainEqual({ party: `host:${h}`, reason: "no_method" });
    expect(await balance(`host:${h}`, "BOB")).toMatchObject({ due: 700 });
  });

  it("a transfer Stripe refuses in a run is listed as failed and pays nothing", async () => {
    const h = await newHost("Comunidad Sibinacocha");
    await credit(`host:${h}`, 900, "USD");
    await transact([
      {
        Put: {
          TableName: tableName(),
          Item: { ...keys.hostConnect(h), hostId: h, accountId: "acct_gone1111111111", ready: true, updatedAt: "x" },
        },
      },
    ]);
    let r = await Payouts.createRun(Actor.system, { currency: "USD", method: "cash", reference: "caja" });
    while (r.status === "running") r = await Payouts.step(Actor.system, r.id);
    expect(r.failed).toEqual([{ party: `host:${h}`, reason: "transfer_failed" }]);
    expect(r.paid).toEqual([]);
    expect(await balance(`host:${h}`, "USD")).toMatchObject({ paid: 0, due: 900, available: 900, reserved: 0 });
  });
});

describe("listing", () => {
  it("GET /api/payouts by party, paginated, and as CSV", async () => {
    const party = `host:${await newHost("Comunidad Patacancha")}`;
    await credit(party, 3_000);
    for (const ref of ["A-1", "A-2", "A-3"]) expect((await postPayout(cash(party, 1_000, ref))).status).toBe(201);
    const page1 = await call("GET", `/api/payouts?party=${encodeURIComponent(party)}&limit=2`, { token: admin });
    expect(page1.body.items.map((p: { reference: string }) => p.reference)).toEqual(["A-3", "A-2"]);
    const page2 = await call(
      "GET",
      `/api/payouts?party=${encodeURIComponent(party)}&limit=2&cursor=${page1.body.nextCursor}`,
      { token: admin },
    );
    expect(page2.body.items.map((p: { reference: string }) => p.reference)).toEqual(["A-1"]);
    const csv = await call("GET", `/api/payouts?party=${encodeURIComponent(party)}&format=csv`, { token: admin });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const rows = (csv.body as string)
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(rows[0]).toBe("createdAt,id,party,amount,amountMajor,currency,method,reference,transferId,routeId");
    expect(rows).toHaveLength(4);
    expect(rows[1]).toContain(",1000,10.00,CAD,cash,A-3,");
    // Not for anyone else.
    const someone = await signIn("not-admin-payouts@example.org");
    expect((await call("GET", "/api/payouts", { token: someone.token })).status).toBe(403);
    expect((await postPayout(cash(party, 1))).status).toBe(409);
  });
});

describe("throttling", () => {
  it("POST /api/payouts is limited per person: the 61st press in ten minutes is a 429 with Retry-After", async () => {
    const presser = (await signIn("payout-press-admin@example.org")).token;
    // Windows are fixed (600 s): start the burst well inside one, or it is split across two.
    const left = 600 - ((Date.now() / 1000) % 600);
    if (left < 20) await new Promise((r) => setTimeout(r, left * 1000 + 100));
    const press = () => call("POST", "/api/payouts", { token: presser, body: cash("operator", 1) });
    const first = await Promise.all(Array.from({ length: 60 }, press));
    expect(first.every((r) => r.status === 400)).toBe(true); // no Idempotency-Key: refused, but counted
    const over = await press();
    expect(over.status).toBe(429);
    expect(over.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});
