// The server's whole memory: every object by id, in creation order, plus what Checkout needs that Stripe keeps private (line items, payment intent data).
import type Stripe from "stripe";

export type LineItem = { name: string; description?: string; unitAmount: number; quantity: number; currency: string };
export type PaymentIntentData = {
  metadata: Record<string, string>;
  transfer_group?: string;
  description?: string;
  receipt_email?: string;
  statement_descriptor_suffix?: string;
};
export type AccountLinkRecord = {
  token: string;
  account: string;
  type: string;
  refreshUrl?: string;
  returnUrl?: string;
  expiresAt: number;
  used: boolean;
};

export type ApiObject =
  | Stripe.Checkout.Session
  | Stripe.PaymentIntent
  | Stripe.Charge
  | Stripe.BalanceTransaction
  | Stripe.Refund
  | Stripe.Account
  | Stripe.Transfer
  | Stripe.TransferReversal
  | Stripe.Event;

export class Store {
  readonly sessions = new Map<string, Stripe.Checkout.Session>();
  readonly sessionLines = new Map<string, LineItem[]>();
  readonly sessionPaymentData = new Map<string, PaymentIntentData>();
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly balanceTransactions = new Map<string, Stripe.BalanceTransaction>();
  readonly refunds = new Map<string, Stripe.Refund>();
  readonly accounts = new Map<string, Stripe.Account>();
  readonly accountLinks = new Map<string, AccountLinkRecord>();
  readonly transfers = new Map<string, Stripe.Transfer>();
  readonly reversals = new Map<string, Stripe.TransferReversal>();
  readonly events: Stripe.Event[] = [];
  readonly eventsById = new Map<string, Stripe.Event>();

  /** Any stored object by id, for expansion. */
  lookup(id: string): ApiObject | undefined {
    const prefix = id.slice(0, id.indexOf("_") + 1);
    switch (prefix) {
      case "cs_":
        return this.sessions.get(id);
      case "pi_":
        return this.paymentIntents.get(id);
      case "ch_":
        return this.charges.get(id);
      case "txn_":
        return this.balanceTransactions.get(id);
      case "re_":
        return this.refunds.get(id);
      case "acct_":
        return this.accounts.get(id);
      case "tr_":
        return this.transfers.get(id);
      case "trr_":
        return this.reversals.get(id);
      case "evt_":
        return this.eventsById.get(id);
      default:
        return undefined;
    }
  }

  /** A charge's refunds, newest first, as the list Stripe embeds in `charge.refunds`. */
  refundsOf(chargeId: string): Stripe.ApiList<Stripe.Refund> {
    const data = [...this.refunds.values()].filter((r) => r.charge === chargeId).reverse();
    return { object: "list", data: structuredClone(data), has_more: false, url: `/v1/charges/${chargeId}/refunds` };
  }
}
