import { createRoute, z } from "@hono/zod-openapi";
import { Institutions } from "@rutas/core";
import { body, json, problems, router } from "../http/openapi";
import { Country, Email, IdParam } from "./schemas";

const Institution = z
  .object({
    id: z.string(),
    name: z.string(),
    country: z.string(),
    type: z.enum(Institutions.INSTITUTION_TYPES),
    createdAt: z.string(),
  })
  .openapi("Institution");

const create = createRoute({
  method: "post",
  path: "/institutions",
  tags: ["institutions"],
  summary: "Register an institution (platform admin)",
  request: {
    body: body(
      z.strictObject({
        name: z.string().trim().min(2).max(160),
        country: Country,
        type: z.enum(Institutions.INSTITUTION_TYPES),
      }),
    ),
  },
  responses: { 201: json(Institution, "Created"), ...problems(400, 401, 403) },
});

const list = createRoute({
  method: "get",
  path: "/institutions",
  tags: ["institutions"],
  summary: "Directory of institutions (public)",
  responses: { 200: json(z.object({ items: z.array(Institution) })) },
});

const addMember = createRoute({
  method: "post",
  path: "/institutions/{id}/members",
  tags: ["institutions"],
  summary: "Make a person an admin of the institution",
  request: {
    params: IdParam,
    body: body(z.strictObject({ email: Email, role: z.literal("admin") })),
  },
  responses: {
    201: json(
      z.object({ institutionId: z.string(), personId: z.string(), email: z.string(), role: z.literal("admin") }),
      "Created",
    ),
    ...problems(400, 401, 403, 404),
  },
});

export const institutionRoutes = router()
  .openapi(create, async (c) => c.json(await Institutions.create(c.get("actor"), c.req.valid("json")), 201))
  .openapi(list, async (c) => c.json({ items: await Institutions.list() }, 200))
  .openapi(addMember, async (c) => {
    const m = await Institutions.addMember(c.get("actor"), c.req.valid("param").id, c.req.valid("json"));
    return c.json({ institutionId: m.institutionId, personId: m.personId, email: m.email, role: m.role }, 201);
  });
