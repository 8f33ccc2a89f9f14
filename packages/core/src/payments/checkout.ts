/**
 * Stripe Checkout for a held seat or a reserved purchase. The amount is the enrolment's price,
 * fixed by the server when the seat was taken; the client never sends one. Pressing "pay" again
 * within one hold reopens the same session.
 */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { type Actor, requirePerson } from "../actor";
import { config } from "../config";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import * as Enrolment from "../enrolment";
import { Conflict, NotFound } from "../errors";
import * as Offerings from "../offerings";
import { stripe } from "../stripe";
import type { Locale } from "../text";

export async function checkout(
  actor: Actor,
  enrolmentId: string,
  locale: Locale = "en",
): Promise<{ sessionId: string; url: string }> {
  const who = requirePerson(actor);
  const e = await Enrolment.get(enrolmentId);
  if (!e || e.personId !== who.id) throw new NotFound("Enrolment");
  if (e.status !== "pending_payment" || !e.price || !e.holdExpiresAt) {
    throw e.status === "active"
      ? new Conflict("This enrolment is already paid.", "already_paid")
      : new Conflict(`An enrolment that is ${e.status} cannot be paid.`, "not_payable");
  }
  if (Date.parse(e.holdExpiresAt) <= Date.now())
    throw new Conflict("The seat hold has expired; enrol again.", "hold_expired");
  const existing = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.checkout(e.id), ConsistentRead: true }),
  );
  if (existing.Item && existing.Item.holdExpiresAt === e.holdExpiresAt) {
    const session = await stripe()
      .checkout.sessions.retrieve(existing.Item.sessionId as string)
      .catch((err: { code?: string }) => {
        // A session Stripe no longer knows (e.g. a restarted local server): open a new one.
        if (err.code === "resource_missing") return null;
        throw err;
      });
    if (session?.status === "open" && session.url) return { sessionId: session.id, url: session.url };
  }
  const offering = await Offerings.get(e.kind, e.offeringId);
  if (!offering) throw new NotFound("Offering");
  const kind = Offerings.describe(e.kind);
  const web = `${config().appUrl}/${locale}`;
  // Stripe's minimum is 30 minutes; rounding up to a 10-minute boundary keeps the parameters, and
  // so the idempotency key's meaning, identical for every press within one window.
  const window = 10 * 60;
  const expiresAt = Math.ceil((Math.floor(Date.now() / 1000) + 31 * 60) / window) * window;
  const session = await stripe().checkout.sessions.create(
    {
      mode: "payment",
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: e.price.currency.toLowerCase(),
            unit_amount: e.price.amount,
            product_data: { name: Offerings.itemTitle(offering, locale) },
          },
        },
      ],
      customer_email: e.email,
      client_reference_id: e.id,
      metadata: { enrolmentId: e.id, locale, holdExpiresAt: e.holdExpiresAt },
      payment_intent_data: { metadata: { enrolmentId: e.id, locale }, transfer_group: `${e.kind}:${e.offeringId}` },
      success_url: `${web}/${kind.afterPayment(e)}`,
      cancel_url: `${web}/${kind.links(e).page}`,
      // A completion after the hold lapsed is handled on arrival (see webhooks.ts).
      expires_at: expiresAt,
      locale,
    },
    // The same hold always opens the same session, however often the button is pressed.
    { idempotencyKey: `checkout:${e.id}:${e.holdExpiresAt}:${expiresAt}` },
  );
  await ddb().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.checkout(e.id),
        type: "CheckoutSession",
        sessionId: session.id,
        url: session.url,
        holdExpiresAt: e.holdExpiresAt,
        createdAt: new Date().toISOString(),
      },
    }),
  );
  return { sessionId: session.id, url: session.url! };
}
