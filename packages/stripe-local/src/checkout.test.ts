// Checkout through the real SDK and the hosted page: session shape, the 4242 / 4000…0002 cards, the success redirect, expiry by API and on time.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Checkout from "./checkout";
import type { Core } from "./core";
import { Events } from "./events";
import { Store } from "./state";
import { API_VERSION, paidSession, rejection, sessionParams, startRig, submitCard } from "./testing";
import { WebhookSender } from "./webhooks";

let rig: Awaited<ReturnType<typeof startRig>>;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig.local.close());

describe("checkout sessions", () => {
  it("the SDK pins the API version the server renders events in", () => {
    expect(Stripe.API_VERSION).toBe(API_VERSION);
  });

  it("creates an open, unpaid session whose url is its hosted page", async () => {
    const s: Stripe.Checkout.Session = await rig.stripe.checkout.sessions.create(sessionParams());
    expect(s.object).toBe("checkout.session");
    expect(s.id).toMatch(/^cs_test_[0-9A-Za-z]+$/);
    expect(s).toMatchObject({
      status: "open",
      payment_status: "unpaid",
      mode: "payment",
      amount_total: 12_000,
      amount_subtotal: 12_000,
      currency: "cad",
      customer_email: "ana.quispe@example.org",
      client_reference_id: "enrol_01",
      metadata: { enrolmentId: "enrol_01", locale: "en" },
      payment_intent: null,
      livemode: false,
      locale: "en",
    });
    expect(s.url).toBe(`${rig.local.url}/checkout/${s.id}`);
    expect(s.created).toBeGreaterThan(1_700_000_000);
    expect(s.expires_at - s.created).toBeGreaterThanOrEqual(30 * 60);
  });

  it("normalises the currency to lower case and sums line items", async () => {
    const s = await rig.stripe.checkout.sessions.create(
      sessionParams({
        line_items: [
          { quantity: 2, price_data: { currency: "PEN", unit_amount: 4_500, product_data: { name: "Ruta" } } },
          { quantity: 1, price_data: { currency: "pen", unit_amount: 1_000, product_data: { name: "Seguro" } } },
        ],
      }),
    );
    expect(s).toMatchObject({ currency: "pen", amount_total: 10_000 });
  });

  it("retrieves a session, and expands payment_intent once paid", async () => {
    const { session } = await paidSession(rig.stripe);
    const again: Stripe.Checkout.Session = await rig.stripe.checkout.sessions.retrieve(session.id, {
      expand: ["payment_intent"],
    });
    const pi = again.payment_intent as Stripe.PaymentIntent;
    expect(pi.object).toBe("payment_intent");
    expect(pi.id).toMatch(/^pi_/);
    expect(pi).toMatchObject({
      status: "succeeded",
      amount: 12_000,
      currency: "cad",
      metadata: { enrolmentId: "enrol_01" },
      transfer_group: "route:R1",
    });
  });

  it("an unknown session is a 404 resource_missing naming the session", async () => {
    const err = await rejection(rig.stripe.checkout.sessions.retrieve("cs_test_missing"));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      param: "session",
      message: "No such checkout.session: 'cs_test_missing'",
    });
  });

  it("expires an open session (and then refuses to expire it again)", async () => {
    const s = await rig.stripe.checkout.sessions.create(sessionParams());
    const expired: Stripe.Checkout.Session = await rig.stripe.checkout.sessions.expire(s.id);
    expect(expired).toMatchObject({ id: s.id, status: "expired", payment_status: "unpaid", url: null });
    const event = rig.local
      .events()
      .find(
        (e) => e.type === "checkout.session.expired" && e.data.object && (e.data.object as { id: string }).id === s.id,
      );
    expect(event?.request?.id).toMatch(/^req_/);
    const err = await rejection(rig.stripe.checkout.sessions.expire(s.id));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain('Only Checkout Sessions with a status in ["open"] can be expired');
  });

  it("a paid session cannot be expired", async () => {
    const { session } = await paidSession(rig.stripe);
    const err = await rejection(rig.stripe.checkout.sessions.expire(session.id));
    expect(err).toMatchObject({ statusCode: 400, type: "StripeInvalidRequestError" });
    expect(err.message).toContain("status of `complete`");
  });

  it("rejects parameters as Stripe does, naming the param", async () => {
    const noQuantity = await rejection(
      rig.stripe.checkout.sessions.create(
        sessionParams({
          line_items: [{ price_data: { currency: "cad", unit_amount: 100, product_data: { name: "x" } } }],
        }),
      ),
    );
    expect(noQuantity).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(noQuantity).toMatchObject({ statusCode: 400, code: "parameter_missing", param: "line_items[0][quantity]" });

    const badAmount = await rejection(
      rig.stripe.checkout.sessions.create(
        sessionParams({
          line_items: [
            {
              quantity: 1,
              price_data: { currency: "cad", unit_amount: "ten" as unknown as number, product_data: { name: "x" } },
            },
          ],
        }),
      ),
    );
    expect(badAmount).toMatchObject({
      statusCode: 400,
      code: "parameter_invalid_integer",
      param: "line_items[0][price_data][unit_amount]",
    });

    const unknown = await rejection(
      rig.stripe.checkout.sessions.create({
        ...sessionParams(),
        colour: "blue",
      } as Stripe.Checkout.SessionCreateParams),
    );
    expect(unknown).toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "colour" });

    const soon = await rejection(
      rig.stripe.checkout.sessions.create(sessionParams({ expires_at: Math.floor(Date.now() / 1000) + 10 * 60 })),
    );
    expect(soon).toMatchObject({ statusCode: 400, param: "expires_at" });
    expect(soon.message).toContain("at least 30 minutes");

    const locale = await rejection(
      rig.stripe.checkout.sessions.create(
        sessionParams({ locale: "xx" as Stripe.Checkout.SessionCreateParams.Locale }),
      ),
    );
    expect(locale).toMatchObject({ statusCode: 400, param: "locale" });

    const noItems = await rejection(rig.stripe.checkout.sessions.create(sessionParams({ line_items: undefined })));
    expect(noItems).toMatchObject({ code: "parameter_missing", param: "line_items" });
  });
});

describe("hosted checkout page", () => {
  it("shows the amount, a labelled card field named `card` and a Pay button, with no external assets", async () => {
    const s = await rig.stripe.checkout.sessions.create(sessionParams());
    const res = await fetch(s.url!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("CA$120.00");
    expect(html).toMatch(/<label for="card">Card number<\/label>/);
    expect(html).toMatch(/<input id="card" name="card"[^>]*autocomplete="cc-number"/);
    expect(html).toMatch(/<form method="post"/);
    expect(html).toMatch(/<button type="submit">Pay CA\$120\.00<\/button>/);
    expect(html).not.toMatch(/<script|<link|src=|url\(/);
  });

  it("speaks the session's locale", async () => {
    const s = await rig.stripe.checkout.sessions.create(sessionParams({ locale: "es" }));
    const html = await (await fetch(s.url!)).text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain("Número de tarjeta");
  });

  it("4242 4242 4242 4242 pays: 303 to success_url with the session id, session complete with a payment intent", async () => {
    const s = await rig.stripe.checkout.sessions.create(sessionParams());
    const res = await submitCard(s.url!, "4242 4242 4242 4242");
    expect(res.status).toBe(303);
    expect(res.location).toBe(`http://localhost:5173/en/learning?paid=enrol_01&session=${s.id}`);
    const after = await rig.stripe.checkout.sessions.retrieve(s.id);
    expect(after).toMatchObject({ status: "complete", payment_status: "paid", url: null });
    expect(after.payment_intent).toMatch(/^pi_/);
    expect(after.customer_details?.email).toBe("ana.quispe@example.org");
    const types = rig.local
      .events()
      .filter((e) => ["checkout.session.completed", "payment_intent.succeeded", "charge.succeeded"].includes(e.type));
    const mine = types.filter(
      (e) =>
        JSON.stringify(e.data.object).includes(s.id) ||
        JSON.stringify(e.data.object).includes(String(after.payment_intent)),
    );
    expect(mine.map((e) => e.type)).toEqual([
      "checkout.session.completed",
      "payment_intent.succeeded",
      "charge.succeeded",
    ]);
  });

  it("4000 0000 0000 0002 is declined with 402 and the page says so; the session stays open and can still be paid", async () => {
    const s = await rig.stripe.checkout.sessions.create(sessionParams());
    const declined = await submitCard(s.url!, "4000 0000 0000 0002");
    expect(declined.status).toBe(402);
    expect(declined.html).toContain("Your card was declined.");
    expect(declined.html).toMatch(/role="alert"/);
    expect(declined.html).toContain('aria-invalid="true"');
    expect((await rig.stripe.checkout.sessions.retrieve(s.id)).status).toBe("open");
    expect((await submitCard(s.url!, "4242424242424242")).status).toBe(303);
  });

  it("any other number is invalid", async () => {
    const s = await rig.stripe.checkout.sessions.create(sessionParams());
    const res = await submitCard(s.url!, "1234 5678 9012 3456");
    expect(res.status).toBe(400);
    expect(res.html).toContain("Your card number is invalid.");
    expect((await rig.stripe.checkout.sessions.retrieve(s.id)).status).toBe("open");
  });

  it("a completed session's page says it is paid, and paying again is refused", async () => {
    const { session } = await paidSession(rig.stripe);
    const page = await (await fetch(`${rig.local.url}/checkout/${session.id}`)).text();
    expect(page).toContain("This checkout session is already paid.");
    const again = await submitCard(`${rig.local.url}/checkout/${session.id}`, "4242424242424242");
    expect(again.status).toBe(409);
  });

  it("an expired session's page says so and cannot be paid", async () => {
    const s = await rig.stripe.checkout.sessions.create(sessionParams());
    await rig.stripe.checkout.sessions.expire(s.id);
    const page = await (await fetch(`${rig.local.url}/checkout/${s.id}`)).text();
    expect(page).toContain("This checkout session has expired.");
    expect((await submitCard(`${rig.local.url}/checkout/${s.id}`, "4242424242424242")).status).toBe(409);
  });

  it("an unknown session's page is a 404", async () => {
    expect((await fetch(`${rig.local.url}/checkout/cs_test_nope`)).status).toBe(404);
  });
});

describe("expiry on time", () => {
  it("sessions past expires_at are expired by the sweep, with checkout.session.expired", () => {
    const store = new Store();
    const core: Core = {
      store,
      events: new Events(store, new WebhookSender({ secret: "whsec_x", retryDelaysMs: [], timeoutMs: 1000 })),
      publicUrl: "http://x",
    };
    const past = Math.floor(Date.now() / 1000) - 1;
    const s = Checkout.createSession(
      core,
      {
        lineItems: [{ name: "x", unitAmount: 100, quantity: 1, currency: "cad" }],
        currency: "cad",
        metadata: {},
        successUrl: "http://x/ok",
        expiresAt: past,
      },
      { metadata: {} },
    );
    Checkout.sweep(core);
    expect(s.status).toBe("expired");
    expect(store.events.map((e) => [e.type, e.request])).toEqual([
      ["checkout.session.expired", { id: null, idempotency_key: null }],
    ]);
  });
});
