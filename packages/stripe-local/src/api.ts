// The /v1 routes the platform calls, each a parameter schema plus a call into the domain; unknown paths, bad keys and reused idempotency keys answer as Stripe answers.
import type { IncomingMessage, ServerResponse } from "node:http";
import qs from "qs";
import type Stripe from "stripe";
import * as Checkout from "./checkout";
import * as Connect from "./connect";
import type { Core } from "./core";
import { errors, StripeApiError } from "./errors";
import { API_VERSION, type RequestInfo } from "./events";
import { expand } from "./expand";
import { decodeSegment, readBody, sendJson } from "./http";
import type { IdempotencyKeys } from "./idempotency";
import { newId, nowSeconds } from "./ids";
import { formatMoney } from "./money";
import { check, currency, email, type Fields, p, type Params, url } from "./params";
import * as Refunds from "./refunds";
import type { LineItem } from "./state";

type Ctx = { raw: unknown; id: string; request: RequestInfo };
type Route = { method: "GET" | "POST"; pattern: RegExp; run: (core: Core, ctx: Ctx) => unknown };

function route<F extends Fields>(
  method: Route["method"],
  path: string,
  fields: F,
  run: (core: Core, params: Params<F>, ctx: Ctx) => unknown,
): Route {
  const pattern = new RegExp(`^${path.replace(":id", "([^/]+)")}$`);
  return { method, pattern, run: (core, ctx) => run(core, check(ctx.raw, fields) as Params<F>, ctx) };
}

// ——— Shared parameter shapes ———

const LOCALES = [
  "auto",
  "bg",
  "cs",
  "da",
  "de",
  "el",
  "en",
  "en-GB",
  "es",
  "es-419",
  "et",
  "fi",
  "fil",
  "fr",
  "fr-CA",
  "hi-IN",
  "hr",
  "hu",
  "id",
  "it",
  "ja",
  "ko",
  "lt",
  "lv",
  "ms",
  "mt",
  "nb",
  "nl",
  "pl",
  "pt",
  "pt-BR",
  "ro",
  "ru",
  "sk",
  "sl",
  "sv",
  "th",
  "tr",
  "vi",
  "zh",
  "zh-HK",
  "zh-TW",
] as const;

const listParams = {
  limit: p.integer({ min: 1, max: 100 }),
  starting_after: p.string(),
  ending_before: p.string(),
  expand: p.expand(),
  created: p.unsupported("filtering lists by `created`"),
};

const retrieveParams = { expand: p.expand() };

function found<T>(value: T | undefined, what: string, id: string, param: string): T {
  if (value === undefined) throw errors.noSuch(what, id, param);
  return value;
}

/** Stripe's cursor pagination over a newest-first array. */
function page<T extends { id: string }>(
  core: Core,
  items: T[],
  params: { limit?: number; starting_after?: string; ending_before?: string; expand?: string[] },
  listUrl: string,
  what: string,
): Stripe.ApiList<T> {
  const limit = params.limit ?? 10;
  if (params.starting_after && params.ending_before) {
    throw errors.invalidValue(
      "starting_after",
      "You may only specify one of these parameters: ending_before, starting_after.",
      "parameters_exclusive",
    );
  }
  let start = 0;
  let end = Math.min(items.length, limit);
  if (params.starting_after) {
    const at = items.findIndex((i) => i.id === params.starting_after);
    if (at < 0) throw errors.noSuchParam(what, params.starting_after, "starting_after");
    start = at + 1;
    end = Math.min(items.length, start + limit);
  } else if (params.ending_before) {
    const at = items.findIndex((i) => i.id === params.ending_before);
    if (at < 0) throw errors.noSuchParam(what, params.ending_before, "ending_before");
    end = at;
    start = Math.max(0, at - limit);
  }
  const hasMore = params.ending_before ? start > 0 : end < items.length;
  const list: Stripe.ApiList<T> = { object: "list", data: items.slice(start, end), has_more: hasMore, url: listUrl };
  return expand(core.store, list, params.expand);
}

// ——— Checkout Sessions ———

const createSession = route(
  "POST",
  "/v1/checkout/sessions",
  {
    mode: p.enum(["payment", "setup", "subscription"]),
    line_items: p.array(
      p.hash({
        price: p.string(),
        price_data: p.hash({
          currency: currency(),
          unit_amount: p.integer({ min: 0, max: 99_999_999 }),
          unit_amount_decimal: p.unsupported("`unit_amount_decimal` (pass `unit_amount`)"),
          product: p.unsupported("`price_data[product]` (pass `product_data`)"),
          product_data: p.hash({
            name: p.string({ required: true, max: 5000 }),
            description: p.string(),
            images: p.array(p.string()),
            metadata: p.metadata(),
          }),
          tax_behavior: p.enum(["exclusive", "inclusive", "unspecified"]),
        }),
        quantity: p.integer({ min: 1, max: 999_999 }),
      }),
      { max: 100 },
    ),
    customer_email: email(),
    client_reference_id: p.string({ max: 200 }),
    metadata: p.metadata(),
    payment_intent_data: p.hash({
      metadata: p.metadata(),
      transfer_group: p.string(),
      description: p.string({ max: 1000 }),
      receipt_email: email(),
      statement_descriptor_suffix: p.string({ max: 22 }),
    }),
    success_url: url(),
    cancel_url: url(),
    expires_at: p.integer(),
    locale: p.enum(LOCALES),
    payment_method_types: p.array(p.enum(["card"])),
    ui_mode: p.enum(["hosted_page", "hosted"]),
    expand: p.expand(),
  },
  (core, params) => {
    if (params.mode && params.mode !== "payment")
      throw errors.unsupported("mode", `mode=${params.mode} (only mode=payment)`);
    if (!params.line_items?.length) throw errors.missing("line_items");
    const lineItems: LineItem[] = params.line_items.map((li, i) => {
      const at = `line_items[${i}]`;
      if (li.price) throw errors.noSuchParam("price", li.price, `${at}[price]`);
      if (!li.price_data) throw errors.missing(`${at}[price_data]`);
      if (li.quantity === undefined) throw errors.missing(`${at}[quantity]`);
      if (li.price_data.unit_amount === undefined) throw errors.missing(`${at}[price_data][unit_amount]`);
      if (!li.price_data.product_data) throw errors.missing(`${at}[price_data][product_data]`);
      return {
        name: li.price_data.product_data.name,
        description: li.price_data.product_data.description,
        unitAmount: li.price_data.unit_amount,
        quantity: li.quantity,
        currency: li.price_data.currency.toLowerCase(),
      };
    });
    const currencyCode = lineItems[0].currency;
    lineItems.forEach((li, i) => {
      if (li.currency !== currencyCode) {
        throw errors.invalidValue(
          `line_items[${i}][price_data][currency]`,
          `All line items must have the same currency; line_items[0] is in ${currencyCode}, line_items[${i}] in ${li.currency}.`,
        );
      }
    });
    const total = lineItems.reduce((sum, li) => sum + li.unitAmount * li.quantity, 0);
    if (total < 50) {
      throw errors.invalidValue(
        "line_items",
        `The Checkout Session's total amount due must add up to at least ${formatMoney(50, currencyCode)}`,
        "amount_too_small",
      );
    }
    const now = nowSeconds();
    if (params.expires_at !== undefined && params.expires_at < now + 30 * 60) {
      throw errors.invalidValue(
        "expires_at",
        "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.",
      );
    }
    if (params.expires_at !== undefined && params.expires_at > now + 24 * 3600) {
      throw errors.invalidValue(
        "expires_at",
        "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.",
      );
    }
    const pid = params.payment_intent_data ?? {};
    const session = Checkout.createSession(
      core,
      {
        lineItems,
        currency: currencyCode,
        customerEmail: params.customer_email,
        clientReferenceId: params.client_reference_id,
        metadata: params.metadata ?? {},
        successUrl: params.success_url,
        cancelUrl: params.cancel_url,
        expiresAt: params.expires_at ?? now + 24 * 3600,
        locale: params.locale,
      },
      {
        metadata: pid.metadata ?? {},
        transfer_group: pid.transfer_group,
        description: pid.description,
        receipt_email: pid.receipt_email,
        statement_descriptor_suffix: pid.statement_descriptor_suffix,
      },
    );
    return expand(core.store, session, params.expand);
  },
);

const retrieveSession = route("GET", "/v1/checkout/sessions/:id", retrieveParams, (core, params, ctx) =>
  expand(core.store, found(Checkout.getSession(core, ctx.id), "checkout.session", ctx.id, "session"), params.expand),
);

const expireSession = route("POST", "/v1/checkout/sessions/:id/expire", retrieveParams, (core, params, ctx) => {
  const session = found(Checkout.getSession(core, ctx.id), "checkout.session", ctx.id, "session");
  Checkout.expireByApi(core, session, ctx.request);
  return expand(core.store, session, params.expand);
});

// ——— Events ———

const retrieveEvent = route("GET", "/v1/events/:id", retrieveParams, (core, params, ctx) =>
  expand(core.store, found(core.store.eventsById.get(ctx.id), "event", ctx.id, "id"), params.expand),
);

const typeMatcher = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);

const listEvents = route(
  "GET",
  "/v1/events",
  {
    ...listParams,
    type: p.string(),
    types: p.array(p.string()),
    delivery_success: p.unsupported("filtering events by `delivery_success`"),
  },
  (core, params) => {
    const patterns = [...(params.type ? [params.type] : []), ...(params.types ?? [])].map(typeMatcher);
    const events = [...core.store.events]
      .reverse()
      .filter((e) => !patterns.length || patterns.some((re) => re.test(e.type)));
    return page(core, events, params, "/v1/events", "event");
  },
);

// ——— Payments: intents, charges, balance transactions, refunds ———

const retrievePaymentIntent = route(
  "GET",
  "/v1/payment_intents/:id",
  { ...retrieveParams, client_secret: p.string() },
  (core, params, ctx) =>
    expand(core.store, found(core.store.paymentIntents.get(ctx.id), "payment_intent", ctx.id, "intent"), params.expand),
);

const retrieveCharge = route("GET", "/v1/charges/:id", retrieveParams, (core, params, ctx) =>
  expand(core.store, found(core.store.charges.get(ctx.id), "charge", ctx.id, "charge"), params.expand),
);

const retrieveBalanceTransaction = route("GET", "/v1/balance_transactions/:id", retrieveParams, (core, params, ctx) =>
  expand(
    core.store,
    found(core.store.balanceTransactions.get(ctx.id), "balance_transaction", ctx.id, "id"),
    params.expand,
  ),
);

const createRefund = route(
  "POST",
  "/v1/refunds",
  {
    amount: p.integer({ min: 1 }),
    charge: p.string(),
    payment_intent: p.string(),
    reason: p.enum(["duplicate", "fraudulent", "requested_by_customer"]),
    metadata: p.metadata(),
    expand: p.expand(),
    reverse_transfer: p.unsupported("`reverse_transfer` (no destination charges here)"),
    refund_application_fee: p.unsupported("`refund_application_fee` (no application fees here)"),
    instructions_email: p.unsupported("`instructions_email`"),
  },
  (core, params, ctx) => expand(core.store, Refunds.createRefund(core, params, ctx.request), params.expand),
);

const listRefunds = route(
  "GET",
  "/v1/refunds",
  { ...listParams, charge: p.string(), payment_intent: p.string() },
  (core, params) => {
    const refunds = [...core.store.refunds.values()]
      .reverse()
      .filter(
        (r) =>
          (!params.charge || r.charge === params.charge) &&
          (!params.payment_intent || r.payment_intent === params.payment_intent),
      );
    return page(core, refunds, params, "/v1/refunds", "refund");
  },
);

const retrieveRefund = route("GET", "/v1/refunds/:id", retrieveParams, (core, params, ctx) =>
  expand(core.store, found(core.store.refunds.get(ctx.id), "refund", ctx.id, "refund"), params.expand),
);

// ——— Connect ———

const createAccount = route(
  "POST",
  "/v1/accounts",
  {
    type: p.enum(["custom", "express", "standard"]),
    country: p.string({
      check: (v, param) => {
        if (!/^[A-Za-z]{2}$/.test(v))
          throw errors.invalidValue(param, `Invalid country: ${v}. Pass a two-letter ISO 3166-1 code.`);
      },
    }),
    email: email(),
    business_type: p.enum(["company", "government_entity", "individual", "non_profit"]),
    business_profile: p.hash({
      name: p.string(),
      url: url(),
      mcc: p.string(),
      product_description: p.string(),
      support_email: email(),
    }),
    capabilities: p.record(p.hash({ requested: p.boolean() })),
    default_currency: p.string(),
    metadata: p.metadata(),
    tos_acceptance: p.hash({
      date: p.integer(),
      ip: p.string(),
      user_agent: p.string(),
      service_agreement: p.enum(["full", "recipient"]),
    }),
    controller: p.unsupported("`controller` (pass `type`)"),
    expand: p.expand(),
  },
  (core, params) => {
    const capabilities = Object.entries(params.capabilities ?? {})
      .filter(([, c]) => c.requested)
      .map(([name]) => name);
    const account = Connect.createAccount(core, {
      type: params.type ?? "standard",
      country: (params.country ?? "CA").toUpperCase(),
      email: params.email,
      businessType: params.business_type,
      capabilities,
      metadata: params.metadata ?? {},
      defaultCurrency: params.default_currency?.toLowerCase(),
    });
    if (params.business_profile) {
      const b = params.business_profile;
      account.business_profile = {
        mcc: b.mcc ?? null,
        minority_owned_business_designation: null,
        name: b.name ?? null,
        product_description: b.product_description ?? null,
        specified_commercial_transactions_act_url: null,
        support_address: null,
        support_email: b.support_email ?? null,
        support_phone: null,
        support_url: null,
        url: b.url ?? null,
      };
    }
    if (params.tos_acceptance)
      account.tos_acceptance = { date: null, ip: null, user_agent: null, ...params.tos_acceptance };
    return expand(core.store, account, params.expand);
  },
);

const retrieveAccount = route("GET", "/v1/accounts/:id", retrieveParams, (core, params, ctx) =>
  expand(core.store, found(core.store.accounts.get(ctx.id), "account", ctx.id, "account"), params.expand),
);

const createAccountLink = route(
  "POST",
  "/v1/account_links",
  {
    account: p.string({ required: true }),
    type: p.enum(["account_onboarding", "account_update"], { required: true }),
    refresh_url: url(),
    return_url: url(),
    collect: p.enum(["currently_due", "eventually_due"]),
    expand: p.expand(),
  },
  (core, params) => Connect.createAccountLink(core, params),
);

const createTransfer = route(
  "POST",
  "/v1/transfers",
  {
    amount: p.integer({ required: true, min: 1 }),
    currency: currency(),
    destination: p.string({ required: true }),
    transfer_group: p.string(),
    description: p.string(),
    metadata: p.metadata(),
    source_transaction: p.unsupported("`source_transaction`"),
    source_type: p.unsupported("`source_type`"),
    expand: p.expand(),
  },
  (core, params, ctx) =>
    expand(
      core.store,
      Connect.createTransfer(core, { ...params, currency: params.currency.toLowerCase() }, ctx.request),
      params.expand,
    ),
);

const retrieveTransfer = route("GET", "/v1/transfers/:id", retrieveParams, (core, params, ctx) =>
  expand(core.store, found(core.store.transfers.get(ctx.id), "transfer", ctx.id, "id"), params.expand),
);

const createReversal = route(
  "POST",
  "/v1/transfers/:id/reversals",
  {
    amount: p.integer({ min: 1 }),
    metadata: p.metadata(),
    description: p.unsupported("`description` on reversals"),
    refund_application_fee: p.unsupported("`refund_application_fee`"),
    expand: p.expand(),
  },
  (core, params, ctx) => expand(core.store, Connect.reverseTransfer(core, ctx.id, params, ctx.request), params.expand),
);

export const ROUTES: Route[] = [
  createSession,
  retrieveSession,
  expireSession,
  retrieveEvent,
  listEvents,
  retrievePaymentIntent,
  retrieveCharge,
  retrieveBalanceTransaction,
  createRefund,
  listRefunds,
  retrieveRefund,
  createAccount,
  retrieveAccount,
  createAccountLink,
  createTransfer,
  retrieveTransfer,
  createReversal,
];

// ——— Dispatch ———

const QS_OPTIONS = { depth: 20, arrayLimit: 1000, parameterLimit: 10_000 } as const;

/** Any key starting with sk_test_ is accepted, as Bearer (what the SDK sends) or Basic (what `curl -u sk_test_…:` sends). */
function authenticate(req: IncomingMessage): string {
  const header = req.headers.authorization ?? "";
  let key = "";
  if (/^Bearer /i.test(header)) key = header.slice(7).trim();
  else if (/^Basic /i.test(header)) key = Buffer.from(header.slice(6).trim(), "base64").toString("utf8").split(":")[0];
  if (!key) throw errors.noKey();
  if (!key.startsWith("sk_test_") || key.length <= "sk_test_".length) throw errors.badKey(key);
  return key;
}

function matchRoute(method: string, path: string): { route: Route; id: string } | undefined {
  for (const r of ROUTES) {
    const m = r.method === method ? r.pattern.exec(path) : null;
    if (m) return { route: r, id: m[1] ? decodeSegment(m[1]) : "" };
  }
  return undefined;
}

export async function handleApi(
  core: Core,
  keys: IdempotencyKeys,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  log?: (line: string) => void,
): Promise<void> {
  const requestId = newId.request();
  const method = req.method ?? "GET";
  const headers: Record<string, string> = {
    "Request-Id": requestId,
    "Stripe-Version": String(req.headers["stripe-version"] ?? API_VERSION),
  };
  const idempotencyKey = method === "POST" ? (req.headers["idempotency-key"] as string | undefined) : undefined;
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  const reply = (status: number, body: unknown, extra: Record<string, string> = {}) => {
    sendJson(res, status, typeof body === "string" ? body : JSON.stringify(body, null, 2), { ...headers, ...extra });
    log?.(`${method} ${url.pathname} → ${status}${extra["Idempotent-Replayed"] ? " (replayed)" : ""}`);
  };
  try {
    const body = method === "POST" ? await readBody(req) : "";
    const apiKey = authenticate(req);
    const matched = matchRoute(method, url.pathname);
    if (!matched) throw errors.url(method, url.pathname);
    const { route: found, id } = matched;
    const raw = qs.parse(method === "POST" ? body : url.search.slice(1), QS_OPTIONS);

    if (idempotencyKey) {
      const saved = keys.lookup(apiKey, idempotencyKey, url.pathname, raw);
      if (saved)
        return reply(saved.status, saved.body, { "Idempotent-Replayed": "true", "Original-Request": saved.requestId });
    }
    let status = 200;
    let out: string;
    try {
      out = JSON.stringify(
        found.run(core, { raw, id, request: { id: requestId, idempotency_key: idempotencyKey ?? null } }),
        null,
        2,
      );
    } catch (err) {
      if (!(err instanceof StripeApiError) || err.beforeExecution) throw err;
      status = err.status;
      out = JSON.stringify(err.toJSON(), null, 2);
    }
    if (idempotencyKey) keys.save(apiKey, idempotencyKey, url.pathname, raw, { status, body: out, requestId });
    reply(status, out);
  } catch (err) {
    if (err instanceof StripeApiError) {
      return reply(err.status, err.toJSON(), err.status === 401 ? { "WWW-Authenticate": 'Bearer realm="Stripe"' } : {});
    }
    console.error("stripe-local: unexpected error", err);
    reply(500, errors.internal("An unexpected error occurred in stripe-local.").toJSON());
  }
}
