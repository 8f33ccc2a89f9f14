/** Payouts to parties, payout runs, and hosts' Stripe onboarding (decision 0018). Rules live in core. */
import { createRoute, z } from "@hono/zod-openapi";
import { Payouts } from "@rutas/core";
import { csv } from "../http/files";
import { body, json, problems, router } from "../http/openapi";
import { perPersonLimit } from "../http/rate-limit";
import { Csv, IdParam, Money, Ulid, wantsCsv } from "./schemas";

const Party = z
  .string()
  .max(100)
  .regex(
    /^(operator|solidarity_fund|host:[0-9A-HJKMNP-TV-Z]{26}|institution:[0-9A-HJKMNP-TV-Z]{26})$/,
    "Must be host:<id>, institution:<id>, operator or solidarity_fund.",
  )
  .openapi({
    description: "host:<id> | institution:<id> | operator | solidarity_fund",
    example: "host:01JD8X0Q9ZK5N6W3B2C4D5E6F7",
  });

const Payout = z
  .object({
    id: z.string(),
    party: z.string(),
    amount: Money,
    method: z.enum(Payouts.METHODS),
    reference: z.string().nullable(),
    status: z.literal("paid"),
    transferId: z.string().optional(),
    routeId: z.string().optional(),
    createdAt: z.string(),
  })
  .openapi("Payout");

const Run = z
  .object({
    id: z.string(),
    currency: z.string(),
    method: z.enum(Payouts.MANUAL_METHODS).optional(),
    reference: z.string().optional(),
    status: z.enum(["running", "done"]),
    total: z.number().int(),
    done: z.number().int(),
    paid: z.array(
      z.object({ party: z.string(), amount: Money, payoutId: z.string(), method: z.enum(Payouts.METHODS) }),
    ),
    skipped: z.array(z.object({ party: z.string(), reason: z.string() })),
    failed: z.array(z.object({ party: z.string(), reason: z.string() })),
    createdAt: z.string(),
  })
  .openapi("PayoutRun");

const create = createRoute({
  method: "post",
  path: "/payouts",
  tags: ["payouts"],
  summary:
    "Pay one party what it is due (platform admin). Header Idempotency-Key required: the same key gives back the first result (201, the same body, header Idempotent-Replayed: true)",
  request: {
    headers: z.object({ "idempotency-key": z.string().max(200).optional() }),
    body: body(
      z.strictObject({
        party: Party,
        amount: Money,
        method: z.enum(Payouts.METHODS),
        reference: z.string().trim().min(1).max(200).optional(),
        routeId: Ulid.optional(),
      }),
    ),
  },
  middleware: perPersonLimit("payout"),
  responses: {
    201: {
      ...json(Payout, "Paid (or paid before with this Idempotency-Key: the first result again)"),
      headers: z.object({
        "Idempotent-Replayed": z
          .literal("true")
          .optional()
          .openapi({ description: "Present when this is the first result of the same Idempotency-Key, replayed" }),
      }),
    },
    ...problems(400, 401, 403, 409, 429, 503),
  },
});

const list = createRoute({
  method: "get",
  path: "/payouts",
  tags: ["payouts"],
  summary: "Payouts, newest first, all or one party's (platform admin); ?format=csv",
  request: {
    query: z.strictObject({
      party: Party.optional(),
      cursor: z.string().max(1000).optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
      format: z.enum(["json", "csv"]).optional(),
    }),
  },
  responses: {
    200: {
      description: "Payouts, and the next page's cursor (CSV: in the X-Next-Cursor header)",
      content: {
        "application/json": { schema: z.object({ items: z.array(Payout), nextCursor: z.string().nullable() }) },
        ...Csv,
      },
    },
    ...problems(400, 401, 403),
  },
});

const createRun = createRoute({
  method: "post",
  path: "/payout-runs",
  tags: ["payouts"],
  summary:
    "Start a run paying every party with something due in a currency (platform admin): Stripe where the host is ready, else the run's manual method",
  request: {
    body: body(
      z.strictObject({
        currency: z.string().regex(/^[A-Z]{3}$/, "Must be an ISO 4217 code such as CAD."),
        method: z.enum(Payouts.MANUAL_METHODS).optional(),
        reference: z.string().trim().min(1).max(200).optional(),
      }),
    ),
  },
  responses: { 201: json(Run, "Created"), ...problems(400, 401, 403) },
});

const stepRun = createRoute({
  method: "post",
  path: "/payout-runs/{id}/step",
  tags: ["payouts"],
  summary: "Pay up to `count` (default 10) more parties of the run",
  request: {
    params: IdParam,
    body: {
      required: false,
      content: {
        "application/json": {
          schema: z.strictObject({ count: z.number().int().min(1).max(Payouts.MAX_STEP).optional() }),
        },
      },
    },
  },
  middleware: perPersonLimit("payout"),
  responses: { 200: json(Run), ...problems(400, 401, 403, 404, 409, 429, 503) },
});

const getRun = createRoute({
  method: "get",
  path: "/payout-runs/{id}",
  tags: ["payouts"],
  summary: "A payout run and what it did so far",
  request: { params: IdParam },
  responses: { 200: json(Run), ...problems(401, 403, 404) },
});

const connect = createRoute({
  method: "post",
  path: "/hosts/{id}/connect",
  tags: ["payouts"],
  summary: "Stripe onboarding link for a host (creates its connected account the first time)",
  responses: { 200: json(z.object({ url: z.string() })), ...problems(401, 403, 404, 503) },
  request: { params: IdParam },
});

const connectStatus = createRoute({
  method: "get",
  path: "/hosts/{id}/connect",
  tags: ["payouts"],
  summary: "A host's connected account and whether it can receive transfers",
  request: { params: IdParam },
  responses: {
    200: json(z.object({ accountId: z.string().optional(), ready: z.boolean() })),
    ...problems(401, 403, 404),
  },
});

export const payoutRoutes = router()
  .openapi(create, async (c) => {
    const key = c.req.valid("header")["idempotency-key"];
    const { payout, created } = await Payouts.pay(c.get("actor"), c.req.valid("json"), key);
    // The same key twice gives the first result — its status and body — as Stripe does, flagged.
    if (!created) c.header("Idempotent-Replayed", "true");
    return c.json(payout, 201);
  })
  .openapi(list, async (c) => {
    const { format, ...query } = c.req.valid("query");
    const page = await Payouts.list(c.get("actor"), query);
    if (!wantsCsv(format)) return c.json(page, 200);
    if (page.nextCursor) c.header("X-Next-Cursor", page.nextCursor);
    return csv(c, "payouts.csv", Payouts.toCsv(page.items));
  })
  .openapi(createRun, async (c) => c.json(await Payouts.createRun(c.get("actor"), c.req.valid("json")), 201))
  .openapi(stepRun, async (c) => {
    const count = (c.req.valid("json") as { count?: number } | undefined)?.count;
    return c.json(await Payouts.step(c.get("actor"), c.req.valid("param").id, count), 200);
  })
  .openapi(getRun, async (c) => c.json(await Payouts.getRun(c.get("actor"), c.req.valid("param").id), 200))
  .openapi(connect, async (c) => c.json(await Payouts.startOnboarding(c.get("actor"), c.req.valid("param").id), 200))
  .openapi(connectStatus, async (c) =>
    c.json(await Payouts.onboardingStatus(c.get("actor"), c.req.valid("param").id), 200),
  );
