/**
 * Learning Routes over HTTP, paid through the real Checkout rig: the route's own plan splits every
 * payment among its hosts to the cent, a refund reverses exactly that split, and the first payment
 * freezes the prices and the plan.
 */
import { Actor, Enrolment, Institutions, splitAmount } from "@rutas/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";
import { eventually, startPaymentRig } from "./testing/payments";

const { call, signIn } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
let rig: Awaited<ReturnType<typeof startPaymentRig>>;
let institutionId: string;
let admin: { token: string };
let platform: { token: string };
let raqchi: string;
let amaru: string;

beforeAll(async () => {
  rig = await startPaymentRig();
  const inst = await Institutions.create(Actor.system, {
    name: "Centro Bartolomé de las Casas",
    country: "PE",
    type: "ngo",
  });
  institutionId = inst.id;
  await Institutions.addMember(Actor.system, inst.id, { email: "cbc-routes@example.org", role: "admin" });
  admin = await signIn("cbc-routes@example.org");
  platform = await signIn("admin@example.org");
  const host = async (name: string, region: string) =>
    (
      await call("POST", "/api/hosts", {
        token: platform.token,
        body: { name, kind: "organisation", country: "PE", region },
      })
    ).body.id as string;
  raqchi = await host("Comunidad de Raqchi", "Cusco");
  amaru = await host("Asociación Amaru", "Pisac");
}, 60_000);
afterAll(() => rig?.stop());

// Odd basis points and odd amounts, so the split has cents to hand out by largest remainder.
const plan = () => [
  { party: `host:${raqchi}`, basisPoints: 3333 },
  { party: `host:${amaru}`, basisPoints: 3333 },
  { party: "institution", basisPoints: 1834 },
  { party: "operator", basisPoints: 1000 },
  { party: "solidarity_fund", basisPoints: 500 },
];
const PRICES = [
  { group: "standard", amount: 100001, currency: "USD" },
  { group: "reduced", amount: 33333, currency: "USD" },
];
const routeBody = (over: Record<string, unknown> = {}) => ({
  institutionId,
  title: "Ruta del agua y la papa",
  summary: { es: "Qochas, andenes y mercados campesinos." },
  theme: "community-natural-resources",
  countries: ["PE"],
  startDate: day(20),
  endDate: day(24),
  capacity: 2,
  stops: [
    { day: 1, hostId: raqchi, place: "Raqchi", title: { es: "Qochas" }, activity: "Faena comunal" },
    { day: 3, hostId: amaru, place: "Pisac", title: { es: "Papas nativas" } },
  ],
  prices: PRICES,
  feeShares: plan(),
  ...over,
});
const createRoute = (over: Record<string, unknown> = {}) =>
  call("POST", "/api/routes", { token: admin.token, body: routeBody(over) });

async function participant(email: string, country: string) {
  const s = await signIn(email);
  await call("PATCH", "/api/me", {
    token: s.token,
    body: { name: email.split("@")[0], country, organisationType: "ngo", languages: ["es"] },
  });
  return s;
}
const status = (enrolmentId: string) => Enrolment.get(enrolmentId).then((e) => e?.status);

/** Enrols, opens Checkout, pays with 4242 and waits for the webhook's activation. */
async function paidEnrolment(routeId: string, email: string, country: string) {
  const p = await participant(email, country);
  const e = await call("POST", `/api/routes/${routeId}/enrolments`, { token: p.token });
  expect(e.status).toBe(201);
  expect(e.body).toMatchObject({ status: "pending_payment", kind: "route", routeId });
  const co = await call("POST", "/api/checkout", { token: p.token, body: { enrolmentId: e.body.id, locale: "es" } });
  expect(co.status).toBe(201);
  await rig.payOnPage(co.body.url, "4242424242424242");
  await eventually(
    () => status(e.body.id),
    (s) => s === "active",
    "the route payment",
  );
  return { p, enrolmentId: e.body.id as string, amount: e.body.price.amount as number };
}

type Entry = { account: string; side: string; amount: number; postingKind: string; enrolmentId?: string };
type Ledger = { entries: Entry[]; balances: { account: string; balance: number }[] };
const ledger = async (routeId: string): Promise<Ledger> =>
  (await call("GET", `/api/routes/${routeId}/ledger`, { token: admin.token })).body;
const balanceOf = (l: Ledger, account: string) => l.balances.find((b) => b.account === account)?.balance ?? 0;
/** Each party's part of `amounts`, by the one split function, summed. */
const expectedShares = (shares: { party: string; basisPoints: number }[], amounts: number[]) => {
  const by = new Map<string, number>();
  for (const amount of amounts)
    for (const p of splitAmount(amount, shares)) by.set(p.party, (by.get(p.party) ?? 0) + p.amount);
  return by;
};

describe("building a route", () => {
  it("refuses a plan that does not sum to 10000, a host without a share, an unknown host, a day outside the route — naming each", async () => {
    const errorsOf = async (over: Record<string, unknown>) => {
      const res = await createRoute(over);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      return res.body.errors as { path: string; message: string }[];
    };
    expect(
      (await errorsOf({ feeShares: plan().map((s, i) => (i === 0 ? { ...s, basisPoints: 3332 } : s)) })).map(
        (e) => e.path,
      ),
    ).toEqual(["feeShares"]);
    const withoutAmaru = [
      { party: `host:${raqchi}`, basisPoints: 8500 },
      { party: "operator", basisPoints: 1500 },
    ];
    expect(await errorsOf({ feeShares: withoutAmaru })).toEqual([
      { path: "feeShares", message: expect.stringContaining(amaru) },
    ]);
    const ghost = "01JD8X0Q9ZK5N6W3B2C4D5E6F7";
    const stops = routeBody().stops;
    expect((await errorsOf({ stops: [stops[0], { ...stops[1], hostId: ghost }] })).map((e) => e.path)).toContain(
      "stops.1.hostId",
    );
    expect((await errorsOf({ stops: [stops[0], { ...stops[1], day: 6 }] })).map((e) => e.path)).toEqual([
      "stops.1.day",
    ]);
    expect((await errorsOf({ stops: [{ ...stops[0], day: 0 }, stops[1]] })).map((e) => e.path)).toEqual([
      "stops.0.day",
    ]);
    expect((await call("GET", `/api/institutions/${institutionId}/routes`, { token: admin.token })).body.items).toEqual(
      [],
    );
    // Only an admin of the institution builds its routes.
    const outsider = await signIn("not-cbc@example.org");
    expect((await call("POST", "/api/routes", { token: outsider.token, body: routeBody() })).status).toBe(403);
  });

  it("a draft is seen by its institution only; published, it is in the catalogue by country and topic, and on its hosts' pages", async () => {
    const created = await createRoute();
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      status: "draft",
      title: { en: "Ruta del agua y la papa" },
      topics: ["community-natural-resources"],
      enrolmentDeadline: day(19),
      seatsLeft: 2,
    });
    expect(created.body.stops[0]).toMatchObject({
      activity: { en: "Faena comunal" },
      host: { id: raqchi, name: "Comunidad de Raqchi", kind: "organisation", country: "PE", region: "Cusco" },
    });
    const stranger = await signIn("curious@example.org");
    expect((await call("GET", `/api/routes/${id}`)).status).toBe(404);
    expect((await call("GET", `/api/routes/${id}`, { token: stranger.token })).status).toBe(404);
    expect((await call("GET", `/api/routes/${id}`, { token: platform.token })).status).toBe(200);
    expect((await call("POST", `/api/routes/${id}/enrolments`, { token: stranger.token })).status).toBe(404);
    expect((await call("GET", "/api/routes")).body.items).toEqual([]);

    const published = await call("POST", `/api/routes/${id}/publish`, { token: admin.token });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe("published");
    const other = await createRoute({
      title: { es: "Ferias de El Alto" },
      countries: ["BO"],
      theme: ["local-production-and-trade"],
      stops: [{ day: 1, hostId: raqchi, place: "El Alto", title: "Feria 16 de Julio" }],
      feeShares: [
        { party: `host:${raqchi}`, basisPoints: 9000 },
        { party: "operator", basisPoints: 1000 },
      ],
    });
    await call("POST", `/api/routes/${other.body.id}/publish`, { token: admin.token });
    const ids = async (query: string) =>
      ((await call("GET", `/api/routes${query}`)).body.items as { id: string }[]).map((r) => r.id);
    expect(await ids("?country=PE")).toEqual([id]);
    expect(await ids("?country=BO")).toEqual([other.body.id]);
    expect(await ids("?topic=local-production-and-trade")).toEqual([other.body.id]);
    expect(await ids("?country=PE&topic=local-production-and-trade")).toEqual([]);
    expect((await call("GET", "/api/routes?country=XX")).status).toBe(400);
    const page = await call("GET", "/api/routes?limit=1");
    expect(page.body.items).toHaveLength(1);
    const next = await call("GET", `/api/routes?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body.items.map((r: { id: string }) => r.id)).not.toEqual(
      page.body.items.map((r: { id: string }) => r.id),
    );
    // The signed-in person's own price; none for the anonymous.
    const reduced = await participant("price-check@example.org", "BO");
    expect((await call("GET", `/api/routes/${id}`, { token: reduced.token })).body.price).toMatchObject({
      group: "reduced",
      amount: 33333,
    });
    expect((await call("GET", `/api/routes/${id}`)).body.price).toBeUndefined();

    const hostRoutes = async (hostId: string) =>
      ((await call("GET", `/api/hosts/${hostId}/routes`)).body.items as { id: string }[]).map((r) => r.id).sort();
    expect(await hostRoutes(raqchi)).toEqual([id, other.body.id].sort());
    expect(await hostRoutes(amaru)).toEqual([id]);
    expect(
      (await call("GET", `/api/institutions/${institutionId}/routes`, { token: admin.token })).body.items,
    ).toHaveLength(2);
    expect((await call("GET", `/api/institutions/${institutionId}/routes`, { token: stranger.token })).status).toBe(
      403,
    );
  });
});

describe("selling a route", () => {
  it("paid through Checkout: split by the route's plan to the cent, frozen, full → waitlist, a refund reverses exactly its split", async () => {
    const id = (await createRoute()).body.id as string;
    await call("POST", `/api/routes/${id}/publish`, { token: admin.token });
    const routePlan = (await call("GET", `/api/routes/${id}`, { token: admin.token })).body.feeShares;
    expect(routePlan).toContainEqual({ party: `institution:${institutionId}`, basisPoints: 1834 });

    // Before any payment the prices may change (and change back).
    const cheaper = PRICES.map((p) => ({ ...p, amount: p.amount - 1 }));
    expect((await call("PATCH", `/api/routes/${id}`, { token: admin.token, body: { prices: cheaper } })).status).toBe(
      200,
    );
    expect((await call("PATCH", `/api/routes/${id}`, { token: admin.token, body: { prices: PRICES } })).status).toBe(
      200,
    );

    const bolivian = await paidEnrolment(id, "route-bo@example.org", "BO");
    const canadian = await paidEnrolment(id, "route-ca@example.org", "CA");
    expect([bolivian.amount, canadian.amount]).toEqual([33333, 100001]);

    // Paid: prices and plan are frozen, nothing is written; other fields still change.
    const view = (await call("GET", `/api/routes/${id}`, { token: admin.token })).body;
    expect(view).toMatchObject({ firstPaidAt: expect.any(String), seatsLeft: 0 });
    const frozen = await call("PATCH", `/api/routes/${id}`, { token: admin.token, body: { prices: cheaper } });
    expect(frozen.status).toBe(409);
    expect(frozen.headers.get("content-type")).toBe("application/problem+json");
    expect(frozen.body.code).toBe("frozen");
    const reshared = routePlan.map((s: { party: string; basisPoints: number }) =>
      s.party === "operator"
        ? { ...s, basisPoints: 1100 }
        : s.party === "solidarity_fund"
          ? { ...s, basisPoints: 400 }
          : s,
    );
    const frozenPlan = await call("PATCH", `/api/routes/${id}`, { token: admin.token, body: { feeShares: reshared } });
    expect([frozenPlan.status, frozenPlan.body.code]).toEqual([409, "frozen"]);
    const after = (await call("GET", `/api/routes/${id}`, { token: admin.token })).body;
    expect([after.prices, after.feeShares]).toEqual([view.prices, view.feeShares]);
    const retitled = await call("PATCH", `/api/routes/${id}`, {
      token: admin.token,
      body: { title: { es: "Ruta del agua" } },
    });
    expect(retitled.status).toBe(200);
    expect(retitled.body.title).toEqual({ es: "Ruta del agua" });

    // Full: the next person waits.
    const third = await participant("route-third@example.org", "PE");
    const waiting = await call("POST", `/api/routes/${id}/enrolments`, { token: third.token });
    expect(waiting.body).toMatchObject({ status: "waitlisted", waitlistPosition: 1, routeId: id });
    const mine = await call("GET", "/api/me/enrolments", { token: bolivian.p.token });
    expect(mine.body.items).toContainEqual(
      expect.objectContaining({ id: bolivian.enrolmentId, kind: "route", routeId: id, status: "active" }),
    );
    const rows = await call("GET", `/api/routes/${id}/enrolments`, { token: admin.token });
    expect(rows.body.items.map((r: { status: string }) => r.status).sort()).toEqual(["active", "active", "waitlisted"]);
    const csv = await call("GET", `/api/routes/${id}/enrolments?format=csv`, { token: admin.token });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.body).toContain("route-ca@example.org");
    expect((await call("GET", `/api/routes/${id}/enrolments`, { token: third.token })).status).toBe(403);

    // Every party's balance is the sum of its splitAmount parts of each payment, to the cent.
    const paid = await ledger(id);
    const shares = expectedShares(routePlan, [33333, 100001]);
    for (const { party } of routePlan) expect(balanceOf(paid, party)).toBe(shares.get(party));
    expect([...shares.values()].reduce((a, b) => a + b, 0)).toBe(133334);

    // A full refund of one payment reverses exactly that payment's split, line for line.
    const refund = await call("POST", `/api/enrolments/${bolivian.enrolmentId}/refund`, { token: admin.token });
    expect(refund.body).toEqual({ status: "refunded", refunded: 33333 });
    const refunded = await eventually(
      () => ledger(id),
      (l) => l.entries.some((e) => e.postingKind === "refund"),
      "the refund's reversal",
    );
    await new Promise((r) => setTimeout(r, 300)); // its webhook must not reverse it twice
    const final = await ledger(id);
    expect(final.entries.length).toBe(refunded.entries.length);
    const reversal = new Map<string, number>();
    for (const e of final.entries.filter((x) => x.postingKind === "refund" && x.account !== "stripe:balance"))
      reversal.set(e.account, (reversal.get(e.account) ?? 0) + (e.side === "debit" ? e.amount : -e.amount));
    const bolivianSplit = expectedShares(routePlan, [33333]);
    expect(Object.fromEntries(reversal)).toEqual(Object.fromEntries(bolivianSplit));
    const remaining = expectedShares(routePlan, [100001]);
    for (const { party } of routePlan) expect(balanceOf(final, party)).toBe(remaining.get(party));
    expect(await status(bolivian.enrolmentId)).toBe("refunded");
  });
});

describe("a late payment", () => {
  it("for a lapsed hold takes the seat and marks the route paid in the same update: frozen as well", async () => {
    const id = (await createRoute()).body.id as string;
    await call("POST", `/api/routes/${id}/publish`, { token: admin.token });
    const p = await participant("route-late@example.org", "BO");
    const e = await call("POST", `/api/routes/${id}/enrolments`, { token: p.token });
    const co = await call("POST", "/api/checkout", { token: p.token, body: { enrolmentId: e.body.id } });
    await Enrolment.releaseExpiredHolds(new Date(Date.now() + 31 * 60_000));
    expect(await status(e.body.id)).toBe("expired");
    expect((await call("GET", `/api/routes/${id}`)).body).toMatchObject({ seatsLeft: 2 });
    await rig.payOnPage(co.body.url, "4242424242424242");
    await eventually(
      () => status(e.body.id),
      (s) => s === "active",
      "the late activation",
    );
    const view = (await call("GET", `/api/routes/${id}`)).body;
    expect(view).toMatchObject({ seatsLeft: 1, firstPaidAt: expect.any(String) });
    const frozen = await call("PATCH", `/api/routes/${id}`, { token: admin.token, body: { prices: [] } });
    expect([frozen.status, frozen.body.code]).toEqual([409, "frozen"]);
    const shares = expectedShares(view.feeShares, [33333]);
    const l = await ledger(id);
    for (const { party } of view.feeShares) expect(balanceOf(l, party)).toBe(shares.get(party));
  });
});
