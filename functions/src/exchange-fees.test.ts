/**
 * Exchange offers with a participation fee, paid through the real Checkout rig: the offer's place
 * is an offering (exchange_place) enrolled in by `ExchangePlaces.enrolAccepted` (called here
 * directly; accepting a placement is the round's business), split by the offer's plan to the cent,
 * and frozen once paid.
 */
import {
  Actor,
  Courses,
  Enrolment,
  ExchangePlaces,
  Hosts,
  Institutions,
  type PersonActor,
  splitAmount,
} from "@rutas/core";
import { ulid } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";
import { eventually, startPaymentRig } from "./testing/payments";

const { call, signIn } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
let rig: Awaited<ReturnType<typeof startPaymentRig>>;
let institutionId: string;
let admin: { token: string };
let stranger: { token: string };
let courseId: string;

beforeAll(async () => {
  rig = await startPaymentRig();
  const inst = await Institutions.create(Actor.system, {
    name: "Université de Sherbrooke",
    country: "CA",
    type: "university",
  });
  institutionId = inst.id;
  await Institutions.addMember(Actor.system, inst.id, { email: "usherbrooke-x@example.org", role: "admin" });
  admin = await signIn("usherbrooke-x@example.org");
  stranger = await signIn("stranger-fees@example.org");
  courseId = (
    await Courses.create(Actor.system, {
      institutionId,
      title: { fr: "Préparer son séjour", es: "Preparar la estancia" },
      summary: { fr: "Avant de partir." },
      topics: [],
      language: "fr",
      modules: [{ title: "Avant", lessons: [{ title: "Le pays", body: "Texte" }] }],
    })
  ).id;
}, 60_000);
afterAll(() => rig?.stop());

// Odd amounts, so the split has cents to hand out by largest remainder.
const PRICES = [
  { group: "standard", amount: 125001, currency: "CAD" },
  { group: "reduced", amount: 33337, currency: "CAD" },
];
const offerBody = (over: Record<string, unknown> = {}) => ({
  institutionId,
  kind: "internship",
  title: { fr: "Stage en agroforesterie", es: "Pasantía en agroforestería" },
  description: { fr: "Trois semaines dans une coopérative." },
  country: "CA",
  startDate: day(40),
  endDate: day(60),
  capacity: 3,
  topics: [],
  applicationDeadline: day(20),
  ...over,
});
const post = (over: Record<string, unknown> = {}) =>
  call("POST", "/api/exchange/offers", { token: admin.token, body: offerBody(over) });
const pathsOf = (res: { body: { errors?: { path: string }[] } }) => (res.body.errors ?? []).map((e) => e.path);
const defaultPlan = () => [
  { party: `institution:${institutionId}`, basisPoints: 8500 },
  { party: "operator", basisPoints: 1000 },
  { party: "solidarity_fund", basisPoints: 500 },
];

/** A signed-in participant from `country`, and the same person as core's actor. */
async function participant(email: string, country: string) {
  const s = await signIn(email);
  await call("PATCH", "/api/me", {
    token: s.token,
    body: { name: email.split("@")[0], country, organisationType: "ngo", languages: ["es"] },
  });
  const actor: PersonActor = { kind: "person", id: s.user.id, email, roles: ["participant"] };
  return { token: s.token, actor };
}

type Ledger = { entries: { account: string }[]; balances: { account: string; balance: number }[] };
const ledgerOf = async (offerId: string): Promise<Ledger> =>
  (await call("GET", `/api/exchange/offers/${offerId}/ledger`, { token: admin.token })).body;
const balanceOf = (l: Ledger, account: string) => l.balances.find((b) => b.account === account)?.balance ?? 0;

describe("an offer's fee", () => {
  it("shows its prices, plan and preparatory course; a free offer shows none", async () => {
    const res = await post({ prices: PRICES, preparatoryCourseId: courseId });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ prices: PRICES, feeShares: defaultPlan(), preparatoryCourseId: courseId });
    const got = await call("GET", `/api/exchange/offers/${res.body.id}`);
    expect(got.body).toMatchObject({ prices: PRICES, feeShares: defaultPlan(), preparatoryCourseId: courseId });

    const free = await post();
    expect(free.status).toBe(201);
    expect(free.body.prices).toEqual([]);
    expect(free.body.feeShares).toEqual(defaultPlan());
    expect(free.body.preparatoryCourseId).toBeUndefined();
    const listed = (await call("GET", "/api/exchange/offers?kind=internship")).body.items;
    expect(listed.find((o: { id: string }) => o.id === res.body.id)).toMatchObject({ prices: PRICES });

    // Its own plan, `institution` meaning the offer's institution; and the course can be removed.
    const plan = [
      { party: "institution", basisPoints: 7000 },
      { party: "operator", basisPoints: 2000 },
      { party: "solidarity_fund", basisPoints: 1000 },
    ];
    const changed = await call("PATCH", `/api/exchange/offers/${free.body.id}`, {
      token: admin.token,
      body: { feeShares: plan, prices: [{ group: "standard", amount: 5000, currency: "CAD" }] },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.feeShares[0]).toEqual({ party: `institution:${institutionId}`, basisPoints: 7000 });
    const unlinked = await call("PATCH", `/api/exchange/offers/${res.body.id}`, {
      token: admin.token,
      body: { preparatoryCourseId: null },
    });
    expect(unlinked.status).toBe(200);
    expect(unlinked.body.preparatoryCourseId).toBeUndefined();
    expect((await call("GET", `/api/exchange/offers/${res.body.id}`)).body.preparatoryCourseId).toBeUndefined();
  });

  it("refuses an unknown course, a plan that does not add up, an unknown host and prices without a standard one — naming each", async () => {
    const noCourse = await post({ preparatoryCourseId: ulid() });
    expect(noCourse.status).toBe(400);
    expect(noCourse.headers.get("content-type")).toBe("application/problem+json");
    expect(pathsOf(noCourse)).toEqual(["preparatoryCourseId"]);

    const short = await post({
      feeShares: [
        { party: "institution", basisPoints: 8000 },
        { party: "operator", basisPoints: 1000 },
      ],
    });
    expect([short.status, pathsOf(short)]).toEqual([400, ["feeShares"]]);
    const twice = await post({
      feeShares: [
        { party: "institution", basisPoints: 5000 },
        { party: `institution:${institutionId}`, basisPoints: 5000 },
      ],
    });
    expect([twice.status, pathsOf(twice)]).toEqual([400, ["feeShares"]]);
    const unknownHost = await post({
      feeShares: [
        { party: "institution", basisPoints: 9000 },
        { party: `host:${ulid()}`, basisPoints: 1000 },
      ],
    });
    expect([unknownHost.status, pathsOf(unknownHost)]).toEqual([400, ["feeShares.1.party"]]);
    const badForm = await post({ feeShares: [{ party: "me", basisPoints: 10_000 }] });
    expect(badForm.status).toBe(400);
    expect(pathsOf(badForm)[0]).toMatch(/^feeShares\.0\.party/);
    const noStandard = await post({ prices: [{ group: "reduced", amount: 100, currency: "CAD" }] });
    expect([noStandard.status, pathsOf(noStandard)]).toEqual([400, ["prices"]]);

    // A registered host may have a share.
    const host = await Hosts.create(Actor.system, {
      name: "Coopérative Les Jardins",
      kind: "organisation",
      country: "CA",
    });
    const hosted = await post({
      feeShares: [
        { party: "institution", basisPoints: 9000 },
        { party: `host:${host.id}`, basisPoints: 1000 },
      ],
    });
    expect(hosted.status).toBe(201);

    const id = (await post()).body.id;
    const patched = await call("PATCH", `/api/exchange/offers/${id}`, {
      token: admin.token,
      body: { preparatoryCourseId: ulid() },
    });
    expect([patched.status, pathsOf(patched)]).toEqual([400, ["preparatoryCourseId"]]);
  });
});

describe("a place on a priced offer", () => {
  it("is pending payment, paid through Checkout, split by the plan to the cent, listed as the person's enrolment, and freezes the fee", async () => {
    const id = (await post({ prices: PRICES, preparatoryCourseId: courseId })).body.id as string;
    const p = await participant("xfee-bo@example.org", "BO");
    const placed = await ExchangePlaces.enrolAccepted(p.actor, id);
    expect(placed).toEqual({ enrolmentId: expect.stringMatching(/^x\./), status: "pending_payment" });
    expect(await ExchangePlaces.enrolAccepted(p.actor, id)).toEqual(placed);

    const co = await call("POST", "/api/checkout", {
      token: p.token,
      body: { enrolmentId: placed.enrolmentId, locale: "es" },
    });
    expect(co.status).toBe(201);
    await rig.payOnPage(co.body.url, "4242424242424242");
    await eventually(
      () => Enrolment.get(placed.enrolmentId).then((e) => e?.status),
      (s) => s === "active",
      "the place's payment",
    );
    expect(await ExchangePlaces.enrolAccepted(p.actor, id)).toEqual({
      enrolmentId: placed.enrolmentId,
      status: "active",
    });

    // The reduced price (Bolivia), shared by the default plan to the cent.
    const ledger = await ledgerOf(id);
    const parts = splitAmount(33337, defaultPlan());
    for (const { party, amount } of parts) expect(balanceOf(ledger, party)).toBe(amount);
    expect(parts.reduce((n, x) => n + x.amount, 0)).toBe(33337);
    const csv = await call("GET", `/api/exchange/offers/${id}/ledger?format=csv`, { token: admin.token });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.body).toContain(`institution:${institutionId}`);
    expect((await call("GET", `/api/exchange/offers/${id}/ledger`, { token: stranger.token })).status).toBe(403);

    const mine = await call("GET", "/api/me/enrolments", { token: p.token });
    expect(mine.body.items).toContainEqual(
      expect.objectContaining({
        id: placed.enrolmentId,
        kind: "exchange_place",
        offeringId: id,
        status: "active",
        label: { en: "Exchange place", es: "Plaza de intercambio", fr: "Place d'échange" },
        hasSeats: false,
        hasDates: true,
        links: { page: `exchange/offers/${id}`, open: "exchange/application" },
        title: expect.objectContaining({ es: "Pasantía en agroforestería" }),
        startDate: day(40),
      }),
    );

    // Paid: the fee is frozen, nothing is written; other fields and an unchanged fee still go through.
    const frozen = await call("PATCH", `/api/exchange/offers/${id}`, {
      token: admin.token,
      body: { prices: PRICES.map((x) => ({ ...x, amount: x.amount - 1 })) },
    });
    expect(frozen.status).toBe(409);
    expect(frozen.headers.get("content-type")).toBe("application/problem+json");
    expect(frozen.body.code).toBe("frozen");
    const reshared = await call("PATCH", `/api/exchange/offers/${id}`, {
      token: admin.token,
      body: {
        feeShares: [
          { party: "institution", basisPoints: 8000 },
          { party: "operator", basisPoints: 1500 },
          { party: "solidarity_fund", basisPoints: 500 },
        ],
      },
    });
    expect([reshared.status, reshared.body.code]).toEqual([409, "frozen"]);
    const view = (await call("GET", `/api/exchange/offers/${id}`)).body;
    expect([view.prices, view.feeShares]).toEqual([PRICES, defaultPlan()]);
    const retitled = await call("PATCH", `/api/exchange/offers/${id}`, {
      token: admin.token,
      body: { title: { es: "Pasantía agroforestal" }, prices: PRICES, capacity: 4 },
    });
    expect(retitled.status).toBe(200);
    expect(retitled.body).toMatchObject({ title: { es: "Pasantía agroforestal" }, capacity: 4, prices: PRICES });
  });

  it("enrolled in ten times at once by one person makes one enrolment", async () => {
    const id = (await post({ prices: PRICES })).body.id as string;
    const p = await participant("xfee-rush@example.org", "CA");
    const results = await Promise.all(Array.from({ length: 10 }, () => ExchangePlaces.enrolAccepted(p.actor, id)));
    expect(new Set(results.map((r) => r.enrolmentId)).size).toBe(1);
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(["pending_payment"]));
    const mine = (await call("GET", "/api/me/enrolments", { token: p.token })).body.items;
    expect(mine.filter((e: { offeringId: string }) => e.offeringId === id)).toHaveLength(1);
  });

  it("whose hold lapsed is enrolled in again, with a new hold", async () => {
    const id = (await post({ prices: PRICES })).body.id as string;
    const p = await participant("xfee-late@example.org", "PE");
    const first = await ExchangePlaces.enrolAccepted(p.actor, id);
    const held = (await Enrolment.get(first.enrolmentId))!.holdExpiresAt!;
    await Enrolment.releaseExpiredHolds(new Date(Date.now() + 31 * 60_000));
    expect((await Enrolment.get(first.enrolmentId))?.status).toBe("expired");
    expect(await ExchangePlaces.enrolAccepted(p.actor, id)).toEqual({
      enrolmentId: first.enrolmentId,
      status: "pending_payment",
    });
    expect((await Enrolment.get(first.enrolmentId))!.holdExpiresAt! >= held).toBe(true);
  });
});

describe("a place on a free offer", () => {
  it("is active at once, and accepting again returns the same enrolment", async () => {
    const id = (await post()).body.id as string;
    const p = await participant("xfee-free@example.org", "EC");
    const placed = await ExchangePlaces.enrolAccepted(p.actor, id);
    expect(placed.status).toBe("active");
    expect(await ExchangePlaces.enrolAccepted(p.actor, id)).toEqual(placed);
    const mine = (await call("GET", "/api/me/enrolments", { token: p.token })).body.items;
    expect(mine).toContainEqual(
      expect.objectContaining({ id: placed.enrolmentId, kind: "exchange_place", status: "active", price: null }),
    );
  });
});
