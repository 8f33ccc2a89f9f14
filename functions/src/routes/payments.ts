import { createRoute, z } from "@hono/zod-openapi";
import { Enrolment, Offerings, Payments } from "@rutas/core";
import { LedgerReport, receiptPdf } from "@rutas/core/payments/exports";
import { csv, file } from "../http/files";
import { body, json, problems, router } from "../http/openapi";
import { perPersonLimit } from "../http/rate-limit";
import { Csv, EnrolmentId, Money, EnrolmentIdParam, IdParam, Locale, wantsCsv } from "./schemas";

const Id = IdParam;
const Balance = z.object({
  account: z.string(),
  currency: z.string(),
  credits: z.number().int(),
  debits: z.number().int(),
  balance: z.number().int(),
  party: z.string().optional().openapi({ description: "Set for party accounts (hosts, institutions, …)" }),
  owed: Money.optional(),
  paid: Money.optional(),
  due: Money.optional(),
});
const Ledger = z
  .object({
    entries: z.array(
      z.object({
        postingId: z.string(),
        postingKind: z.string(),
        account: z.string(),
        side: z.enum(["debit", "credit"]),
        amount: z.number().int(),
        currency: z.string(),
        memo: z.string(),
        enrolmentId: z.string().optional(),
        paymentIntentId: z.string().optional(),
        refundId: z.string().optional(),
        payoutId: z.string().optional(),
        method: z.string().optional(),
        reference: z.string().optional(),
        createdAt: z.string(),
      }),
    ),
    balances: z.array(Balance).openapi({
      description: "Per account and currency; a route's ledger lists only the parties of its plan here",
    }),
    accounts: z.array(Balance).optional().openapi({
      description:
        "A route's ledger: the accounts that are not parties (stripe:balance, stripe:fees, payouts:<method>)",
    }),
  })
  .openapi("Ledger");

const checkout = createRoute({
  method: "post",
  path: "/checkout",
  tags: ["payments"],
  summary: "Open (or reopen) the Stripe Checkout Session for a seat held for payment",
  // Strict: the amount is the server's to compute, so a body carrying one is refused.
  request: { body: body(z.strictObject({ enrolmentId: EnrolmentId, locale: Locale.optional() })) },
  middleware: perPersonLimit("checkout"),
  responses: {
    201: json(z.object({ sessionId: z.string(), url: z.string() }), "Created"),
    ...problems(400, 401, 404, 409, 429),
  },
});
const webhook = createRoute({
  method: "post",
  path: "/stripe/webhook",
  tags: ["payments"],
  summary: "Stripe-signed events, each processed at most once",
  responses: { 200: json(z.object({ received: z.literal(true), outcome: z.string() })), ...problems(400, 404, 503) },
});
const refund = createRoute({
  method: "post",
  path: "/enrolments/{id}/refund",
  tags: ["payments"],
  summary: "Refund a paid enrolment, fully or in part (institution or platform admin)",
  request: {
    params: EnrolmentIdParam,
    body: {
      required: false,
      content: { "application/json": { schema: z.strictObject({ amount: z.number().int().positive().optional() }) } },
    },
  },
  middleware: perPersonLimit("refund"),
  responses: {
    200: json(z.object({ status: z.enum(["refunded", "partially_refunded"]), refunded: z.number().int() })),
    ...problems(400, 401, 403, 404, 409, 429),
  },
});
const myPayments = createRoute({
  method: "get",
  path: "/me/payments",
  tags: ["payments"],
  summary: "The signed-in person's payments, newest first, each with its receipt",
  responses: {
    200: json(
      z.object({
        items: z.array(
          z.object({
            paymentIntentId: z.string(),
            enrolmentId: z.string(),
            amount: z.number().int(),
            currency: z.string(),
            refunded: z.number().int(),
            createdAt: z.string(),
            receiptUrl: z.string(),
          }),
        ),
      }),
    ),
    ...problems(401),
  },
});
const receipt = createRoute({
  method: "get",
  path: "/enrolments/{id}/receipt.pdf",
  tags: ["payments"],
  summary: "The payment receipt as a PDF in the payer's language",
  request: { params: EnrolmentIdParam },
  responses: {
    200: { description: "PDF", content: { "application/pdf": { schema: z.string() } } },
    ...problems(401, 404),
  },
});
/** The ledger of one offering, for any kind: `/<segment>/{id}/ledger` (cohorts, publications, ...). */
function offeringLedger<const Segment extends string>(segment: Segment, kind: string) {
  const route = createRoute({
    method: "get",
    path: `/${segment}/{id}/ledger` as `/${Segment}/{id}/ledger`,
    tags: ["payments"],
    summary: `The ledger entries and balances by party of one of the ${segment} (its institution's admins); ?format=csv`,
    request: { params: Id, query: z.object({ format: z.enum(["json", "csv"]).optional() }) },
    responses: {
      200: { description: "Ledger", content: { "application/json": { schema: Ledger }, ...Csv } },
      ...problems(401, 403, 404),
    },
  });
  return router().openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const r = await LedgerReport.offeringLedger(c.get("actor"), kind, id);
    if (wantsCsv(c.req.valid("query").format)) return csv(c, `${kind}-${id}-ledger.csv`, LedgerReport.toCsv(r));
    return c.json(r, 200);
  });
}
const institutionLedger = createRoute({
  method: "get",
  path: "/institutions/{id}/ledger",
  tags: ["payments"],
  summary: "Every ledger entry of an institution's offerings (its admins); ?format=csv",
  request: { params: Id, query: z.object({ format: z.enum(["json", "csv"]).optional() }) },
  responses: {
    200: { description: "Ledger", content: { "application/json": { schema: Ledger }, ...Csv } },
    ...problems(401, 403, 404),
  },
});

export const paymentRoutes = router()
  .openapi(checkout, async (c) => {
    const { enrolmentId, locale } = c.req.valid("json");
    return c.json(await Payments.checkout(c.get("actor"), enrolmentId, locale ?? "en"), 201);
  })
  .openapi(webhook, async (c) => {
    // The signature covers the exact bytes Stripe sent: read the raw body, never re-serialised JSON.
    const event = Payments.verifyEvent(await c.req.text(), c.req.header("Stripe-Signature"));
    return c.json({ received: true as const, outcome: await Payments.processEvent(event) }, 200);
  })
  .openapi(refund, async (c) => {
    const amount = (c.req.valid("json") as { amount?: number } | undefined)?.amount;
    return c.json(await Payments.refund(c.get("actor"), c.req.valid("param").id, amount), 200);
  })
  .openapi(myPayments, async (c) => {
    const items = await Payments.listMine(c.get("actor"));
    return c.json(
      {
        items: items.map((p) => ({
          paymentIntentId: p.paymentIntentId,
          enrolmentId: p.enrolmentId,
          amount: p.amount,
          currency: p.currency,
          refunded: p.refunded,
          createdAt: p.createdAt,
          receiptUrl: `/api/enrolments/${encodeURIComponent(p.enrolmentId)}/receipt.pdf`,
        })),
      },
      200,
    );
  })
  .openapi(receipt, async (c) => {
    const record = await Payments.paymentOfEnrolment(c.get("actor"), c.req.valid("param").id);
    const e = await Enrolment.get(record.enrolmentId);
    const offering = e ? await Offerings.get(e.kind, e.offeringId) : null;
    const title = offering ? Offerings.itemTitle(offering, record.locale) : record.enrolmentId;
    return file(c, "application/pdf", `receipt-${record.paymentIntentId}.pdf`, await receiptPdf(record, title));
  })
  .openapi(institutionLedger, async (c) => {
    const { id } = c.req.valid("param");
    const r = await LedgerReport.institutionLedger(c.get("actor"), id);
    if (wantsCsv(c.req.valid("query").format)) return csv(c, `institution-${id}-ledger.csv`, LedgerReport.toCsv(r));
    return c.json(r, 200);
  })
  .route("/", offeringLedger("cohorts", "cohort"))
  .route("/", offeringLedger("publications", "publication"))
  .route("/", offeringLedger("routes", "route"))
  .route("/", offeringLedger("exchange/offers", "exchange_place"));
