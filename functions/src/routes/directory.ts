/** The stakeholder directory over HTTP (API.md "Portal"): public, thin over core's Directory. */
import { createRoute, z } from "@hono/zod-openapi";
import { Directory, Topics } from "@rutas/core";
import { json, problems, router } from "../http/openapi";
import { Country } from "./schemas";

const Entry = z
  .object({
    kind: z.enum(["institution", "host"]),
    id: z.string(),
    name: z.string(),
    type: z.enum(Directory.TYPES),
    country: z.string(),
    topics: z.array(z.string()),
    offers: z.object({
      courses: z.number().int().openapi({ description: "Published courses with a cohort open for enrolment" }),
      routes: z.number().int().openapi({ description: "Published Learning Routes not yet over" }),
      exchangeOffers: z.number().int().openapi({ description: "Open exchange offers" }),
      services: z.number().int(),
    }),
  })
  .openapi("DirectoryEntry");

const list = createRoute({
  method: "get",
  path: "/directory",
  tags: ["portal"],
  summary: "Institutions (by name), then hosts, with what each offers now; a page may be short with a cursor",
  request: {
    query: z.object({
      type: z.enum(Directory.TYPES).optional(),
      country: Country.optional(),
      topic: z.enum(Topics.TOPIC_IDS).optional(),
      cursor: z.string().max(2000).optional(),
      limit: z.coerce.number().int().min(1).max(Directory.MAX_LIMIT).optional(),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(Entry), nextCursor: z.string().nullable() })),
    ...problems(400),
  },
});

export const directoryRoutes = router().openapi(list, async (c) =>
  c.json(await Directory.list(c.req.valid("query")), 200),
);
