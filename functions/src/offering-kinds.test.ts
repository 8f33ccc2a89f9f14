/**
 * A new offering kind needs only its descriptor: two kinds registered here, unknown to every
 * other file (one with seats and dates, one with neither), go through enrol → checkout → paid →
 * receipt → refund on the real machinery, the local Stripe server and the real SDK.
 */
import { Actor, Enrolment, Institutions, Offerings } from "@rutas/core";
import { LedgerReport } from "@rutas/core/payments/exports";
import { ulid } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";
import { pdfText } from "./testing/pdf-text";
import { eventually, startPaymentRig } from "./testing/payments";

const { call, signIn, app } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
let rig: Awaited<ReturnType<typeof startPaymentRig>>;
let institutionId: string;
let admin: Actor.PersonActor;

const workshop = Offerings.register({
  kind: "test-workshop",
  keyPrefix: "TESTWORKSHOP",
  idCode: "tw",
  label: { en: "Workshop", es: "Taller", fr: "Atelier" },
  notFoundName: "Workshop",
  hasSeats: true,
  hasDates: true,
  defaultFeeShares: [
    { party: "institution", basisPoints: 7000 },
    { party: "operator", basisPoints: 2000 },
    { party: "solidarity_fund", basisPoints: 1000 },
  ],
  links: (e) => ({ page: `workshops/${e.offeringId}`, open: `workshops/${e.offeringId}/mine` }),
  afterPayment: (e) => `workshops/${e.offeringId}?paid=1`,
});
const consultation = Offerings.register({
  kind: "test-consultation",
  keyPrefix: "TESTCONSULT",
  idCode: "tc",
  label: { en: "Consultation", es: "Consulta", fr: "Consultation" },
  notFoundName: "Consultation",
  hasSeats: false,
  hasDates: false,
  defaultFeeShares: [
    { party: "institution", basisPoints: 9000 },
    { party: "operator", basisPoints: 1000 },
  ],
  links: (e) => ({ page: `consultations/${e.offeringId}`, open: `consultations/${e.offeringId}` }),
  afterPayment: (e) => `consultations/${e.offeringId}?paid=1`,
});

beforeAll(async () => {
  rig = await startPaymentRig();
  const inst = await Institutions.create(Actor.system, { name: "Cooperativa Agraria Sur", country: "PE", type: "ngo" });
  institutionId = inst.id;
  await Institutions.addMember(Actor.system, inst.id, { email: "coop-kinds@example.org", role: "admin" });
  const s = await signIn("coop-kinds@example.org");
  admin = { kind: "person", id: s.user.id, email: s.user.email, roles: s.user.roles };
}, 60_000);
afterAll(() => rig?.stop());

async function participant(email: string) {
  const s = await signIn(email);
  await call("PATCH", "/api/me", {
    token: s.token,
    body: { name: "Rosa Condori", country: "PE", organisationType: "ngo", languages: ["es"] },
  });
  const actor: Actor.PersonActor = { kind: "person", id: s.user.id, email: s.user.email, roles: s.user.roles };
  return { token: s.token as string, actor };
}

describe.each([
  { descriptor: workshop, dated: { startDate: day(3), endDate: day(5), enrolmentDeadline: day(2), capacity: 1 } },
  { descriptor: consultation, dated: {} },
])("a kind registered only by its descriptor ($descriptor.kind)", ({ descriptor, dated }) => {
  it("enrols, pays through Checkout, shows up everywhere by its descriptor, and refunds", async () => {
    const id = ulid();
    await Offerings.create({
      kind: descriptor.kind,
      id,
      parentId: id,
      institutionId,
      title: { es: "Riego por aspersión", en: "Sprinkler irrigation" },
      prices: [
        { group: "standard", amount: 9000, currency: "PEN" },
        { group: "reduced", amount: 3000, currency: "PEN" },
      ],
      feeShares: Offerings.planFor(descriptor.defaultFeeShares, institutionId),
      ...dated,
    });
    const p = await participant(`${descriptor.idCode}-buyer@example.org`);
    const e = await Enrolment.enrol(p.actor, descriptor.kind, id);
    expect(e).toMatchObject({ status: "pending_payment", price: { group: "reduced", amount: 3000, currency: "PEN" } });
    expect(e.id.startsWith(`${descriptor.idCode}.`)).toBe(true);
    if (descriptor.hasSeats) {
      // One seat: the next person waits.
      const other = await participant(`${descriptor.idCode}-second@example.org`);
      expect((await Enrolment.enrol(other.actor, descriptor.kind, id)).status).toBe("waitlisted");
    }

    const co = await call("POST", "/api/checkout", { token: p.token, body: { enrolmentId: e.id, locale: "es" } });
    expect(co.status).toBe(201);
    const page = await (await fetch(co.body.url)).text();
    // The product name is the title, with dates only for a kind that has them.
    expect(page).toContain(descriptor.hasDates ? `Riego por aspersión (${day(3)} – ${day(5)})` : "Riego por aspersión");
    if (!descriptor.hasDates) expect(page).not.toMatch(/Riego por aspersión \(/);
    const paid = await rig.payOnPage(co.body.url, "4242424242424242");
    expect(paid.location).toBe(`${rig.server.url}/es/${descriptor.afterPayment(e)}`);
    await eventually(
      () => Enrolment.get(e.id).then((x) => x?.status),
      (s) => s === "active",
      "the enrolment to become active",
    );

    const mine = (await call("GET", "/api/me/enrolments", { token: p.token })).body.items.find(
      (x: { id: string }) => x.id === e.id,
    );
    expect(mine).toMatchObject({
      kind: descriptor.kind,
      status: "active",
      label: descriptor.label,
      hasSeats: descriptor.hasSeats,
      hasDates: descriptor.hasDates,
      links: descriptor.links(e),
      title: { es: "Riego por aspersión" },
    });
    expect(mine.startDate).toBe(descriptor.hasDates ? day(3) : undefined);

    const payments = (await call("GET", "/api/me/payments", { token: p.token })).body.items;
    expect(payments).toEqual([
      expect.objectContaining({ enrolmentId: e.id, amount: 3000, currency: "PEN", refunded: 0 }),
    ]);

    const ledger = await LedgerReport.offeringLedger(admin, descriptor.kind, id);
    const balance = (account: string) => ledger.balances.find((b) => b.account === account)?.balance ?? 0;
    const shares = Offerings.planFor(descriptor.defaultFeeShares, institutionId);
    for (const s of shares) expect(balance(s.party)).toBe((3000 * s.basisPoints) / 10_000);

    const receipt = await app.request(`/api/enrolments/${e.id}/receipt.pdf`, {
      headers: { Authorization: `Bearer ${p.token}` },
    });
    expect(receipt.status).toBe(200);
    const text = pdfText(new Uint8Array(await receipt.arrayBuffer()));
    expect(text).toContain(
      descriptor.hasDates ? `Riego por aspersi\u00f3n (${day(3)} \u2013 ${day(5)})` : "Riego por aspersi\u00f3n",
    );
    expect(text).not.toContain("9999");

    const refund = await call("POST", `/api/enrolments/${e.id}/refund`, {
      token: (await signIn("coop-kinds@example.org")).token,
      body: {},
    });
    expect(refund.body).toMatchObject({ status: "refunded", refunded: 3000 });
    expect((await Enrolment.get(e.id))?.status).toBe("refunded");
    const after = await LedgerReport.offeringLedger(admin, descriptor.kind, id);
    for (const s of shares) expect(after.balances.find((b) => b.account === s.party)?.balance).toBe(0);
    const offering = await Offerings.get(descriptor.kind, id);
    if (descriptor.hasSeats) {
      // The freed seat went straight to the person waiting.
      expect(offering?.seatsTaken).toBe(1);
      expect((await Enrolment.listForOffering(descriptor.kind, id)).map((x) => x.status).sort()).toEqual([
        "pending_payment",
        "refunded",
      ]);
    } else {
      expect(offering).not.toHaveProperty("seatsTaken");
      expect(offering).not.toHaveProperty("startDate");
    }
  });
});

describe("the registry", () => {
  it("refuses a kind whose name, key prefix or id code is taken", () => {
    expect(() => Offerings.register({ ...workshop, kind: "other", idCode: "zz" })).toThrow(/clashes/);
    expect(() => Offerings.register({ ...workshop, kind: "other", keyPrefix: "OTHER", idCode: "c" })).toThrow(
      /clashes/,
    );
  });

  it("answers 404 for an enrolment id of a kind nobody registered", async () => {
    const p = await participant("unknown-kind@example.org");
    const res = await call("POST", "/api/checkout", {
      token: p.token,
      body: { enrolmentId: `zz.${ulid()}.${ulid()}` },
    });
    expect(res.status).toBe(404);
  });
});
