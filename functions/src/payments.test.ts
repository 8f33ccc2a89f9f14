import { Actor, Audit, Courses, Enrolment, Institutions, Mail, Payments } from "@rutas/core";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startPaymentRig } from "./testing/payments";
import { createApp } from "./app";
import { testClient } from "./testing/client";

const { call, signIn, app } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
let rig: Awaited<ReturnType<typeof startPaymentRig>>;
let institutionId: string;
let admin: { token: string; user: { id: string } };
let adminId: string;
let courseId: string;

const PRICES = [
  { group: "standard", amount: 24000, currency: "CAD" },
  { group: "reduced", amount: 6000, currency: "CAD" },
  { group: "community", amount: 1500, currency: "CAD" },
];

beforeAll(async () => {
  rig = await startPaymentRig();
  const inst = await Institutions.create(Actor.system, { name: "Université Laval", country: "CA", type: "university" });
  institutionId = inst.id;
  await Institutions.addMember(Actor.system, inst.id, { email: "laval-pay@example.org", role: "admin" });
  admin = await signIn("laval-pay@example.org");
  adminId = admin.user.id;
  const course = await call("POST", "/api/courses", {
    token: admin.token,
    body: {
      institutionId,
      title: { fr: "Économie sociale et solidaire", es: "Economía social y solidaria" },
      summary: { fr: "Coopératives et marchés locaux.", es: "Cooperativas y mercados locales." },
      topics: ["local-production-and-trade"],
      language: "fr",
      modules: [{ title: "Bases", lessons: [{ title: "Une", body: "Texte." }] }],
    },
  });
  courseId = course.body.id;
  await call("POST", `/api/courses/${courseId}/publish`, { token: admin.token });
}, 60_000);
afterAll(() => rig?.stop());

async function pricedCohort(capacity = 10) {
  const res = await call("POST", `/api/courses/${courseId}/cohorts`, {
    token: admin.token,
    body: { startDate: day(0), endDate: day(13), capacity, enrolmentDeadline: day(7), prices: PRICES },
  });
  return res.body.id as string;
}

async function participant(email: string, country = "PE") {
  const s = await signIn(email);
  await call("PATCH", "/api/me", {
    token: s.token,
    body: { name: email.split("@")[0], country, organisationType: "ngo", languages: ["es"] },
  });
  return s;
}

async function enrolAndCheckout(cohortId: string, email: string) {
  const p = await participant(email);
  const e = await call("POST", `/api/cohorts/${cohortId}/enrolments`, { token: p.token });
  expect(e.body.status).toBe("pending_payment");
  const co = await call("POST", "/api/checkout", { token: p.token, body: { enrolmentId: e.body.id, locale: "es" } });
  expect(co.status).toBe(201);
  return { p, enrolmentId: e.body.id as string, session: co.body as { sessionId: string; url: string } };
}

/** The audit entries of an enrolment's refunds, newest first: [action, amount, actor id]. */
const refundTrail = async (enrolmentId: string) =>
  (await Audit.list(Actor.system, { institutionId })).items
    .filter((e) => e.target.id === enrolmentId)
    .map((e) => [e.action, e.details.amount, e.actor.kind === "person" ? e.actor.id : "system"]);
/** An enrolment paid with 4242 and confirmed by its webhook, with its payment intent. */
async function paidEnrolment(cohortId: string, email: string) {
  const { enrolmentId, session } = await enrolAndCheckout(cohortId, email);
  await rig.payOnPage(session.url, "4242424242424242");
  await eventually(
    () => status(enrolmentId),
    (s) => s === "active",
    "payment",
  );
  return { enrolmentId, pi: (await Enrolment.get(enrolmentId))!.paymentIntentId! };
}

const status = (enrolmentId: string) => Enrolment.get(enrolmentId).then((e) => e?.status);
const ledger = (cohortId: string) =>
  call("GET", `/api/cohorts/${cohortId}/ledger`, { token: admin.token }).then((r) => r.body);
const balanceOf = (l: { balances: { account: string; balance: number }[] }, account: string) =>
  l.balances.find((b) => b.account === account)?.balance ?? 0;

describe("checkout and the webhook", () => {
  it("charges the server's price, pays with 4242, activates the enrolment, shares the fee, sends a receipt", async () => {
    const cohortId = await pricedCohort();
    const { p, enrolmentId, session } = await enrolAndCheckout(cohortId, "pay-ok@example.org");
    // A second press opens the same session.
    const again = await call("POST", "/api/checkout", { token: p.token, body: { enrolmentId, locale: "es" } });
    expect(again.body.sessionId).toBe(session.sessionId);
    const cs = await rig.sdk.checkout.sessions.retrieve(session.sessionId);
    expect(cs).toMatchObject({ amount_total: 6000, currency: "cad", metadata: { enrolmentId } });

    const paid = await rig.payOnPage(session.url, "4242 4242 4242 4242");
    expect(paid.status).toBe(303);
    expect(paid.location).toContain(`paid=${encodeURIComponent(enrolmentId)}`);
    await eventually(
      () => status(enrolmentId),
      (s) => s === "active",
      "the enrolment to become active",
    );

    const l = await ledger(cohortId);
    // 6000 split 80/15/5 among the institution, the operator and the solidarity fund; Stripe's fee on its own line.
    expect(balanceOf(l, `institution:${institutionId}`)).toBe(4800);
    expect(balanceOf(l, "operator")).toBe(900);
    expect(balanceOf(l, "solidarity_fund")).toBe(300);
    const fee = Math.round(6000 * 0.029) + 30;
    expect(
      l.entries.filter((e: { account: string; side: string }) => e.account === "stripe:fees" && e.side === "debit")[0]
        .amount,
    ).toBe(fee);
    const debits = l.entries
      .filter((e: { side: string }) => e.side === "debit")
      .reduce((n: number, e: { amount: number }) => n + e.amount, 0);
    const credits = l.entries
      .filter((e: { side: string }) => e.side === "credit")
      .reduce((n: number, e: { amount: number }) => n + e.amount, 0);
    expect(debits).toBe(credits);

    const [receipt] = await Mail.listFor("pay-ok@example.org");
    expect(receipt.subject).toMatch(/^Recibo/);
    expect(receipt.text).toMatch(/CAD\s?60[.,]00/);
    const pdf = await app.request(`/api/enrolments/${enrolmentId}/receipt.pdf`, {
      headers: { Authorization: `Bearer ${p.token}` },
    });
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(new TextDecoder().decode(new Uint8Array(await pdf.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
    // Paying again is refused: it is paid.
    expect((await call("POST", "/api/checkout", { token: p.token, body: { enrolmentId } })).status).toBe(409);
  });

  it("declines 4000 0000 0000 0002 with a message and leaves the seat held", async () => {
    const cohortId = await pricedCohort();
    const { enrolmentId, session } = await enrolAndCheckout(cohortId, "pay-declined@example.org");
    const declined = await rig.payOnPage(session.url, "4000000000000002");
    expect(declined.status).toBe(402);
    expect(declined.text).toMatch(/declined/i);
    expect(await status(enrolmentId)).toBe("pending_payment");
  });

  it("refuses another person's enrolment and a body with an amount", async () => {
    const cohortId = await pricedCohort();
    const { enrolmentId } = await enrolAndCheckout(cohortId, "owner@example.org");
    const other = await participant("not-owner@example.org");
    expect((await call("POST", "/api/checkout", { token: other.token, body: { enrolmentId } })).status).toBe(404);
    const withAmount = await call("POST", "/api/checkout", { token: other.token, body: { enrolmentId, amount: 1 } });
    expect(withAmount.status).toBe(400);
  });

  it("refuses a bad signature with 400 and writes nothing", async () => {
    const cohortId = await pricedCohort();
    const { enrolmentId, session } = await enrolAndCheckout(cohortId, "forger@example.org");
    const forged = {
      id: "evt_forged",
      object: "event",
      type: "checkout.session.completed",
      data: {
        object: {
          id: session.sessionId,
          object: "checkout.session",
          payment_status: "paid",
          metadata: { enrolmentId },
        },
      },
    };
    const payload = JSON.stringify(forged);
    const wrong = await fetch(`${rig.server.url}/api/stripe/webhook`, {
      method: "POST",
      headers: { "Stripe-Signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` },
      body: payload,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get("content-type")).toBe("application/problem+json");
    // A valid signature over a different body does not pass either.
    const tampered = await fetch(`${rig.server.url}/api/stripe/webhook`, {
      method: "POST",
      headers: { "Stripe-Signature": rig.sign(payload) },
      body: payload.replace("paid", "PAID"),
    });
    expect(tampered.status).toBe(400);
    expect((await fetch(`${rig.server.url}/api/stripe/webhook`, { method: "POST", body: payload })).status).toBe(400);
    expect(await status(enrolmentId)).toBe("pending_payment");
    expect((await ledger(cohortId)).entries).toEqual([]);
  });
});

describe("each event has one effect, however many times it arrives", () => {
  const captured = (type: string, objectId: string) =>
    eventually(
      async () =>
        rig.stripeLocal
          .events()
          .find((e: Stripe.Event) => e.type === type && (e.data.object as { id: string }).id === objectId),
      (e) => Boolean(e),
      `${type} for ${objectId}`,
    ) as Promise<Stripe.Event>;

  it("checkout.session.completed delivered 50 times at once: one activation, one set of ledger entries, one receipt", async () => {
    const cohortId = await pricedCohort();
    const { enrolmentId, session } = await enrolAndCheckout(cohortId, "dup-completed@example.org");
    rig.detach();
    await rig.payOnPage(session.url, "4242424242424242");
    const event = await captured("checkout.session.completed", session.sessionId);
    rig.attach();
    const results = await rig.deliver(event, 50);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.outcome === "processed")).toHaveLength(1);
    expect(await status(enrolmentId)).toBe("active");
    const l = await ledger(cohortId);
    expect(new Set(l.entries.map((e: { postingId: string }) => e.postingId)).size).toBe(1);
    expect(balanceOf(l, "operator")).toBe(900);
    expect(
      (await Mail.listFor("dup-completed@example.org")).filter((m) => m.subject.startsWith("Recibo")),
    ).toHaveLength(1);
    expect((await Courses.getCohort(cohortId)).seatsTaken).toBe(1);
  });

  it("checkout.session.expired delivered 50 times at once: the hold is released once and the waitlist moves once", async () => {
    const cohortId = await pricedCohort(1);
    const { enrolmentId, session } = await enrolAndCheckout(cohortId, "dup-expired@example.org");
    const waiting = await participant("dup-waiting@example.org");
    const w = await call("POST", `/api/cohorts/${cohortId}/enrolments`, { token: waiting.token });
    expect(w.body.status).toBe("waitlisted");
    rig.detach();
    await rig.sdk.checkout.sessions.expire(session.sessionId);
    const event = await captured("checkout.session.expired", session.sessionId);
    rig.attach();
    const results = await rig.deliver(event, 50);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.outcome === "processed")).toHaveLength(1);
    expect(await status(enrolmentId)).toBe("expired");
    expect(await status(w.body.id)).toBe("pending_payment");
    expect((await Courses.getCohort(cohortId)).seatsTaken).toBe(1);
  });

  it("charge.refunded delivered 50 times at once: shares reversed once", async () => {
    const cohortId = await pricedCohort();
    const { enrolmentId, pi } = await paidEnrolment(cohortId, "dup-refunded@example.org");
    rig.detach();
    // A refund made outside the platform (e.g. Stripe's dashboard) reaches us only by its webhook.
    await rig.sdk.refunds.create({ payment_intent: pi });
    const charge = (await rig.sdk.paymentIntents.retrieve(pi)).latest_charge as string;
    const event = await captured("charge.refunded", charge);
    rig.attach();
    const results = await rig.deliver(event, 50);
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    expect(results.filter((r) => r.body.outcome === "processed")).toHaveLength(1);
    const l = await ledger(cohortId);
    expect(
      l.entries
        .filter((e: { memo: string }) => e.memo.startsWith("Refund"))
        .map((e: { postingId: string }) => e.postingId)
        .filter((v: string, i: number, a: string[]) => a.indexOf(v) === i),
    ).toHaveLength(1);
    for (const party of [`institution:${institutionId}`, "operator", "solidarity_fund"])
      expect(balanceOf(l, party)).toBe(0);
    expect(await status(enrolmentId)).toBe("refunded");
    expect((await Courses.getCohort(cohortId)).seatsTaken).toBe(0);
  });
});

describe("refunds by an admin", () => {
  it("20 concurrent refunds of one payment: one refund at Stripe, shares reversed once, the ledger back to zero", async () => {
    const cohortId = await pricedCohort();
    const { p, enrolmentId, session } = await enrolAndCheckout(cohortId, "refund-race@example.org");
    await rig.payOnPage(session.url, "4242424242424242");
    await eventually(
      () => status(enrolmentId),
      (s) => s === "active",
      "payment",
    );
    expect((await call("POST", `/api/enrolments/${enrolmentId}/refund`, { token: p.token })).status).toBe(403);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => call("POST", `/api/enrolments/${enrolmentId}/refund`, { token: admin.token })),
    );
    expect(outcomes.filter((o) => o.status !== 409).map((o) => o.body)).toEqual([
      { status: "refunded", refunded: 6000 },
    ]);
    expect(outcomes.find((o) => o.status === 200)!.body).toEqual({ status: "refunded", refunded: 6000 });
    const pi = (await Enrolment.get(enrolmentId))!.paymentIntentId!;
    await eventually(
      async () =>
        rig.stripeLocal
          .events()
          .filter(
            (e: Stripe.Event) => e.type === "charge.refunded" && (e.data.object as Stripe.Charge).payment_intent === pi,
          ).length,
      (n) => n === 1,
      "the refund's webhook",
    );
    const refunds = await rig.sdk.refunds.list({ payment_intent: pi });
    expect(refunds.data).toHaveLength(1);
    // Let the webhook land too: it must not reverse a second time.
    await new Promise((r) => setTimeout(r, 300));
    const l = await ledger(cohortId);
    for (const party of [`institution:${institutionId}`, "operator", "solidarity_fund"])
      expect(balanceOf(l, party)).toBe(0);
    expect(l.entries.filter((e: { memo: string }) => e.memo.startsWith("Refund")).length).toBe(4);
    expect(await status(enrolmentId)).toBe("refunded");
    expect((await Courses.getCohort(cohortId)).seatsTaken).toBe(0);
    // One claim won, so the audit trail holds one refund request, by the admin, and no failure.
    expect(await refundTrail(enrolmentId)).toEqual([["enrolment.refund_requested", 6000, adminId]]);
    const [notice] = await Mail.listFor("refund-race@example.org");
    expect(notice.subject).toMatch(/Reembolso/);
  });

  it("a refund Stripe refuses gives the claim back and the audit trail says it failed", async () => {
    const cohortId = await pricedCohort();
    const { enrolmentId, pi } = await paidEnrolment(cohortId, "refused-refund@example.org");
    // Refunded at Stripe directly, its webhook lost: the platform still believes the payment whole.
    rig.detach();
    try {
      await rig.sdk.refunds.create({ payment_intent: pi });
      const res = await call("POST", `/api/enrolments/${enrolmentId}/refund`, { token: admin.token });
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    } finally {
      rig.attach();
    }
    expect((await Payments.getPayment(pi))!.refundClaimed).toBe(0);
    expect(await refundTrail(enrolmentId)).toEqual([
      ["enrolment.refund_failed", 6000, adminId],
      ["enrolment.refund_requested", 6000, adminId],
    ]);
    // Stripe said no: the trail records a refusal, not an unknown outcome (a timeout would be).
    const failed = (await Audit.list(Actor.system, { institutionId })).items.find(
      (e) => e.target.id === enrolmentId && e.action === "enrolment.refund_failed",
    );
    expect(failed?.details.outcome).toBe("refused");
  });

  it("refunds part of a payment, then the rest, and refuses more", async () => {
    const cohortId = await pricedCohort();
    const { enrolmentId, session } = await enrolAndCheckout(cohortId, "partial@example.org");
    await rig.payOnPage(session.url, "4242424242424242");
    await eventually(
      () => status(enrolmentId),
      (s) => s === "active",
      "payment",
    );
    const part = await call("POST", `/api/enrolments/${enrolmentId}/refund`, {
      token: admin.token,
      body: { amount: 1000 },
    });
    expect(part.body).toEqual({ status: "partially_refunded", refunded: 1000 });
    expect(await status(enrolmentId)).toBe("active");
    const tooMuch = await call("POST", `/api/enrolments/${enrolmentId}/refund`, {
      token: admin.token,
      body: { amount: 5001 },
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors[0].path).toBe("amount");
    const rest = await call("POST", `/api/enrolments/${enrolmentId}/refund`, { token: admin.token, body: {} });
    expect(rest.body).toEqual({ status: "refunded", refunded: 6000 });
    expect(await refundTrail(enrolmentId)).toEqual([
      ["enrolment.refund_requested", 5000, adminId],
      ["enrolment.refund_requested", 1000, adminId],
    ]);
    const l = await ledger(cohortId);
    for (const party of [`institution:${institutionId}`, "operator", "solidarity_fund"])
      expect(balanceOf(l, party)).toBe(0);
  });
});

describe("late and out-of-order events", () => {
  it("a payment for a lapsed hold still takes a free seat", async () => {
    const cohortId = await pricedCohort(2);
    const { enrolmentId, session } = await enrolAndCheckout(cohortId, "late-seat@example.org");
    await Enrolment.releaseExpiredHolds(new Date(Date.now() + 31 * 60_000));
    expect(await status(enrolmentId)).toBe("expired");
    await rig.payOnPage(session.url, "4242424242424242");
    await eventually(
      () => status(enrolmentId),
      (s) => s === "active",
      "late activation",
    );
    expect((await Courses.getCohort(cohortId)).seatsTaken).toBe(1);
  });

  it("a payment for a lapsed hold whose seat was taken is refunded automatically, with a clear e-mail", async () => {
    const cohortId = await pricedCohort(1);
    const { enrolmentId, session } = await enrolAndCheckout(cohortId, "late-noseat@example.org");
    await Enrolment.releaseExpiredHolds(new Date(Date.now() + 31 * 60_000));
    const other = await participant("took-the-seat@example.org");
    expect((await call("POST", `/api/cohorts/${cohortId}/enrolments`, { token: other.token })).body.status).toBe(
      "pending_payment",
    );
    await rig.payOnPage(session.url, "4242424242424242");
    const mails = await eventually(
      () => Mail.listFor("late-noseat@example.org"),
      (m) => m.some((x) => x.subject.startsWith("Tu pago llegó")),
      "the no-seat e-mail",
    );
    // The enrolment stays as it was (its hold lapsed); the payment is refunded in full.
    expect(await status(enrolmentId)).toBe("expired");
    expect(
      await rig.sdk.refunds
        .list({
          payment_intent: (await rig.sdk.checkout.sessions.retrieve(session.sessionId)).payment_intent as string,
        })
        .then((r) => r.data.map((x) => x.amount)),
    ).toEqual([6000]);
    expect(mails.map((m) => m.subject).join(" | ")).toMatch(/Tu pago llegó después de liberarse tu cupo/);
    expect(mails.map((m) => m.subject).join(" | ")).toMatch(/Reembolso/);
    const l = await ledger(cohortId);
    for (const party of [`institution:${institutionId}`, "operator", "solidarity_fund"])
      expect(balanceOf(l, party)).toBe(0);
    expect((await Courses.getCohort(cohortId)).seatsTaken).toBe(1);
  });

  it("a stale session's expiry or late payment never touches the hold or payment that replaced it", async () => {
    const cohortId = await pricedCohort(3);
    const first = await enrolAndCheckout(cohortId, "re-enrol@example.org");
    await Enrolment.releaseExpiredHolds(new Date(Date.now() + 31 * 60_000));
    // Enrol again: a new hold, a new session, paid.
    const again = await call("POST", `/api/cohorts/${cohortId}/enrolments`, { token: first.p.token });
    expect(again.body.status).toBe("pending_payment");
    const second = await call("POST", "/api/checkout", {
      token: first.p.token,
      body: { enrolmentId: first.enrolmentId, locale: "es" },
    });
    expect(second.body.sessionId).not.toBe(first.session.sessionId);
    await rig.payOnPage(second.body.url, "4242424242424242");
    await eventually(
      () => status(first.enrolmentId),
      (s) => s === "active",
      "the second payment",
    );
    const paidWith = (await Enrolment.get(first.enrolmentId))!.paymentIntentId;
    // The old tab pays the first session too: that money is returned, the place is kept.
    await rig.payOnPage(first.session.url, "4242424242424242");
    const pi1 = (await rig.sdk.checkout.sessions.retrieve(first.session.sessionId)).payment_intent as string;
    await eventually(
      () => rig.sdk.refunds.list({ payment_intent: pi1 }).then((r) => r.data.length),
      (n) => n === 1,
      "the refund of the stale payment",
    );
    await eventually(
      () => Mail.listFor("re-enrol@example.org"),
      (m) => m.some((x) => x.subject.startsWith("Tu pago llegó")),
      "the no-seat e-mail",
    );
    expect(await Enrolment.get(first.enrolmentId)).toMatchObject({ status: "active", paymentIntentId: paidWith });
    expect((await Courses.getCohort(cohortId)).seatsTaken).toBe(1);
    // And its expiry event, were it to come now, releases nothing.
    const l = await ledger(cohortId);
    expect(balanceOf(l, "operator")).toBe(900);
  });

  it("does not let a paid, withdrawn enrolment be replaced, so its payment stays refundable", async () => {
    const cohortId = await pricedCohort(3);
    const { p, enrolmentId, session } = await enrolAndCheckout(cohortId, "withdrew-paid@example.org");
    await rig.payOnPage(session.url, "4242424242424242");
    await eventually(
      () => status(enrolmentId),
      (s) => s === "active",
      "payment",
    );
    expect((await call("DELETE", `/api/enrolments/${enrolmentId}`, { token: p.token })).body.status).toBe("withdrawn");
    const again = await call("POST", `/api/cohorts/${cohortId}/enrolments`, { token: p.token });
    expect(again.body).toMatchObject({ status: 409, code: "paid_enrolment_withdrawn" });
    const refunded = await call("POST", `/api/enrolments/${enrolmentId}/refund`, { token: admin.token });
    expect(refunded.body).toEqual({ status: "refunded", refunded: 6000 });
    // Refunded: now they may enrol again.
    expect((await call("POST", `/api/cohorts/${cohortId}/enrolments`, { token: p.token })).body.status).toBe(
      "pending_payment",
    );
  });
});
