// Builders for the Stripe objects this server returns, typed with the SDK's own types so that a field the SDK expects and we forget fails the build.
import type Stripe from "stripe";
import { newId, nowSeconds } from "./ids";
import { stripeFee } from "./money";
import type { LineItem, PaymentIntentData } from "./state";

export type SessionInput = {
  lineItems: LineItem[];
  currency: string;
  customerEmail?: string;
  clientReferenceId?: string;
  metadata: Record<string, string>;
  successUrl?: string;
  cancelUrl?: string;
  expiresAt: number;
  locale?: Stripe.Checkout.Session.Locale;
};

export function checkoutSession(input: SessionInput, publicUrl: string): Stripe.Checkout.Session {
  const id = newId.checkoutSession();
  const total = input.lineItems.reduce((sum, li) => sum + li.unitAmount * li.quantity, 0);
  return {
    id,
    object: "checkout.session",
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: input.cancelUrl ?? null,
    client_reference_id: input.clientReferenceId ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: nowSeconds(),
    currency: input.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: null,
    customer_account: null,
    customer_creation: "if_required",
    customer_details: null,
    customer_email: input.customerEmail ?? null,
    discounts: [],
    expires_at: input.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: input.locale ?? null,
    managed_payments: null,
    metadata: input.metadata,
    mode: "payment",
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: "if_required",
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    payment_status: "unpaid",
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: input.successUrl ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted_page",
    url: `${publicUrl}/checkout/${id}`,
    wallet_options: null,
  };
}

export function paymentIntent(
  session: Stripe.Checkout.Session,
  data: PaymentIntentData,
  chargeId: string,
  paymentMethodId: string,
): Stripe.PaymentIntent {
  const id = newId.paymentIntent();
  const amount = session.amount_total ?? 0;
  return {
    id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: amount,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic_async",
    client_secret: `${id}_secret_${newId.secret()}`,
    confirmation_method: "automatic",
    created: nowSeconds(),
    currency: session.currency ?? "usd",
    customer: null,
    customer_account: null,
    description: data.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: chargeId,
    livemode: false,
    managed_payments: null,
    metadata: data.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: paymentMethodId,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" },
    },
    payment_method_types: ["card"],
    payment_record: null,
    processing: null,
    receipt_email: data.receipt_email ?? null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: data.statement_descriptor_suffix ?? null,
    status: "succeeded",
    transfer_data: null,
    transfer_group: data.transfer_group ?? null,
  };
}

export function charge(
  id: string,
  pi: Stripe.PaymentIntent,
  balanceTransactionId: string,
  card: { last4: string; email: string | null },
): Stripe.Charge {
  const created = nowSeconds();
  const expiry = new Date();
  return {
    id,
    object: "charge",
    amount: pi.amount,
    amount_captured: pi.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: balanceTransactionId,
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: card.email,
      name: null,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: "RUTAS",
    captured: true,
    created,
    currency: pi.currency,
    customer: null,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: "approved_by_network",
      reason: null,
      risk_level: "normal",
      risk_score: 32,
      seller_message: "Payment complete.",
      type: "authorized",
    },
    paid: true,
    payment_intent: pi.id,
    payment_method: typeof pi.payment_method === "string" ? pi.payment_method : null,
    payment_method_details: {
      type: "card",
      card: {
        amount_authorized: pi.amount,
        authorization_code: null,
        brand: "visa",
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
        country: "US",
        electronic_commerce_indicator: null,
        exp_month: 12,
        exp_year: expiry.getUTCFullYear() + 3,
        extended_authorization: { status: "disabled" },
        fingerprint: "rutasLocalVisa42",
        funding: "credit",
        incremental_authorization: { status: "unavailable" },
        installments: null,
        last4: card.last4,
        mandate: null,
        multicapture: { status: "unavailable" },
        network: "visa",
        network_token: { used: false },
        network_transaction_id: "000000000000000",
        overcapture: { maximum_amount_capturable: pi.amount, status: "unavailable" },
        regulated_status: "unregulated",
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
    },
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: pi.statement_descriptor_suffix,
    status: "succeeded",
    transfer_data: null,
    transfer_group: pi.transfer_group,
  };
}

type TxnType = "charge" | "refund" | "transfer" | "transfer_refund";

export function balanceTransaction(
  id: string,
  type: TxnType,
  amount: number,
  currency: string,
  source: string,
  description: string | null,
): Stripe.BalanceTransaction {
  const created = nowSeconds();
  const fee = type === "charge" ? stripeFee(amount) : 0;
  return {
    id,
    object: "balance_transaction",
    amount,
    available_on: created + 2 * 86400,
    balance_type: "payments",
    created,
    currency,
    description,
    exchange_rate: null,
    fee,
    fee_details: fee
      ? [{ amount: fee, application: null, currency, description: "Stripe processing fees", type: "stripe_fee" }]
      : [],
    net: amount - fee,
    reporting_category: type,
    source,
    status: "pending",
    type,
  };
}

export function refund(
  charge: Stripe.Charge,
  amount: number,
  balanceTransactionId: string,
  reason: Stripe.Refund.Reason | undefined,
  metadata: Record<string, string>,
): Stripe.Refund {
  return {
    id: newId.refund(),
    object: "refund",
    amount,
    balance_transaction: balanceTransactionId,
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    customer: null,
    customer_account: null,
    destination_details: {
      type: "card",
      card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" },
    },
    metadata,
    payment_intent:
      typeof charge.payment_intent === "string" ? charge.payment_intent : (charge.payment_intent?.id ?? null),
    payment_method: charge.payment_method,
    reason: reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
}

export type AccountInput = {
  type: Stripe.Account.Type;
  country: string;
  email?: string;
  businessType?: Stripe.Account.BusinessType;
  capabilities: string[];
  metadata: Record<string, string>;
  defaultCurrency?: string;
};

const DEFAULT_CURRENCY: Record<string, string> = {
  CA: "cad",
  US: "usd",
  PE: "pen",
  BO: "bob",
  EC: "usd",
  CO: "cop",
  CL: "clp",
  MX: "mxn",
  BR: "brl",
  GB: "gbp",
  FR: "eur",
  ES: "eur",
};

export function account(input: AccountInput): Stripe.Account {
  const id = newId.account();
  const capabilities: Record<string, "inactive"> = {};
  for (const c of input.capabilities) capabilities[c] = "inactive";
  return {
    id,
    object: "account",
    business_profile: null,
    business_type: input.businessType ?? null,
    capabilities: capabilities as Stripe.Account.Capabilities,
    charges_enabled: false,
    controller: {
      fees: { payer: input.type === "standard" ? "account" : "application" },
      is_controller: true,
      losses: { payments: input.type === "standard" ? "stripe" : "application" },
      requirement_collection: input.type === "custom" ? "application" : "stripe",
      stripe_dashboard: { type: input.type === "express" ? "express" : input.type === "custom" ? "none" : "full" },
      type: "application",
    },
    country: input.country,
    created: nowSeconds(),
    default_currency: input.defaultCurrency ?? DEFAULT_CURRENCY[input.country] ?? "usd",
    details_submitted: false,
    email: input.email ?? null,
    external_accounts: { object: "list", data: [], has_more: false, url: `/v1/accounts/${id}/external_accounts` },
    metadata: input.metadata,
    payouts_enabled: false,
    settings: null,
    tos_acceptance: { date: null, ip: null, user_agent: null },
    type: input.type,
  };
}

export function transfer(
  input: {
    amount: number;
    currency: string;
    destination: string;
    transferGroup?: string;
    description?: string;
    metadata: Record<string, string>;
  },
  balanceTransactionId: string,
  id = newId.transfer(),
): Stripe.Transfer {
  return {
    id,
    object: "transfer",
    amount: input.amount,
    amount_reversed: 0,
    balance_transaction: balanceTransactionId,
    created: nowSeconds(),
    currency: input.currency,
    description: input.description ?? null,
    destination: input.destination,
    destination_payment: newId.destinationPayment(),
    livemode: false,
    metadata: input.metadata,
    reversals: { object: "list", data: [], has_more: false, url: `/v1/transfers/${id}/reversals` },
    reversed: false,
    source_transaction: null,
    source_type: "card",
    transfer_group: input.transferGroup ?? null,
  };
}

export function transferReversal(
  transfer: Stripe.Transfer,
  amount: number,
  balanceTransactionId: string,
  metadata: Record<string, string>,
  id = newId.transferReversal(),
): Stripe.TransferReversal {
  return {
    id,
    object: "transfer_reversal",
    amount,
    balance_transaction: balanceTransactionId,
    created: nowSeconds(),
    currency: transfer.currency,
    destination_payment_refund: newId.destinationPaymentRefund(),
    metadata,
    source_refund: null,
    transfer: transfer.id,
  };
}
