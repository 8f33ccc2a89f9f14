import { createRoute, z } from "@hono/zod-openapi";
import { People } from "@rutas/core";
import { body, json, problems, router } from "../http/openapi";
import { Country, PersonView } from "./schemas";

const thisYear = new Date().getUTCFullYear();
/** Any field may be sent; null clears an optional one. The name can be changed, not removed. */
const ProfilePatch = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    country: Country.nullable(),
    organisation: z.string().trim().max(160).nullable(),
    organisationType: z.enum(People.ORGANISATION_TYPES).nullable(),
    languages: z.array(z.enum(People.LANGUAGES)).max(6),
    education: z.enum(People.EDUCATION_LEVELS).nullable(),
    gender: z.enum(People.GENDERS).nullable(),
    birthYear: z
      .number()
      .int()
      .min(thisYear - 100)
      .max(thisYear - 14)
      .nullable(),
    profession: z.string().trim().max(120).nullable(),
  })
  .partial()
  .openapi("ProfilePatch");

const getMe = createRoute({
  method: "get",
  path: "/me",
  tags: ["people"],
  summary: "The signed-in person, with side and pricing group derived on the server",
  responses: { 200: json(PersonView), ...problems(401) },
});

const patchMe = createRoute({
  method: "patch",
  path: "/me",
  tags: ["people"],
  summary: "Edit one's own profile",
  request: { body: body(ProfilePatch) },
  responses: { 200: json(PersonView), ...problems(400, 401, 403) },
});

export const meRoutes = router()
  .openapi(getMe, async (c) => c.json(await People.me(c.get("actor")), 200))
  .openapi(patchMe, async (c) => c.json(await People.updateMe(c.get("actor"), c.req.valid("json")), 200));
