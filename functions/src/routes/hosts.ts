import { createRoute, z } from "@hono/zod-openapi";
import { Hosts } from "@rutas/core";
import { body, json, problems, router } from "../http/openapi";
import { Country, Email } from "./schemas";

const Host = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(Hosts.HOST_KINDS),
    country: z.string(),
    region: z.string().optional(),
    expertise: z.string().optional(),
    createdAt: z.string(),
  })
  .openapi("Host");

const create = createRoute({
  method: "post",
  path: "/hosts",
  tags: ["routes"],
  summary: "Register a host organisation or local talent (platform admin)",
  request: {
    body: body(
      z.strictObject({
        name: z.string().trim().min(2).max(160),
        kind: z.enum(Hosts.HOST_KINDS),
        country: Country,
        region: z.string().trim().max(80).optional(),
        expertise: z.string().trim().max(300).optional(),
        email: Email.optional(),
      }),
    ),
  },
  responses: { 201: json(Host, "Created"), ...problems(400, 401, 403) },
});

const list = createRoute({
  method: "get",
  path: "/hosts",
  tags: ["routes"],
  summary: "Hosts of one country (public directory)",
  request: { query: z.object({ country: Country }) },
  responses: { 200: json(z.object({ items: z.array(Host) })), ...problems(400) },
});

const hide = ({ email: _e, ...h }: Hosts.Host) => h;

export const hostRoutes = router()
  .openapi(create, async (c) => c.json(hide(await Hosts.create(c.get("actor"), c.req.valid("json"))), 201))
  .openapi(list, async (c) =>
    c.json({ items: (await Hosts.listByCountry(c.req.valid("query").country)).map(hide) }, 200),
  );
