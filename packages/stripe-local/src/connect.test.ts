// Connect through the real SDK: an express account, its onboarding link and page, transfers to it and reversals that never exceed the transfer.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejection, startRig } from "./testing";

let rig: Awaited<ReturnType<typeof startRig>>;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig.local.close());

const newAccount = () =>
  rig.stripe.accounts.create({
    type: "express",
    country: "PE",
    email: "asociacion.q@example.org",
    capabilities: { transfers: { requested: true } },
    metadata: { hostId: "host_01" },
  });

describe("accounts and onboarding", () => {
  it("creates an express account", async () => {
    const a: Stripe.Account = await newAccount();
    expect(a.id).toMatch(/^acct_/);
    expect(a).toMatchObject({
      object: "account",
      type: "express",
      country: "PE",
      email: "asociacion.q@example.org",
      default_currency: "pen",
      capabilities: { transfers: "inactive" },
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      metadata: { hostId: "host_01" },
    });
    expect((await rig.stripe.accounts.retrieve(a.id)).id).toBe(a.id);
  });

  it("an account link opens an onboarding page whose form activates the account and returns to return_url", async () => {
    const a = await newAccount();
    const link: Stripe.AccountLink = await rig.stripe.accountLinks.create({
      account: a.id,
      type: "account_onboarding",
      refresh_url: "http://localhost:5173/en/hosts/h1/stripe?refresh=1",
      return_url: "http://localhost:5173/en/hosts/h1/stripe?done=1",
    });
    expect(link.object).toBe("account_link");
    expect(link.url.startsWith(`${rig.local.url}/connect/onboarding/`)).toBe(true);
    expect(link.expires_at).toBeGreaterThan(link.created);

    const page = await fetch(link.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(a.id);
    const done = await fetch(link.url, { method: "POST", redirect: "manual" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("http://localhost:5173/en/hosts/h1/stripe?done=1");
    expect(await rig.stripe.accounts.retrieve(a.id)).toMatchObject({
      details_submitted: true,
      charges_enabled: true,
      payouts_enabled: true,
      capabilities: { transfers: "active" },
    });
    const updated = rig.local.events().find((e) => e.type === "account.updated" && e.account === a.id);
    expect(updated?.data.previous_attributes).toMatchObject({ details_submitted: false });

    // A used link sends the person to refresh_url, as Stripe does.
    const stale = await fetch(link.url, { redirect: "manual" });
    expect(stale.status).toBe(303);
    expect(stale.headers.get("location")).toBe("http://localhost:5173/en/hosts/h1/stripe?refresh=1");
  });

  it("an account link for an unknown account names `account`", async () => {
    const err = await rejection(
      rig.stripe.accountLinks.create({ account: "acct_missing", type: "account_onboarding" }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 400, code: "resource_missing", param: "account" });
    const noType = await rejection(
      rig.stripe.accountLinks.create({ account: "acct_missing" } as Stripe.AccountLinkCreateParams),
    );
    expect(noType).toMatchObject({ code: "parameter_missing", param: "type" });
  });
});

describe("transfers and reversals", () => {
  it("transfers to a connected account, then reverses part and the rest, never more", async () => {
    const a = await newAccount();
    const t: Stripe.Transfer = await rig.stripe.transfers.create({
      amount: 5_000,
      currency: "CAD",
      destination: a.id,
      transfer_group: "route:R1",
      metadata: { payoutId: "pay_01" },
    });
    expect(t.id).toMatch(/^tr_/);
    expect(t).toMatchObject({
      object: "transfer",
      amount: 5_000,
      amount_reversed: 0,
      reversed: false,
      currency: "cad",
      destination: a.id,
      transfer_group: "route:R1",
      metadata: { payoutId: "pay_01" },
    });
    expect(t.balance_transaction).toMatch(/^txn_/);
    expect(t.reversals).toMatchObject({ object: "list", data: [], has_more: false });

    const part: Stripe.TransferReversal = await rig.stripe.transfers.createReversal(t.id, {
      amount: 1_500,
      metadata: { why: "refund" },
    });
    expect(part.id).toMatch(/^trr_/);
    expect(part).toMatchObject({
      object: "transfer_reversal",
      amount: 1_500,
      currency: "cad",
      transfer: t.id,
      metadata: { why: "refund" },
    });

    const tooMuch = await rejection(rig.stripe.transfers.createReversal(t.id, { amount: 3_501 }));
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch).toMatchObject({ statusCode: 400, code: "amount_too_large", param: "amount" });

    const rest = await rig.stripe.transfers.createReversal(t.id);
    expect(rest.amount).toBe(3_500);
    const after = await rig.stripe.transfers.retrieve(t.id);
    expect(after).toMatchObject({ amount_reversed: 5_000, reversed: true });
    expect(after.reversals.data.map((r) => r.id)).toEqual([rest.id, part.id]);
    await expect(rig.stripe.transfers.createReversal(t.id, { amount: 1 })).rejects.toMatchObject({ statusCode: 400 });

    const types = rig.local
      .events()
      .filter((e) => (e.data.object as { id?: string }).id === t.id)
      .map((e) => e.type);
    expect(types).toEqual(["transfer.created", "transfer.reversed", "transfer.reversed"]);
  });

  it("a transfer to an unknown account is refused naming `destination`", async () => {
    const err = await rejection(
      rig.stripe.transfers.create({ amount: 100, currency: "cad", destination: "acct_missing" }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({
      statusCode: 400,
      code: "resource_missing",
      param: "destination",
      message: "No such destination: 'acct_missing'",
    });
  });

  it("reversing an unknown transfer is a 404; amounts must be positive integers", async () => {
    const missing = await rejection(rig.stripe.transfers.createReversal("tr_missing"));
    expect(missing).toMatchObject({ statusCode: 404, code: "resource_missing" });
    const a = await newAccount();
    const zero = await rejection(rig.stripe.transfers.create({ amount: 0, currency: "cad", destination: a.id }));
    expect(zero).toMatchObject({ statusCode: 400, param: "amount" });
    const noCurrency = await rejection(
      rig.stripe.transfers.create({ amount: 10, destination: a.id } as Stripe.TransferCreateParams),
    );
    expect(noCurrency).toMatchObject({ code: "parameter_missing", param: "currency" });
  });
});
