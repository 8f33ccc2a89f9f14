/**
 * The local Stripe server HUNG (it accepts connections, reads requests and answers none, as a
 * stuck Stripe or a partition would) → checkout answers 503 problem+json with Retry-After within
 * Stripe's deadline, never a held request. When Stripe wakes it handles what it was sent; the
 * idempotency key makes the person's retry open that same session, not a second one.
 * Stripe's bound is the production default (decision 0015); DynamoDB keeps the local stack's
 * looser bounds because this file shares a busy DynamoDB Local and DynamoDB is not under test.
 */
import { Config } from "@rutas/core";
import { publishedCourseWithCohort } from "@rutas/core/testing/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";
import { startPaymentRig } from "./testing/payments";

const { call, signIn } = testClient(createApp({ log: () => {} }));
const stripeMs = Config.defaultBudgets().stripeMs;
const BOUND_MS = stripeMs * 1.2;
let rig: Awaited<ReturnType<typeof startPaymentRig>>;
let cohortId: string;

beforeAll(async () => {
  rig = await startPaymentRig();
  Config.configure({ budgets: { ...Config.config().budgets, stripeMs } });
  const prices = (["standard", "reduced", "community"] as const).map((group) => ({
    group,
    amount: 9000,
    currency: "CAD",
  }));
  cohortId = (await publishedCourseWithCohort({ capacity: 10, prices })).cohort.id;
}, 60_000);
afterAll(async () => {
  rig?.stripeLocal.resume();
  await rig?.stop();
});

describe("when Stripe hangs", () => {
  it("checkout answers 503 with Retry-After within Stripe's deadline; after it wakes, a retry opens one session", async () => {
    const p = await signIn("stuck-payer@example.org");
    const e = await call("POST", `/api/cohorts/${cohortId}/enrolments`, { token: p.token });
    expect(e.body.status).toBe("pending_payment");
    const body = { enrolmentId: e.body.id, locale: "es" };

    rig.stripeLocal.hang();
    const t = performance.now();
    let stuck: Awaited<ReturnType<typeof call>>;
    try {
      stuck = await call("POST", "/api/checkout", { token: p.token, body });
    } finally {
      rig.stripeLocal.resume();
    }
    const ms = performance.now() - t;
    expect(stuck.status).toBe(503);
    expect(stuck.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(stuck.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(stuck.body).toMatchObject({ status: 503, title: "Service unavailable" });
    expect(JSON.stringify(stuck.body)).not.toMatch(/127\.0\.0\.1|stack|timeout/i);
    expect(ms).toBeGreaterThanOrEqual(stripeMs - 50); // it did wait for Stripe, as long as allowed
    expect(ms).toBeLessThan(BOUND_MS);

    const first = await call("POST", "/api/checkout", { token: p.token, body });
    expect(first.status).toBe(201);
    const second = await call("POST", "/api/checkout", { token: p.token, body });
    expect(second.body.sessionId).toBe(first.body.sessionId);
    // The session still works: pay it and the enrolment becomes active.
    const paid = await rig.payOnPage(first.body.url, "4242424242424242");
    expect(paid.status).toBe(303);
  });
});
