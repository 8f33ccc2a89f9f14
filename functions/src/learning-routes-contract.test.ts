/**
 * The API contract's "Learning Routes and fee sharing" section (API.md), walked with exactly the
 * bodies it writes — nothing more — from hosts to a route, two real Checkout payments (different
 * pricing groups), a refund, the ledger, a host member's statement, and payouts. Every refusal is
 * problem+json naming the field, and writes nothing.
 */
import { splitAmount } from "@rutas/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";
import { eventually, startPaymentRig } from "./testing/payments";

const { call, signIn } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const GHOST = "01JD8X0Q9ZK5N6W3B2C4D5E6F7";
let rig: Awaited<ReturnType<typeof startPaymentRig>>;
let platform: string;
let admin: string;
let institutionId: string;
let hosts: { raqchi: string; amaru: string; yachaq: string };
let keyN = 0;
const key = () => `contract-${Date.now()}-${keyN++}`;

type Money = { amount: number; currency: string };
type Problem = { status: number; headers: Headers; body: { errors?: { path: string }[] } };

/** A refusal: `status`, problem+json, and among its errors one naming `path`. */
function expectProblem(res: Problem, status: number, path: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(res.body.errors?.map((e) => e.path)).toContain(path);
}

beforeAll(async () => {
  rig = await startPaymentRig();
  platform = (await signIn("admin@example.org")).token;
  const inst = await call("POST", "/api/institutions", {
    token: platform,
    body: { name: "Procasur Andes", country: "PE", type: "ngo" },
  });
  expect(inst.status).toBe(201);
  institutionId = inst.body.id;
  expect(
    (
      await call("POST", `/api/institutions/${institutionId}/members`, {
        token: platform,
        body: { email: "contract-admin@example.org", role: "admin" },
      })
    ).status,
  ).toBe(201);
  admin = (await signIn("contract-admin@example.org")).token;
}, 60_000);
afterAll(() => rig?.stop());

const PRICES = [
  { group: "standard", amount: 120_001, currency: "USD" },
  { group: "reduced", amount: 45_557, currency: "USD" },
];
const feeShares = () => [
  { party: `host:${hosts.raqchi}`, basisPoints: 3333 },
  { party: `host:${hosts.amaru}`, basisPoints: 2501 },
  { party: `host:${hosts.yachaq}`, basisPoints: 2166 },
  { party: "operator", basisPoints: 1500 },
  { party: "solidarity_fund", basisPoints: 500 },
];
/** API.md's body, field for field. */
const routeBody = (over: Record<string, unknown> = {}) => ({
  institutionId,
  title: "Ruta de las qochas y las papas nativas",
  theme: "community-natural-resources",
  countries: ["PE"],
  startDate: day(30),
  endDate: day(33),
  capacity: 2,
  stops: [
    { day: 1, hostId: hosts.raqchi, place: "Raqchi", title: "Qochas comunales" },
    { day: 2, hostId: hosts.amaru, place: "Pisac", title: "Parque de la papa" },
    { day: 4, hostId: hosts.yachaq, place: "Chinchero", title: "Tejido y tintes naturales" },
  ],
  prices: PRICES,
  feeShares: feeShares(),
  ...over,
});
const routesOfInstitution = async () =>
  (await call("GET", `/api/institutions/${institutionId}/routes`, { token: admin })).body.items as unknown[];

async function participant(email: string, country: string) {
  const s = await signIn(email);
  expect((await call("PATCH", "/api/me", { token: s.token, body: { country } })).status).toBe(200);
  return s.token;
}

let routeId: string;
let secondRouteId: string;
const payments: number[] = [];
let refundedAmount = 0;

describe("hosts", () => {
  it("POST /api/hosts {name, kind, country} (platform admin) → 201 {id}; a bad kind or country names it; others 403", async () => {
    const create = (body: unknown, token = platform) => call("POST", "/api/hosts", { token, body });
    const raqchi = await create({ name: "Comunidad campesina de Raqchi", kind: "organisation", country: "PE" });
    expect(raqchi.status).toBe(201);
    expect(raqchi.body.id).toEqual(expect.any(String));
    const amaru = await create({ name: "Asociación Amaru", kind: "organisation", country: "PE" });
    const yachaq = await create({ name: "Nilda Callañaupa", kind: "talent", country: "PE" });
    hosts = { raqchi: raqchi.body.id, amaru: amaru.body.id, yachaq: yachaq.body.id };

    expectProblem(await create({ name: "Nadie", kind: "person", country: "PE" }), 400, "kind");
    expectProblem(await create({ name: "Nadie", kind: "talent", country: "Peru" }), 400, "country");
    expectProblem(await create({ name: "Nadie", kind: "talent" }), 400, "country");
    expect((await create({ name: "Nadie", kind: "talent", country: "PE" }, admin)).status).toBe(403);
    expect((await call("GET", "/api/hosts?country=PE")).body.items).toHaveLength(3);
  });
});

describe("a route", () => {
  it("POST /api/routes with API.md's body → 201 {id}; institution:<id> is a party too", async () => {
    const created = await call("POST", "/api/routes", { token: admin, body: routeBody() });
    expect(created.status).toBe(201);
    expect(created.body.id).toEqual(expect.any(String));
    routeId = created.body.id;
    const withInstitution = await call("POST", "/api/routes", {
      token: admin,
      body: routeBody({
        feeShares: [...feeShares().slice(0, 3), { party: `institution:${institutionId}`, basisPoints: 2000 }],
      }),
    });
    expect(withInstitution.status).toBe(201);
    secondRouteId = withInstitution.body.id;
    expect(await routesOfInstitution()).toHaveLength(2);
  });

  it("refuses, naming the field and writing nothing: a plan not summing to 10000, negative basis points, a party of no known form, an unknown host, a day outside the route, a stop's host without a share", async () => {
    const before = await routesOfInstitution();
    const refused = (over: Record<string, unknown>) =>
      call("POST", "/api/routes", { token: admin, body: routeBody(over) });
    const shares = feeShares();
    expectProblem(
      await refused({ feeShares: shares.map((s, i) => (i === 0 ? { ...s, basisPoints: 3334 } : s)) }),
      400,
      "feeShares",
    );
    expectProblem(
      await refused({
        feeShares: [
          ...shares.slice(0, 4),
          { party: "solidarity_fund", basisPoints: -500 },
          { ...shares[4], party: "x" },
        ],
      }),
      400,
      "feeShares.4.basisPoints",
    );
    expectProblem(
      await refused({ feeShares: shares.map((s, i) => (i === 3 ? { ...s, party: "everyone" } : s)) }),
      400,
      "feeShares.3.party",
    );
    expectProblem(
      await refused({ feeShares: shares.map((s, i) => (i === 3 ? { ...s, party: `person:${GHOST}` } : s)) }),
      400,
      "feeShares.3.party",
    );
    const stops = routeBody().stops;
    expectProblem(await refused({ stops: [{ ...stops[0], hostId: GHOST }, ...stops.slice(1)] }), 400, "stops.0.hostId");
    expectProblem(await refused({ stops: [...stops.slice(0, 2), { ...stops[2], day: 5 }] }), 400, "stops.2.day");
    const noYachaqShare = [
      { party: `host:${hosts.raqchi}`, basisPoints: 5000 },
      { party: `host:${hosts.amaru}`, basisPoints: 3000 },
      { party: "operator", basisPoints: 2000 },
    ];
    const missing = await refused({ feeShares: noYachaqShare });
    expectProblem(missing, 400, "feeShares");
    expect(JSON.stringify(missing.body)).toContain(hosts.yachaq);
    expect(await routesOfInstitution()).toEqual(before);
  });

  it('a draft: enrolling and reading it are 404 to others; POST /api/routes/:id/publish → 200 {status: "published"}', async () => {
    const someone = await participant("contract-early@example.org", "CA");
    const enrol = await call("POST", `/api/routes/${routeId}/enrolments`, { token: someone });
    expect(enrol.status).toBe(404);
    expect(enrol.headers.get("content-type")).toBe("application/problem+json");
    expect((await call("GET", `/api/routes/${routeId}`, { token: someone })).status).toBe(404);
    expect((await call("GET", `/api/routes/${routeId}`, { token: admin })).body.status).toBe("draft");
    expect((await call("POST", `/api/routes/${routeId}/publish`, { token: someone })).status).toBe(403);
    const published = await call("POST", `/api/routes/${routeId}/publish`, { token: admin });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ id: routeId, status: "published" });
  });

  it("GET /api/routes?country=&topic=&cursor= → {items, nextCursor}; GET /api/routes/:id → stops with their hosts' public profiles and the signed-in person's price", async () => {
    const list = await call("GET", "/api/routes?country=PE&topic=community-natural-resources");
    expect(list.status).toBe(200);
    expect(Object.keys(list.body).sort()).toEqual(["items", "nextCursor"]);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([routeId]);
    expect(list.body.nextCursor).toBeNull();
    expect((await call("GET", "/api/routes?country=BO")).body).toEqual({ items: [], nextCursor: null });
    expect((await call("GET", "/api/routes?topic=urban-environment")).body.items).toEqual([]);
    expectProblem(await call("GET", "/api/routes?topic=gardening"), 400, "query.topic");
    expectProblem(await call("GET", "/api/routes?cursor=not-one-of-ours"), 400, "cursor");
    // A page at a time: the cursor leads to the rest.
    await call("POST", `/api/routes/${secondRouteId}/publish`, { token: admin });
    const first = await call("GET", "/api/routes?country=PE&limit=1");
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest = await call(
      "GET",
      `/api/routes?country=PE&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect([...first.body.items, ...rest.body.items].map((r: { id: string }) => r.id).sort()).toEqual(
      [routeId, secondRouteId].sort(),
    );

    const profile = await call("PATCH", `/api/hosts/${hosts.yachaq}`, {
      token: platform,
      body: { region: "Cusco", languages: ["qu", "es"], email: "nilda@example.org" },
    });
    expect(profile.status).toBe(200);
    const anonymous = (await call("GET", `/api/routes/${routeId}`)).body;
    expect(anonymous.price).toBeUndefined();
    expect(anonymous.stops.map((s: { day: number; host: { id: string } }) => [s.day, s.host.id])).toEqual([
      [1, hosts.raqchi],
      [2, hosts.amaru],
      [4, hosts.yachaq],
    ]);
    expect(anonymous.stops[2]).toMatchObject({
      hostId: hosts.yachaq,
      place: "Chinchero",
      host: {
        id: hosts.yachaq,
        name: "Nilda Callañaupa",
        kind: "talent",
        country: "PE",
        region: "Cusco",
        languages: ["qu", "es"],
      },
    });
    // Its public profile: never its contact.
    expect(anonymous.stops[2].host).not.toHaveProperty("email");
    const bolivian = await participant("contract-price@example.org", "BO");
    expect((await call("GET", `/api/routes/${routeId}`, { token: bolivian })).body.price).toMatchObject({
      group: "reduced",
      amount: 45_557,
      currency: "USD",
    });
  });
});

describe("selling it", () => {
  it("POST /api/routes/:id/enrolments as for cohorts: pending_payment, paid through Checkout; twice → 409; full → waitlisted; free → active", async () => {
    const pay = async (email: string, country: string) => {
      const token = await participant(email, country);
      const e = await call("POST", `/api/routes/${routeId}/enrolments`, { token });
      expect(e.status).toBe(201);
      expect(e.body).toMatchObject({ id: expect.any(String), status: "pending_payment" });
      const twice = await call("POST", `/api/routes/${routeId}/enrolments`, { token });
      expect(twice.status).toBe(409);
      expect(twice.headers.get("content-type")).toBe("application/problem+json");
      const co = await call("POST", "/api/checkout", { token, body: { enrolmentId: e.body.id } });
      expect(co.status).toBe(201);
      await rig.payOnPage(co.body.url, "4242424242424242");
      await eventually(
        async () =>
          (await call("GET", "/api/me/enrolments", { token })).body.items.find(
            (x: { id: string }) => x.id === e.body.id,
          )?.status,
        (s) => s === "active",
        "the payment's activation",
      );
      payments.push(e.body.price.amount);
      return e.body.id as string;
    };
    const reducedEnrolment = await pay("contract-bo@example.org", "BO");
    await pay("contract-ca@example.org", "CA");
    expect(payments).toEqual([45_557, 120_001]);
    const third = await participant("contract-third@example.org", "PE");
    const waiting = await call("POST", `/api/routes/${routeId}/enrolments`, { token: third });
    expect(waiting.status).toBe(201);
    expect(waiting.body).toMatchObject({ id: expect.any(String), status: "waitlisted" });

    const free = await call("POST", "/api/routes", { token: admin, body: routeBody({ prices: [] }) });
    await call("POST", `/api/routes/${free.body.id}/publish`, { token: admin });
    const freeEnrolment = await call("POST", `/api/routes/${free.body.id}/enrolments`, { token: third });
    expect(freeEnrolment.status).toBe(201);
    expect(freeEnrolment.body).toMatchObject({ id: expect.any(String), status: "active" });

    // A part refund of the reduced payment: its shares are reversed by the same split.
    refundedAmount = 10_001;
    const refund = await call("POST", `/api/enrolments/${reducedEnrolment}/refund`, {
      token: admin,
      body: { amount: refundedAmount },
    });
    expect(refund.status).toBe(200);
    await eventually(
      async () => (await call("GET", `/api/routes/${routeId}/ledger`, { token: admin })).body.entries,
      (entries: { postingKind: string }[]) => entries.some((e) => e.postingKind === "refund"),
      "the refund's reversal",
    );
  });

  it("GET /api/routes/:id/ledger → {entries, balances: [{party, owed: Money, paid: Money}]}, owed the sum of the splits to the cent", async () => {
    const res = await call("GET", `/api/routes/${routeId}/ledger`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.entries.length).toBeGreaterThan(0);
    const owed = (party: string) =>
      payments.reduce((n, a) => n + splitAmount(a, feeShares()).find((p) => p.party === party)!.amount, 0) -
      splitAmount(refundedAmount, feeShares()).find((p) => p.party === party)!.amount;
    const balances = res.body.balances as { party: string; owed: Money; paid: Money }[];
    expect(balances.map((b) => b.party).sort()).toEqual(
      feeShares()
        .map((s) => s.party)
        .sort(),
    );
    for (const b of balances) {
      expect(b.owed).toEqual({ amount: owed(b.party), currency: "USD" });
      expect(b.paid).toEqual({ amount: 0, currency: "USD" });
    }
    const total = payments.reduce((a, b) => a + b, 0) - refundedAmount;
    expect(balances.reduce((n, b) => n + b.owed.amount, 0)).toBe(total);

    const stranger = await participant("contract-stranger@example.org", "PE");
    expect([403, 404]).toContain((await call("GET", `/api/routes/${routeId}/ledger`, { token: stranger })).status);
    expect((await call("GET", `/api/routes/${routeId}/ledger`, { token: platform })).status).toBe(200);
    const csv = await call("GET", `/api/routes/${routeId}/ledger?format=csv`, { token: admin });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
  });
});

describe("a host's statement and payouts", () => {
  const party = () => `host:${hosts.raqchi}`;
  const raqchiOwed = () =>
    payments.reduce((n, a) => n + splitAmount(a, feeShares())[0].amount, 0) -
    splitAmount(refundedAmount, feeShares())[0].amount;
  let member: string;

  it("POST /api/hosts/:id/members {email} → 201: that person reads the statement; a stranger, or another host's member, cannot", async () => {
    const added = await call("POST", `/api/hosts/${hosts.raqchi}/members`, {
      token: platform,
      body: { email: "tesorera@raqchi.example.org" },
    });
    expect(added.status).toBe(201);
    expect(
      (
        await call("POST", `/api/hosts/${hosts.amaru}/members`, {
          token: admin,
          body: { email: "someone@amaru.example.org" },
        })
      ).status,
    ).toBe(403);
    member = (await signIn("tesorera@raqchi.example.org")).token;
    const s = await call("GET", `/api/hosts/${hosts.raqchi}/statement`, { token: member });
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({
      owed: { amount: raqchiOwed(), currency: "USD" },
      paid: { amount: 0, currency: "USD" },
      due: { amount: raqchiOwed(), currency: "USD" },
    });
    expect(s.body.entries.map((e: { kind: string }) => e.kind).sort()).toEqual(["reversal", "share", "share"]);
    // Each line names the payment behind it (and a reversal its refund).
    for (const e of s.body.entries as { kind: string; paymentIntentId?: string; refundId?: string }[]) {
      expect(e.paymentIntentId).toEqual(expect.any(String));
      if (e.kind === "reversal") expect(e.refundId).toEqual(expect.any(String));
    }
    const usd = await call("GET", `/api/hosts/${hosts.raqchi}/statement?currency=USD`, { token: member });
    expect(usd.body.owed).toEqual(s.body.owed);
    const pen = await call("GET", `/api/hosts/${hosts.raqchi}/statement?currency=PEN`, { token: member });
    expect(pen.body).toMatchObject({ entries: [], owed: { amount: 0, currency: "PEN" }, due: { amount: 0 } });
    const csv = await call("GET", `/api/hosts/${hosts.raqchi}/statement?format=csv`, { token: member });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(String(csv.body).trim().split("\n")).toHaveLength(4); // header + 3 lines

    const stranger = await participant("contract-nosy@example.org", "PE");
    expect([403, 404]).toContain(
      (await call("GET", `/api/hosts/${hosts.raqchi}/statement`, { token: stranger })).status,
    );
    expect([403, 404]).toContain((await call("GET", `/api/hosts/${hosts.amaru}/statement`, { token: member })).status);
    expect((await call("GET", `/api/hosts/${hosts.raqchi}/statement`)).status).toBe(401);
    expect((await call("GET", `/api/hosts/${hosts.amaru}/statement`, { token: platform })).status).toBe(200);
  });

  it("POST /api/payouts: over due → 409 and nothing written; bad bodies name the field; paid → 201 {id, status}; the same key → the first result; listed and in CSV", async () => {
    const pay = (body: unknown, k = key(), token = platform) =>
      call("POST", "/api/payouts", { token, body, headers: { "Idempotency-Key": k } });
    const bank = (amount: number, over: Record<string, unknown> = {}) => ({
      party: party(),
      amount: { amount, currency: "USD" },
      method: "bank_transfer",
      reference: "BCP 0042-7781",
      ...over,
    });
    const statement = async () => (await call("GET", `/api/hosts/${hosts.raqchi}/statement`, { token: platform })).body;
    const listed = async () => (await call("GET", `/api/payouts?party=${party()}`, { token: platform })).body.items;
    const before = await statement();
    const due = raqchiOwed();

    const over = await pay(bank(due + 1));
    expectProblem(over, 409, "amount.amount");
    expectProblem(await pay(bank(1, { amount: { amount: 1, currency: "PEN" } })), 409, "amount.currency");
    expectProblem(await pay(bank(0)), 400, "amount.amount");
    expectProblem(await pay(bank(-5)), 400, "amount.amount");
    expectProblem(await pay(bank(100, { party: `host:${GHOST}` })), 400, "party");
    expectProblem(await pay(bank(100, { party: "everyone" })), 400, "party");
    expectProblem(await pay(bank(100, { method: "cheque" })), 400, "method");
    expectProblem(await pay(bank(100, { reference: undefined })), 400, "reference");
    // Stripe needs the host's connected account: Raqchi has none.
    expectProblem(
      await pay({ party: party(), amount: { amount: 100, currency: "USD" }, method: "stripe" }),
      409,
      "method",
    );
    expect((await pay(bank(100), key(), member)).status).toBe(403);
    expect(await statement()).toEqual(before);
    expect(await listed()).toEqual([]);

    const k = key();
    const first = await pay(bank(due - 1_000), k);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: expect.any(String), status: "paid" });
    const again = await pay(bank(due - 1_000), k);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await listed()).toEqual([first.body]);

    const after = await call("GET", `/api/hosts/${hosts.raqchi}/statement`, { token: member });
    expect(after.body).toMatchObject({
      owed: { amount: due, currency: "USD" },
      paid: { amount: due - 1_000, currency: "USD" },
      due: { amount: 1_000, currency: "USD" },
    });
    expect(after.body.entries).toContainEqual(
      expect.objectContaining({ kind: "payout", payoutId: first.body.id, reference: "BCP 0042-7781" }),
    );
    // Everything Raqchi was credited came from this route: the payout is the route's, in its ledger.
    expect(first.body.routeId).toBe(routeId);
    const ledger = await call("GET", `/api/routes/${routeId}/ledger`, { token: admin });
    expect(ledger.body.balances.find((b: { party: string }) => b.party === party())).toMatchObject({
      party: party(),
      owed: { amount: due, currency: "USD" },
      paid: { amount: due - 1_000, currency: "USD" },
    });

    expectProblem(await pay(bank(1_001)), 409, "amount.amount");
    const csv = await call("GET", `/api/payouts?party=${party()}&format=csv`, { token: platform });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.body).toContain(first.body.id);
    expect(csv.body).toContain("BCP 0042-7781");
    expect((await call("GET", `/api/payouts?party=${party()}`, { token: member })).status).toBe(403);
    expectProblem(await call("GET", "/api/payouts?party=everyone", { token: platform }), 400, "query.party");
  });
});
