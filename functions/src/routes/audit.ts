/** The audit trail, read by the platform admin (everything) or an institution's admin (its own part). */
import { createRoute, z } from "@hono/zod-openapi";
import { Audit } from "@rutas/core";
import { csv } from "../http/files";
import { problems, router } from "../http/openapi";
import { Csv, IsoDate, Ulid, wantsCsv } from "./schemas";

const Entry = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.union([
      z.object({ kind: z.literal("person"), id: z.string(), email: z.string() }),
      z.object({ kind: z.literal("system") }),
    ]),
    action: z.enum(Audit.ACTIONS),
    target: z.object({ kind: z.enum(Audit.TARGET_KINDS), id: z.string() }),
    institutionId: z.string().optional(),
    requestId: z.string().optional(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  })
  .openapi("AuditEntry");

const list = createRoute({
  method: "get",
  path: "/audit",
  tags: ["audit"],
  summary:
    "Audit trail, newest first: platform admin (all), or an institution's admin with its institutionId; ?format=csv",
  request: {
    query: z.strictObject({
      from: IsoDate.optional(),
      to: IsoDate.optional(),
      action: z.enum(Audit.ACTIONS).optional(),
      actorId: z.union([Ulid, z.literal("system")]).optional(),
      institutionId: Ulid.optional(),
      cursor: z.string().max(1000).optional(),
      limit: z.coerce.number().int().min(1).max(Audit.MAX_LIMIT).optional(),
      format: z.enum(["json", "csv"]).optional(),
    }),
  },
  responses: {
    200: {
      description: "Entries, and the cursor of the next page (CSV: in the X-Next-Cursor header)",
      content: {
        "application/json": { schema: z.object({ items: z.array(Entry), nextCursor: z.string().nullable() }) },
        ...Csv,
      },
    },
    ...problems(400, 401, 403, 404),
  },
});

export const auditRoutes = router().openapi(list, async (c) => {
  const { format, ...query } = c.req.valid("query");
  const page = await Audit.list(c.get("actor"), query);
  if (!wantsCsv(format)) return c.json(page, 200);
  if (page.nextCursor) c.header("X-Next-Cursor", page.nextCursor);
  return csv(c, "audit.csv", Audit.toCsv(page.items));
});
