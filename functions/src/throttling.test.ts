// Per-person limits on the writes that cost money (decision 0014): exactly `max` requests per person and
// window get past the limiter, under concurrency too; the rest are 429 problem+json with Retry-After;
// another person is not affected; anonymous callers still get the route's 401.
import { Actor, Enrolment, Institutions } from "@rutas/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { PERSON_LIMITS } from "./http/rate-limit";
import { testClient } from "./testing/client";
import { eventually, startPaymentRig } from "./testing/payments";

const { call, signIn } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const CHECKOUT = PERSON_LIMITS.checkout;
const REFUND = PERSON_LIMITS.refund;
let rig: Awaited<ReturnType<typeof startPaymentRig>>;
let admin: { token: string };
let secondAdmin: { token: string };
let courseId: string;

beforeAll(async () => {
  rig = await startPaymentRig();
  const inst = await Institutions.create(Actor.system, {
    name: "Universidad de Cuenca",
    country: "EC",
    type: "university",
  });
  for (const email of ["cuenca-admin@example.org", "cuenca-admin2@example.org"])
    await Institutions.addMember(Actor.system, inst.id, { email, role: "admin" });
  admin = await signIn("cuenca-admin@example.org");
  secondAdmin = await signIn("cuenca-admin2@example.org");
  const course = await call("POST", "/api/courses", {
    token: admin.token,
    body: {
      institutionId: inst.id,
      title: { es: "Turismo comunitario" },
      summary: { es: "Rutas y anfitriones locales." },
      topics: ["local-production-and-trade"],
      language: "es",
      modules: [{ title: "Bases", lessons: [{ title: "Una", body: "Texto." }] }],
    },
  });
  courseId = course.body.id;
  await call("POST", `/api/courses/${courseId}/publish`, { token: admin.token });
}, 60_000);
afterAll(() => rig?.stop());

async function pendingEnrolment(email: string) {
  const cohort = await call("POST", `/api/courses/${courseId}/cohorts`, {
    token: admin.token,
    body: {
      startDate: day(0),
      endDate: day(13),
      capacity: 10,
      enrolmentDeadline: day(7),
      prices: [
        { group: "standard", amount: 24000, currency: "CAD" },
        { group: "reduced", amount: 6000, currency: "CAD" },
        { group: "community", amount: 1500, currency: "CAD" },
      ],
    },
  });
  const p = await signIn(email);
  await call("PATCH", "/api/me", {
    token: p.token,
    body: { name: email.split("@")[0], country: "PE", organisationType: "ngo", languages: ["es"] },
  });
  const e = await call("POST", `/api/cohorts/${cohort.body.id}/enrolments`, { token: p.token });
  expect(e.body.status).toBe("pending_payment");
  return { token: p.token, enrolmentId: e.body.id as string };
}

/**
 * Windows are fixed (they start on multiples of their length): a burst fired in the last seconds of one
 * would be split across two and let more through. Start each burst well inside a window.
 */
async function awayFromWindowEdge(windowSeconds: number) {
  const left = windowSeconds - ((Date.now() / 1000) % windowSeconds);
  if (left < 20) await new Promise((r) => setTimeout(r, left * 1000 + 100));
}

const at = (n: number, request: () => ReturnType<typeof call>) => Promise.all(Array.from({ length: n }, request));

function expectTooMany(res: Awaited<ReturnType<typeof call>>, windowSeconds: number) {
  expect(res.status).toBe(429);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(res.body).toMatchObject({ type: "https://rutas.app/problems/429", status: 429, title: "Too many requests" });
  expect(res.body.detail).toMatch(/per person/);
  const retryAfter = res.headers.get("retry-after");
  expect(retryAfter).toMatch(/^[1-9][0-9]*$/); // delta-seconds, a positive integer
  expect(Number(retryAfter)).toBeLessThanOrEqual(windowSeconds);
}

describe("POST /api/checkout: a per-person limit", () => {
  it(`${CHECKOUT.max + 1} checkouts at once from one person: ${CHECKOUT.max} reach checkout, one is 429; another person is unaffected`, async () => {
    const p = await pendingEnrolment("limit-buyer@example.org");
    const other = await pendingEnrolment("limit-other@example.org");
    await awayFromWindowEdge(CHECKOUT.windowSeconds);
    const results = await at(CHECKOUT.max + 1, () =>
      call("POST", "/api/checkout", { token: p.token, body: { enrolmentId: p.enrolmentId } }),
    );
    // Counted as passing the limiter: every answer that is not a 429. Here each is the real checkout:
    // the same pending seat, so one Checkout Session, reopened by every press.
    const passed = results.filter((r) => r.status !== 429);
    expect(passed).toHaveLength(CHECKOUT.max);
    expect(new Set(passed.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(passed.map((r) => r.body.sessionId)).size).toBe(1);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(1);
    for (const r of refused) expectTooMany(r, CHECKOUT.windowSeconds);
    // Still refused in the same window.
    expectTooMany(
      await call("POST", "/api/checkout", { token: p.token, body: { enrolmentId: p.enrolmentId } }),
      CHECKOUT.windowSeconds,
    );

    // Someone else, at the same moment: their own count.
    const theirs = await call("POST", "/api/checkout", {
      token: other.token,
      body: { enrolmentId: other.enrolmentId },
    });
    expect(theirs.status).toBe(201);
    expect(theirs.body.url).toContain("/checkout/");
    // The seat of the throttled person is untouched: still held for payment.
    expect((await Enrolment.get(p.enrolmentId))?.status).toBe("pending_payment");
  });

  it(`50 at once from one person: exactly ${CHECKOUT.max} get past the limiter, ${50 - CHECKOUT.max} are 429`, async () => {
    const p = await pendingEnrolment("limit-burst@example.org");
    await awayFromWindowEdge(CHECKOUT.windowSeconds);
    const results = await at(50, () =>
      call("POST", "/api/checkout", { token: p.token, body: { enrolmentId: p.enrolmentId } }),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s !== 429)).toEqual(Array(CHECKOUT.max).fill(201));
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(50 - CHECKOUT.max);
    for (const r of refused) expectTooMany(r, CHECKOUT.windowSeconds);
  });

  it("anonymous callers still get 401, however many times they ask", async () => {
    const { enrolmentId } = await pendingEnrolment("limit-anon@example.org");
    const results = await at(CHECKOUT.max + 5, () => call("POST", "/api/checkout", { body: { enrolmentId } }));
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([401]));
    expect(results[0].headers.get("retry-after")).toBeNull();
  });
});

describe("POST /api/enrolments/:id/refund: a per-admin limit", () => {
  it(`${REFUND.max + 1} refunds at once from one admin: ${REFUND.max} reach the refund (one refunds, the rest 409), one is 429; another admin is unaffected`, async () => {
    const p = await pendingEnrolment("limit-refund@example.org");
    const co = await call("POST", "/api/checkout", { token: p.token, body: { enrolmentId: p.enrolmentId } });
    expect(co.status).toBe(201);
    await rig.payOnPage(co.body.url, "4242424242424242");
    await eventually(
      () => Enrolment.get(p.enrolmentId).then((e) => e?.status),
      (s) => s === "active",
      "payment",
    );
    await awayFromWindowEdge(REFUND.windowSeconds);
    const results = await at(REFUND.max + 1, () =>
      call("POST", `/api/enrolments/${p.enrolmentId}/refund`, { token: admin.token }),
    );
    // Counted as passing the limiter: every answer that is not a 429 — the one refund (200) and the
    // presses that found it already refunded or claimed (409).
    const passed = results.filter((r) => r.status !== 429);
    expect(passed).toHaveLength(REFUND.max);
    expect(passed.filter((r) => r.status === 200).map((r) => r.body)).toEqual([{ status: "refunded", refunded: 6000 }]);
    expect(passed.filter((r) => r.status !== 200).every((r) => r.status === 409)).toBe(true);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(1);
    for (const r of refused) expectTooMany(r, REFUND.windowSeconds);
    expectTooMany(
      await call("POST", `/api/enrolments/${p.enrolmentId}/refund`, { token: admin.token }),
      REFUND.windowSeconds,
    );

    // A second admin of the same institution has their own count: the route answers them.
    const theirs = await call("POST", `/api/enrolments/${p.enrolmentId}/refund`, { token: secondAdmin.token });
    expect(theirs.status).toBe(409);
    expect(theirs.body.code).toBe("already_refunded");
    // The participant is answered by the route too (403), not by the admin's exhausted limit.
    expect((await call("POST", `/api/enrolments/${p.enrolmentId}/refund`, { token: p.token })).status).toBe(403);
    expect((await Enrolment.get(p.enrolmentId))?.status).toBe("refunded");
  });
});
