// Cross-cutting API behaviour: API keys, Stripe's idempotency (including the SDK's own retry keys), unknown URLs, and Stripe's error body.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_VERSION, rejection, SECRET_KEY, sessionParams, startRig } from "./testing";

let rig: Awaited<ReturnType<typeof startRig>>;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig.local.close());

const form = (body: Record<string, string>) => new URLSearchParams(body).toString();
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${rig.local.url}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${SECRET_KEY}`, "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body,
  });

describe("API keys", () => {
  it("a key that is not sk_test_… is a StripeAuthenticationError with Stripe's body", async () => {
    const other = new Stripe("sk_live_abcdefghijklmnop1234", {
      apiVersion: API_VERSION,
      host: "127.0.0.1",
      port: rig.local.port,
      protocol: "http",
    });
    const err = await rejection(other.checkout.sessions.retrieve("cs_test_x"));
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(err.statusCode).toBe(401);
    expect(err.message).toMatch(/^Invalid API Key provided: sk_live_\*+1234$/);

    const raw = await fetch(`${rig.local.url}/v1/events`, {
      headers: { Authorization: "Bearer pk_test_123456789012" },
    });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({
      error: { type: "invalid_request_error", message: expect.stringContaining("Invalid API Key provided: ") },
    });
  });

  it("no key at all is a 401 telling you to send one", async () => {
    const res = await fetch(`${rig.local.url}/v1/events`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      "You did not provide an API key",
    );
  });

  it("any sk_test_ key works, as Bearer or Basic", async () => {
    const basic = await fetch(`${rig.local.url}/v1/events`, {
      headers: { Authorization: `Basic ${Buffer.from("sk_test_anything:").toString("base64")}` },
    });
    expect(basic.status).toBe(200);
    expect(await basic.json()).toMatchObject({
      object: "list",
      data: expect.any(Array),
      has_more: false,
      url: "/v1/events",
    });
  });
});

describe("idempotency", () => {
  it("the same key and parameters replay the first response, marked Idempotent-Replayed", async () => {
    const params = sessionParams();
    const first = await rig.stripe.checkout.sessions.create(params, { idempotencyKey: "checkout:enrol_01:hold1" });
    const again = await rig.stripe.checkout.sessions.create(params, { idempotencyKey: "checkout:enrol_01:hold1" });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(first.lastResponse.idempotencyKey).toBe("checkout:enrol_01:hold1");
  });

  it("the same key with different parameters is a StripeIdempotencyError", async () => {
    await rig.stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: "k-mismatch" });
    const err = await rejection(
      rig.stripe.checkout.sessions.create(sessionParams({ client_reference_id: "other" }), {
        idempotencyKey: "k-mismatch",
      }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err).toMatchObject({ statusCode: 400, rawType: "idempotency_error" });
    expect(err.message).toContain(
      "Keys for idempotent requests can only be used with the same parameters they were first used with",
    );
  });

  it("the same key on another endpoint is an idempotency_error too", async () => {
    await rig.stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: "k-endpoint" });
    const err = await rejection(
      rig.stripe.refunds.create({ payment_intent: "pi_x" }, { idempotencyKey: "k-endpoint" }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("the SDK keys every POST itself (stripe-node-retry-…), and its retry with that key gets the first object back", async () => {
    const params = sessionParams();
    const first = await rig.stripe.checkout.sessions.create(params);
    const key = first.lastResponse.idempotencyKey;
    expect(key).toMatch(/^stripe-node-retry-/);
    // What the SDK sends when it retries after a dropped connection: the same body under the same key.
    const retry = await rig.stripe.checkout.sessions.create(params, { idempotencyKey: key });
    expect(retry.id).toBe(first.id);
    // Two calls without a key are two different requests.
    const other = await rig.stripe.checkout.sessions.create(params);
    expect(other.id).not.toBe(first.id);
  });

  it("an error raised while the endpoint ran is replayed; a validation error is not saved", async () => {
    const missing = await rejection(
      rig.stripe.refunds.create({ payment_intent: "pi_nope" }, { idempotencyKey: "k-err" }),
    );
    const replay = await rejection(
      rig.stripe.refunds.create({ payment_intent: "pi_nope" }, { idempotencyKey: "k-err" }),
    );
    expect(replay.message).toBe(missing.message);
    expect(replay.headers["idempotent-replayed"]).toBe("true");

    const invalid = await rejection(
      rig.stripe.checkout.sessions.create(sessionParams({ locale: "xx" as "en" }), { idempotencyKey: "k-valid" }),
    );
    expect(invalid).toMatchObject({ param: "locale" });
    const fixed = await rig.stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: "k-valid" });
    expect(fixed.object).toBe("checkout.session");
  });

  it("parameter order does not matter", async () => {
    const a = await post("/v1/transfers/tr_nope/reversals", "amount=1&metadata[a]=1", { "Idempotency-Key": "k-order" });
    const b = await post("/v1/transfers/tr_nope/reversals", "metadata[a]=1&amount=1", { "Idempotency-Key": "k-order" });
    expect(a.status).toBe(404);
    expect(b.status).toBe(404);
    expect(b.headers.get("idempotent-replayed")).toBe("true");
  });
});

describe("URLs and bodies", () => {
  it("an unknown path is Stripe's 404 'Unrecognized request URL'", async () => {
    const res = await fetch(`${rig.local.url}/v1/customers`, { headers: { Authorization: `Bearer ${SECRET_KEY}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        type: "invalid_request_error",
        message:
          "Unrecognized request URL (GET: /v1/customers). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.",
      },
    });
    const wrongMethod = await post("/v1/events", "");
    expect(wrongMethod.status).toBe(404);
  });

  it("parses Stripe's bracketed form encoding and answers with request ids and the API version", async () => {
    const body = [
      "mode=payment",
      "line_items[0][quantity]=1",
      "line_items[0][price_data][currency]=cad",
      "line_items[0][price_data][unit_amount]=5000",
      "line_items[0][price_data][product_data][name]=Taller",
      "metadata[enrolmentId]=E9",
      "payment_intent_data[metadata][enrolmentId]=E9",
      "success_url=http://localhost/ok",
      "expand[]=payment_intent",
    ].join("&");
    const res = await post("/v1/checkout/sessions", body, { "Stripe-Version": API_VERSION });
    expect(res.status).toBe(200);
    expect(res.headers.get("request-id")).toMatch(/^req_/);
    expect(res.headers.get("stripe-version")).toBe(API_VERSION);
    const s = (await res.json()) as Stripe.Checkout.Session;
    expect(s).toMatchObject({
      object: "checkout.session",
      amount_total: 5000,
      metadata: { enrolmentId: "E9" },
      payment_intent: null,
    });
  });

  it("an empty value for a required parameter is parameter_invalid_empty", async () => {
    const res = await post("/v1/transfers", form({ amount: "100", currency: "", destination: "acct_x" }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { type: "invalid_request_error", code: "parameter_invalid_empty", param: "currency" },
    });
  });

  it("a parameter Stripe has but this server does not implement is refused clearly", async () => {
    const err = await rejection(rig.stripe.checkout.sessions.create(sessionParams({ mode: "subscription" })));
    expect(err).toMatchObject({ statusCode: 400, param: "mode" });
    expect(err.message).toContain("stripe-local does not support");
  });
});
