// Payment intents, charges with Stripe's fee in the balance transaction, and refunds (partial, full, too large) through the real SDK.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paidSession, rejection, startRig } from "./testing";

let rig: Awaited<ReturnType<typeof startRig>>;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig.local.close());

describe("payment intents", () => {
  it("a paid session's intent expands to its charge and balance transaction, with Stripe's 2.9% + 30 fee", async () => {
    const { paymentIntentId } = await paidSession(rig.stripe);
    const pi: Stripe.PaymentIntent = await rig.stripe.paymentIntents.retrieve(paymentIntentId, {
      expand: ["latest_charge.balance_transaction"],
    });
    expect(pi).toMatchObject({
      object: "payment_intent",
      status: "succeeded",
      amount: 12_000,
      amount_received: 12_000,
      currency: "cad",
      livemode: false,
    });
    expect(pi.metadata).toEqual({ enrolmentId: "enrol_01" });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.id).toMatch(/^ch_/);
    expect(charge).toMatchObject({
      object: "charge",
      amount: 12_000,
      amount_refunded: 0,
      refunded: false,
      paid: true,
      captured: true,
      payment_intent: pi.id,
    });
    const txn = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(txn.id).toMatch(/^txn_/);
    // 12 000 × 2.9% = 348, + 30 = 378.
    expect(txn).toMatchObject({
      object: "balance_transaction",
      amount: 12_000,
      fee: 378,
      net: 11_622,
      currency: "cad",
      type: "charge",
      source: charge.id,
    });
  });

  it("without expand, related objects are ids", async () => {
    const { paymentIntentId } = await paidSession(rig.stripe);
    const pi = await rig.stripe.paymentIntents.retrieve(paymentIntentId);
    expect(pi.latest_charge).toMatch(/^ch_/);
    const charge: Stripe.Charge = await rig.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.balance_transaction).toMatch(/^txn_/);
  });

  it("the fee rounds to the nearest minor unit", async () => {
    const { paymentIntentId } = await paidSession(rig.stripe, {
      line_items: [
        { quantity: 1, price_data: { currency: "pen", unit_amount: 4_550, product_data: { name: "Ruta" } } },
      ],
    });
    const pi = await rig.stripe.paymentIntents.retrieve(paymentIntentId, {
      expand: ["latest_charge.balance_transaction"],
    });
    const txn = (pi.latest_charge as Stripe.Charge).balance_transaction as Stripe.BalanceTransaction;
    // 4 550 × 2.9% = 131.95 → 132, + 30 = 162.
    expect(txn).toMatchObject({ fee: 162, net: 4_388 });
  });

  it("an unknown intent is a 404 naming `intent`; a field that is not expandable is refused", async () => {
    const missing = await rejection(rig.stripe.paymentIntents.retrieve("pi_missing"));
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      param: "intent",
      message: "No such payment_intent: 'pi_missing'",
    });
    const { paymentIntentId } = await paidSession(rig.stripe);
    const bad = await rejection(rig.stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["customer"] }));
    expect(bad).toMatchObject({ statusCode: 400, param: "expand" });
  });
});

describe("refunds", () => {
  it("partial, then the rest, then nothing left: amounts, charge state and events", async () => {
    const { paymentIntentId } = await paidSession(rig.stripe);
    const partial: Stripe.Refund = await rig.stripe.refunds.create({
      payment_intent: paymentIntentId,
      amount: 2_000,
      reason: "requested_by_customer",
      metadata: { enrolmentId: "enrol_01" },
    });
    expect(partial.id).toMatch(/^re_/);
    expect(partial).toMatchObject({
      object: "refund",
      amount: 2_000,
      currency: "cad",
      status: "succeeded",
      payment_intent: paymentIntentId,
      reason: "requested_by_customer",
      metadata: { enrolmentId: "enrol_01" },
    });
    expect(partial.balance_transaction).toMatch(/^txn_/);
    const chargeId = partial.charge as string;
    let charge = await rig.stripe.charges.retrieve(chargeId);
    expect(charge).toMatchObject({ amount_refunded: 2_000, refunded: false });

    const tooLarge = await rejection(rig.stripe.refunds.create({ payment_intent: paymentIntentId, amount: 10_001 }));
    expect(tooLarge).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooLarge).toMatchObject({ statusCode: 400, code: "amount_too_large", param: "amount" });
    expect(tooLarge.message).toBe("Refund amount (CA$100.01) is greater than unrefunded amount on charge (CA$100.00)");

    const rest = await rig.stripe.refunds.create({ charge: chargeId });
    expect(rest.amount).toBe(10_000);
    charge = await rig.stripe.charges.retrieve(chargeId);
    expect(charge).toMatchObject({ amount_refunded: 12_000, refunded: true });

    const none = await rejection(rig.stripe.refunds.create({ payment_intent: paymentIntentId, amount: 1 }));
    expect(none).toMatchObject({ statusCode: 400, code: "charge_already_refunded" });

    const events = rig.local.events().filter((e) => ["charge.refunded", "refund.created"].includes(e.type));
    const mine = events.filter((e) => JSON.stringify(e.data.object).includes(chargeId));
    expect(mine.map((e) => e.type)).toEqual(["charge.refunded", "refund.created", "charge.refunded", "refund.created"]);
    const last = mine[2];
    if (last.type !== "charge.refunded") throw new Error("narrowing");
    const c: Stripe.Charge = last.data.object;
    expect(c).toMatchObject({ id: chargeId, amount_refunded: 12_000, refunded: true, payment_intent: paymentIntentId });
    expect(c.refunds?.object).toBe("list");
    expect(c.refunds?.data.map((r) => r.id)).toEqual([rest.id, partial.id]);
    expect(last.data.previous_attributes).toEqual({ amount_refunded: 2_000, refunded: false });
  });

  it("lists a charge's refunds, newest first", async () => {
    const { paymentIntentId } = await paidSession(rig.stripe);
    const a = await rig.stripe.refunds.create({ payment_intent: paymentIntentId, amount: 100 });
    const b = await rig.stripe.refunds.create({ payment_intent: paymentIntentId, amount: 200 });
    const list = await rig.stripe.refunds.list({ charge: a.charge as string, limit: 100 });
    expect(list).toMatchObject({ object: "list", has_more: false, url: "/v1/refunds" });
    expect(list.data.map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await rig.stripe.refunds.retrieve(a.id)).amount).toBe(100);
  });

  it("names the missing thing: an unknown intent or charge, or neither given", async () => {
    const noIntent = await rejection(rig.stripe.refunds.create({ payment_intent: "pi_missing" }));
    expect(noIntent).toMatchObject({
      statusCode: 400,
      code: "resource_missing",
      param: "payment_intent",
      message: "No such payment_intent: 'pi_missing'",
    });
    const noCharge = await rejection(rig.stripe.refunds.create({ charge: "ch_missing" }));
    expect(noCharge).toMatchObject({ statusCode: 400, code: "resource_missing", param: "charge" });
    const neither = await rejection(rig.stripe.refunds.create({ amount: 100 }));
    expect(neither).toMatchObject({ statusCode: 400, param: "charge" });
    const zero = await rejection(rig.stripe.refunds.create({ payment_intent: "pi_x", amount: 0 }));
    expect(zero).toMatchObject({ statusCode: 400, param: "amount" });
    const reason = await rejection(
      rig.stripe.refunds.create({ payment_intent: "pi_x", reason: "whim" as Stripe.RefundCreateParams.Reason }),
    );
    expect(reason).toMatchObject({ statusCode: 400, param: "reason" });
  });
});
