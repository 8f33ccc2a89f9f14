// Refunds against a succeeded charge: never more than what is left unrefunded; each one updates the charge and emits charge.refunded then refund.created.
import type Stripe from "stripe";
import type { Core } from "./core";
import { errors } from "./errors";
import type { RequestInfo } from "./events";
import { newId } from "./ids";
import { formatMoney } from "./money";
import * as build from "./objects";

export type RefundInput = {
  charge?: string;
  payment_intent?: string;
  amount?: number;
  reason?: Stripe.Refund.Reason;
  metadata?: Record<string, string>;
};

export function createRefund(core: Core, input: RefundInput, request: RequestInfo): Stripe.Refund {
  const { store } = core;
  const charge = chargeFor(core, input);
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0)
    throw errors.refused(`Charge ${charge.id} has already been refunded.`, { code: "charge_already_refunded" });
  const amount = input.amount ?? remaining;
  if (amount > remaining) {
    throw errors.refused(
      `Refund amount (${formatMoney(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatMoney(remaining, charge.currency)})`,
      { code: "amount_too_large", param: "amount" },
    );
  }
  const txnId = newId.balanceTransaction();
  const refund = build.refund(charge, amount, txnId, input.reason, input.metadata ?? {});
  store.balanceTransactions.set(
    txnId,
    build.balanceTransaction(txnId, "refund", -amount, charge.currency, refund.id, "REFUND FOR CHARGE"),
  );
  store.refunds.set(refund.id, refund);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;

  core.events.emit("charge.refunded", { ...charge, refunds: store.refundsOf(charge.id) }, request, {
    previous_attributes: { amount_refunded: charge.amount_refunded - amount, refunded: false },
  });
  core.events.emit("refund.created", refund, request);
  return refund;
}

function chargeFor(core: Core, input: RefundInput): Stripe.Charge {
  const { store } = core;
  if (!input.charge && !input.payment_intent) {
    throw errors.invalidValue("charge", "One of `charge` or `payment_intent` is required.", "parameter_missing");
  }
  let fromIntent: Stripe.Charge | undefined;
  if (input.payment_intent) {
    const pi = store.paymentIntents.get(input.payment_intent);
    if (!pi) throw errors.noSuchParam("payment_intent", input.payment_intent, "payment_intent");
    const chargeId = typeof pi.latest_charge === "string" ? pi.latest_charge : pi.latest_charge?.id;
    fromIntent = chargeId ? store.charges.get(chargeId) : undefined;
    if (pi.status !== "succeeded" || !fromIntent) {
      throw errors.refused(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
        code: "charge_not_refundable",
        param: "payment_intent",
      });
    }
  }
  if (input.charge) {
    const charge = store.charges.get(input.charge);
    if (!charge) throw errors.noSuchParam("charge", input.charge, "charge");
    if (fromIntent && fromIntent.id !== charge.id) {
      throw errors.refused(`The charge ${charge.id} does not belong to the PaymentIntent ${input.payment_intent}.`, {
        param: "charge",
      });
    }
    return charge;
  }
  return fromIntent!;
}
