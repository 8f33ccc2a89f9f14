// Webhooks as the platform's endpoint sees them: Stripe-signed (verified by the SDK's constructEvent), in order, retried after failures, re-sendable; and /v1/events.
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  API_VERSION,
  paidSession,
  type Receiver,
  rejection,
  sessionParams,
  startReceiver,
  startRig,
  until,
} from "./testing";
import { signatureHeader } from "./webhooks";

let rig: Awaited<ReturnType<typeof startRig>>;
let hook: Receiver;
beforeAll(async () => {
  hook = await startReceiver();
  rig = await startRig({ webhookUrl: hook.url, retryDelaysMs: [50, 100] });
});
afterAll(async () => {
  await rig.local.close();
  await hook.close();
});
afterEach(() => hook.respondWith(() => 200));

const deliveredTypes = () => hook.events().map((e) => e.type);

describe("signed delivery", () => {
  it("delivers the payment's events in order, each verifiable with stripe.webhooks.constructEvent", async () => {
    const before = hook.received.length;
    const { session, paymentIntentId } = await paidSession(rig.stripe);
    const mine = await until(
      () => hook.received.slice(before),
      (r) => r.length >= 3,
    );
    const events = mine.map((r) =>
      rig.stripe.webhooks.constructEvent(r.body, String(r.headers["stripe-signature"]), rig.local.webhookSecret),
    );
    expect(events.map((e) => e.type)).toEqual([
      "checkout.session.completed",
      "payment_intent.succeeded",
      "charge.succeeded",
    ]);

    const [completed, succeeded, charged] = events;
    expect(completed).toMatchObject({
      object: "event",
      api_version: API_VERSION,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    });
    expect(completed.id).toMatch(/^evt_/);
    if (completed.type !== "checkout.session.completed") throw new Error("narrowing");
    const s: Stripe.Checkout.Session = completed.data.object;
    expect(s).toMatchObject({
      id: session.id,
      status: "complete",
      payment_status: "paid",
      payment_intent: paymentIntentId,
      metadata: { enrolmentId: "enrol_01" },
    });
    if (succeeded.type !== "payment_intent.succeeded" || charged.type !== "charge.succeeded")
      throw new Error("narrowing");
    expect(succeeded.data.object).toMatchObject({ id: paymentIntentId, status: "succeeded" });
    expect(charged.data.object).toMatchObject({
      object: "charge",
      payment_intent: paymentIntentId,
      paid: true,
      status: "succeeded",
    });
    expect(mine[0].headers["content-type"]).toContain("application/json");
  });

  it("the signature is Stripe's scheme: t=<unix>,v1=<hex HMAC-SHA256 of `t.body`>", async () => {
    const r = hook.received[0];
    const header = String(r.headers["stripe-signature"]);
    const t = Number(/t=(\d+)/.exec(header)![1]);
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(60);
    expect(header).toBe(signatureHeader(r.body, rig.local.webhookSecret, t));
    expect(rig.local.webhookSecret).toBe("whsec_rutas_local");
  });

  it("a tampered body, a wrong secret or a missing signature fails verification", async () => {
    const r = hook.received[0];
    const header = String(r.headers["stripe-signature"]);
    const tampered = r.body.replace('"livemode": false', '"livemode": true');
    expect(tampered).not.toBe(r.body);
    expect(() => rig.stripe.webhooks.constructEvent(tampered, header, rig.local.webhookSecret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => rig.stripe.webhooks.constructEvent(r.body, header, "whsec_other")).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => rig.stripe.webhooks.constructEvent(r.body, "", rig.local.webhookSecret)).toThrow();
  });

  it("an API-caused event carries the request id and idempotency key", async () => {
    const s = await rig.stripe.checkout.sessions.create(sessionParams());
    await rig.stripe.checkout.sessions.expire(s.id, {}, { idempotencyKey: "expire-once" });
    const event = await until(
      () =>
        hook
          .events()
          .find((e) => e.type === "checkout.session.expired" && (e.data.object as Stripe.Checkout.Session).id === s.id),
      (e) => e !== undefined,
    );
    expect(event!.request).toMatchObject({ idempotency_key: "expire-once" });
    expect(event!.request!.id).toMatch(/^req_/);
  });
});

describe("retries", () => {
  it("retries after 500s with the configured delays and stops at the first 200", async () => {
    let calls = 0;
    hook.respondWith(() => (++calls <= 2 ? 500 : 200));
    const s = await rig.stripe.checkout.sessions.create(sessionParams());
    await rig.stripe.checkout.sessions.expire(s.id);
    const event = rig.local
      .events()
      .find((e) => e.type === "checkout.session.expired" && (e.data.object as Stripe.Checkout.Session).id === s.id)!;
    const attempts = await until(
      () => rig.local.deliveries().filter((d) => d.eventId === event.id),
      (d) => d.length >= 3,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.local.deliveries().filter((d) => d.eventId === event.id)).toEqual([
      { eventId: event.id, type: "checkout.session.expired", attempt: 1, status: 500 },
      { eventId: event.id, type: "checkout.session.expired", attempt: 2, status: 500 },
      { eventId: event.id, type: "checkout.session.expired", attempt: 3, status: 200 },
    ]);
    expect(attempts).toHaveLength(3);
    // Each attempt is signed afresh and verifies.
    for (const r of hook.received.slice(-3)) {
      expect(
        rig.stripe.webhooks.constructEvent(r.body, String(r.headers["stripe-signature"]), rig.local.webhookSecret).id,
      ).toBe(event.id);
    }
    expect((await rig.stripe.events.retrieve(event.id)).pending_webhooks).toBe(0);
  });

  it("gives up after the last delay", async () => {
    hook.respondWith(() => 503);
    const s = await rig.stripe.checkout.sessions.create(sessionParams());
    await rig.stripe.checkout.sessions.expire(s.id);
    const event = rig.local
      .events()
      .find((e) => e.type === "checkout.session.expired" && (e.data.object as Stripe.Checkout.Session).id === s.id)!;
    await until(
      () => rig.local.deliveries().filter((d) => d.eventId === event.id),
      (d) => d.length >= 3,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(
      rig.local
        .deliveries()
        .filter((d) => d.eventId === event.id)
        .map((d) => d.status),
    ).toEqual([503, 503, 503]);
    expect((await rig.stripe.events.retrieve(event.id)).pending_webhooks).toBe(1);
  });

  it("records an unreachable endpoint as status 0 and retries it", async () => {
    rig.local.setWebhookUrl("http://127.0.0.1:9/unreachable");
    try {
      const s = await rig.stripe.checkout.sessions.create(sessionParams());
      await rig.stripe.checkout.sessions.expire(s.id);
      const event = rig.local.events().at(-1)!;
      const attempts = await until(
        () => rig.local.deliveries().filter((d) => d.eventId === event.id),
        (d) => d.length >= 3,
      );
      expect(attempts.map((d) => d.status)).toEqual([0, 0, 0]);
      expect(attempts[0].error).toBeTruthy();
    } finally {
      rig.local.setWebhookUrl(hook.url);
    }
  });

  it("resend delivers the same event again (a duplicate delivery)", async () => {
    const s = await rig.stripe.checkout.sessions.create(sessionParams());
    await rig.stripe.checkout.sessions.expire(s.id);
    const event = rig.local.events().at(-1)!;
    await until(
      () => hook.events().filter((e) => e.id === event.id),
      (e) => e.length === 1,
    );
    expect(await rig.local.resend(event.id)).toBe(200);
    const copies = hook.events().filter((e) => e.id === event.id);
    expect(copies).toHaveLength(2);
    expect(copies[1]).toEqual(copies[0]);
    expect(
      rig.local
        .deliveries()
        .filter((d) => d.eventId === event.id)
        .map((d) => d.attempt),
    ).toEqual([1, 2]);
    await expect(rig.local.resend("evt_nope")).rejects.toThrow("No such event");
  });
});

describe("/v1/events", () => {
  it("retrieves an event by id with Stripe's shape", async () => {
    const last = rig.local.events().at(-1)!;
    const e: Stripe.Event = await rig.stripe.events.retrieve(last.id);
    expect(e).toMatchObject({
      id: last.id,
      object: "event",
      type: last.type,
      api_version: API_VERSION,
      livemode: false,
    });
    const err = await rejection(rig.stripe.events.retrieve("evt_missing"));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 404, code: "resource_missing", param: "id" });
  });

  it("lists newest first, filters by type (with wildcards) and paginates with starting_after", async () => {
    const all = rig.local.events();
    const first: Stripe.ApiList<Stripe.Event> = await rig.stripe.events.list({ limit: 2 });
    expect(first).toMatchObject({ object: "list", url: "/v1/events", has_more: true });
    expect(first.data.map((e) => e.id)).toEqual([all.at(-1)!.id, all.at(-2)!.id]);
    const next = await rig.stripe.events.list({ limit: 2, starting_after: first.data[1].id });
    expect(next.data[0].id).toBe(all.at(-3)!.id);

    const expired = await rig.stripe.events.list({ type: "checkout.session.expired", limit: 100 });
    expect(expired.data.length).toBe(all.filter((e) => e.type === "checkout.session.expired").length);
    expect(expired.data.every((e) => e.type === "checkout.session.expired")).toBe(true);
    const sessions = await rig.stripe.events.list({ type: "checkout.session.*", limit: 100 });
    expect(new Set(sessions.data.map((e) => e.type))).toEqual(
      new Set(["checkout.session.completed", "checkout.session.expired"]),
    );

    const everything: Stripe.Event[] = [];
    for await (const e of rig.stripe.events.list({ limit: 3 })) everything.push(e);
    expect(everything.map((e) => e.id)).toEqual(all.map((e) => e.id).reverse());

    const tooMany = await rejection(rig.stripe.events.list({ limit: 101 }));
    expect(tooMany).toMatchObject({ statusCode: 400, param: "limit" });
  });

  it("every delivered body is the stored event", async () => {
    const stored = new Map(rig.local.events().map((e) => [e.id, e]));
    expect(deliveredTypes().length).toBeGreaterThan(0);
    for (const e of hook.events()) expect(stored.get(e.id)?.type).toBe(e.type);
  });
});
