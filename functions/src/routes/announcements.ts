/** Announcements over HTTP (API.md "Portal"): thin, every rule is in core's Announcements. */
import { createRoute, z } from "@hono/zod-openapi";
import { Announcements, Topics } from "@rutas/core";
import { body, json, problems, router } from "../http/openapi";
import { Country, IdParam, IsoDate, Localized, Ulid } from "./schemas";

const Kind = z.enum(Announcements.KINDS);
const Topic = z.enum(Topics.TOPIC_IDS);
/** Checked again by core (http or https only); here only its size, so a huge one never reaches it. */
const Url = z.string().trim().min(1).max(Announcements.MAX_URL).openapi({ example: "https://example.org/foro" });
const fields = {
  kind: Kind,
  title: Localized,
  body: Localized,
  topics: z.array(Topic).min(1).max(Announcements.MAX_TOPICS),
  countries: z.array(Country).min(1).max(Announcements.MAX_COUNTRIES),
  startDate: IsoDate,
  endDate: IsoDate.optional(),
  url: Url.optional(),
};
const Input = z
  .strictObject({
    institutionId: Ulid.optional().openapi({
      description: "The institution it is published for (its admins); absent: programme-wide (platform admins)",
    }),
    ...fields,
  })
  .openapi("AnnouncementInput");
const Changes = z
  .strictObject({
    ...fields,
    endDate: IsoDate.nullable().openapi({ description: "null removes it" }),
    url: Url.nullable().openapi({ description: "null removes it" }),
  })
  .partial()
  .openapi("AnnouncementChanges");
const Announcement = z
  .object({
    id: z.string(),
    institutionId: z.string().optional(),
    kind: Kind,
    title: Localized,
    body: Localized,
    topics: z.array(z.string()),
    countries: z.array(z.string()),
    startDate: z.string(),
    endDate: z.string().optional(),
    url: z.string().optional(),
    archived: z.boolean().openapi({ description: "Its last day has passed (it stays readable)" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Announcement");

const create = createRoute({
  method: "post",
  path: "/announcements",
  tags: ["portal"],
  summary: "Publish an announcement (admins of institutionId; platform admins without one)",
  request: { body: body(Input) },
  responses: { 201: json(z.object({ id: z.string() }), "Created"), ...problems(400, 401, 403, 404) },
});
const list = createRoute({
  method: "get",
  path: "/announcements",
  tags: ["portal"],
  summary: "Current announcements, soonest-ending first; archived=true: past ones, most recent first",
  request: {
    query: z.object({
      topic: Topic.optional(),
      country: Country.optional(),
      from: IsoDate.optional(),
      to: IsoDate.optional(),
      archived: z.enum(["true", "false"]).optional(),
      cursor: z.string().max(2000).optional(),
      limit: z.coerce.number().int().min(1).max(Announcements.MAX_LIMIT).optional(),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(Announcement), nextCursor: z.string().nullable() })),
    ...problems(400),
  },
});
const detail = createRoute({
  method: "get",
  path: "/announcements/{id}",
  tags: ["portal"],
  summary: "An announcement, current or archived",
  request: { params: IdParam },
  responses: { 200: json(Announcement), ...problems(404) },
});
const change = createRoute({
  method: "patch",
  path: "/announcements/{id}",
  tags: ["portal"],
  summary: "Change an announcement (those who may publish it); 409 code stale on a concurrent edit",
  request: { params: IdParam, body: body(Changes) },
  responses: { 200: json(Announcement), ...problems(400, 401, 403, 404, 409) },
});

export const announcementRoutes = router()
  .openapi(create, async (c) => {
    const { id } = await Announcements.create(c.get("actor"), c.req.valid("json"));
    return c.json({ id }, 201);
  })
  .openapi(list, async (c) => {
    const { archived, ...query } = c.req.valid("query");
    return c.json(await Announcements.list({ ...query, archived: archived === "true" }), 200);
  })
  .openapi(detail, async (c) => c.json(await Announcements.get(c.req.valid("param").id), 200))
  .openapi(change, async (c) =>
    c.json(await Announcements.update(c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 200),
  );
