/** The public observatory and the platform admin's cost-recovery report (decision 0022): thin over core. */
import { createRoute, z } from "@hono/zod-openapi";
import { Observatory, Reports } from "@rutas/core";
import { csv } from "../http/files";
import { json, problems, router } from "../http/openapi";
import { Csv, IsoDate, Money as MoneySchema, wantsCsv } from "./schemas";

const Figures = z
  .object({
    courses: z.number().int(),
    cohorts: z.number().int(),
    participants: z.object({ north: z.number().int(), south: z.number().int() }),
    routes: z.number().int(),
    hosts: z.number().int(),
    exchangePlacements: z.number().int(),
    recovered: z.array(MoneySchema),
    computedAt: z.string(),
  })
  .openapi("Observatory");
const observatory = createRoute({
  method: "get",
  path: "/observatory",
  tags: ["portal"],
  summary: "What the programme has given and recovered: counts and sums only (public; recomputed every 10 min)",
  responses: { 200: json(Figures) },
});

const Report = z
  .object({
    period: z.object({ from: z.string(), to: z.string(), currency: z.string() }),
    revenue: z.object({ courses: MoneySchema, routes: MoneySchema, publications: MoneySchema, services: MoneySchema }),
    refunds: MoneySchema,
    stripeFees: MoneySchema,
    shares: z.object({
      hosts: MoneySchema,
      institutions: MoneySchema,
      operator: MoneySchema,
      solidarity_fund: MoneySchema,
    }),
    payouts: MoneySchema,
    participants: z.object({
      total: z.number().int(),
      basis: z.literal("country_and_side"),
      byCountry: z.array(z.object({ country: z.string(), count: z.number().int() })),
      bySide: z.object({ north: z.number().int(), south: z.number().int(), unknown: z.number().int() }),
    }),
    linesRead: z.number().int(),
  })
  .openapi("CostRecoveryReport");
const costRecovery = createRoute({
  method: "get",
  path: "/reports/cost-recovery",
  tags: ["reports"],
  summary:
    "Cost recovery for a period and currency, every figure a sum of named ledger lines (platform admin); ?format=csv",
  request: {
    query: z.strictObject({
      from: IsoDate,
      to: IsoDate,
      currency: z.string().regex(/^[A-Z]{3}$/, "Must be an ISO 4217 code such as CAD."),
      format: z.enum(["json", "csv"]).optional(),
    }),
  },
  responses: {
    200: { description: "The report", content: { "application/json": { schema: Report }, ...Csv } },
    ...problems(400, 401, 403),
  },
});

export const observatoryRoutes = router()
  .openapi(observatory, async (c) => c.json(await Observatory.get(), 200))
  .openapi(costRecovery, async (c) => {
    const { format, ...period } = c.req.valid("query");
    const report = await Reports.costRecovery(c.get("actor"), period);
    if (!wantsCsv(format)) return c.json(report, 200);
    return csv(c, `cost-recovery-${period.from}-${period.to}-${period.currency}.csv`, Reports.toCsv(report));
  });
