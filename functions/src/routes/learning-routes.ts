/** Learning Routes over HTTP: thin, every rule is in core's LearningRoutes. */
import { createRoute, z } from "@hono/zod-openapi";
import { Hosts, LearningRoutes, RouteAdmin, Topics } from "@rutas/core";
import { body, json, problems, router } from "../http/openapi";
import { offeringEnrolments } from "./enrolments";
import { ChargedPrice, Country, FeeShareSchema, IdParam, IsoDate, Localized, PriceSchema, Ulid } from "./schemas";

/** Plain words (stored as English) or the same words in several languages. */
const Text = z.union([z.string().trim().min(1).max(4000), Localized]);
const Topic = z.enum(Topics.TOPIC_IDS);
const StopInput = z.strictObject({
  day: z.number().int(),
  hostId: Ulid,
  place: z.string().trim().min(1).max(200),
  title: Text,
  activity: Text.optional(),
});
const fields = {
  title: Text,
  summary: Text.optional(),
  theme: z.union([Topic, z.array(Topic).max(5)]).optional(),
  topics: z.array(Topic).max(5).optional(),
  countries: z.array(Country).min(1).max(10),
  startDate: IsoDate,
  endDate: IsoDate,
  capacity: z.number().int().min(1).max(10_000),
  enrolmentDeadline: IsoDate.optional(),
  stops: z.array(StopInput).min(1).max(60),
  prices: z.array(PriceSchema).max(3),
  feeShares: z.array(FeeShareSchema).min(1).max(45),
};
const RouteInput = z.strictObject({ institutionId: Ulid, ...fields }).openapi("RouteInput");
const RouteChanges = z.strictObject(fields).partial().openapi("RouteChanges");

/** The host's public profile: whole on a route's page (GET, publish); name, kind and place only elsewhere. */
const StopHost = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(Hosts.HOST_KINDS),
  country: z.string(),
  region: z.string().optional(),
  organisationType: z.enum(Hosts.ORGANISATION_TYPES).optional(),
  languages: z.array(z.string()).optional(),
  topics: z.array(z.string()).optional(),
  expertise: Localized.optional(),
  achievements: Localized.optional(),
  figures: z.array(z.object({ label: Localized, value: z.string() })).optional(),
  photo: z
    .object({ url: z.string(), width: z.number().int(), height: z.number().int(), bytes: z.number().int() })
    .optional(),
  createdAt: z.string().optional(),
});
const Route = z
  .object({
    id: z.string(),
    institutionId: z.string(),
    title: Localized,
    summary: Localized,
    topics: z.array(z.string()),
    countries: z.array(z.string()),
    startDate: z.string(),
    endDate: z.string(),
    enrolmentDeadline: z.string(),
    capacity: z.number().int(),
    seatsLeft: z.number().int(),
    status: z.enum(["draft", "published"]),
    prices: z.array(PriceSchema),
    feeShares: z.array(z.object({ party: z.string(), basisPoints: z.number().int() })),
    price: ChargedPrice.optional(),
    firstPaidAt: z.string().optional(),
    publishedAt: z.string().optional(),
    createdAt: z.string(),
    stops: z.array(
      z.object({
        day: z.number().int(),
        hostId: z.string(),
        place: z.string(),
        title: Localized,
        activity: Localized.optional(),
        host: StopHost.nullable(),
      }),
    ),
  })
  .openapi("LearningRoute");
const Items = z.object({ items: z.array(Route) });
const Id = IdParam;

const create = createRoute({
  method: "post",
  path: "/routes",
  tags: ["routes"],
  summary: "Create a draft Learning Route (admin of the institution); every stop's host needs a fee share",
  request: { body: body(RouteInput) },
  responses: { 201: json(Route, "Created"), ...problems(400, 401, 403, 404) },
});
const change = createRoute({
  method: "patch",
  path: "/routes/{id}",
  tags: ["routes"],
  summary: "Change a route; prices and fee shares are frozen once it is paid for (409 code frozen)",
  request: { params: Id, body: body(RouteChanges) },
  responses: { 200: json(Route), ...problems(400, 401, 403, 404, 409) },
});
const publish = createRoute({
  method: "post",
  path: "/routes/{id}/publish",
  tags: ["routes"],
  summary: "Publish a draft route",
  request: { params: Id },
  responses: { 200: json(Route), ...problems(401, 403, 404) },
});
const catalogue = createRoute({
  method: "get",
  path: "/routes",
  tags: ["routes"],
  summary: "Published routes, newest first, each with the signed-in person's own price",
  request: {
    query: z.object({
      country: Country.optional(),
      topic: Topic.optional(),
      cursor: z.string().max(2000).optional(),
      limit: z.coerce.number().int().min(1).max(50).optional(),
    }),
  },
  responses: { 200: json(z.object({ items: z.array(Route), nextCursor: z.string().nullable() })), ...problems(400) },
});
const detail = createRoute({
  method: "get",
  path: "/routes/{id}",
  tags: ["routes"],
  summary: "A route with its stops (each with its host's public profile) and the signed-in person's price",
  request: { params: Id },
  responses: { 200: json(Route), ...problems(404) },
});
const institutionRoutes = createRoute({
  method: "get",
  path: "/institutions/{id}/routes",
  tags: ["routes"],
  summary: "An institution's routes, drafts included (its admins)",
  request: { params: Id },
  responses: { 200: json(Items), ...problems(401, 403, 404) },
});
const hostRoutes = createRoute({
  method: "get",
  path: "/hosts/{id}/routes",
  tags: ["routes"],
  summary: "The published routes a host receives at one of their stops",
  request: { params: Id },
  responses: { 200: json(Items), ...problems(404) },
});
export const learningRouteRoutes = router()
  .openapi(create, async (c) => c.json(await LearningRoutes.create(c.get("actor"), c.req.valid("json")), 201))
  .openapi(change, async (c) =>
    c.json(await LearningRoutes.update(c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(publish, async (c) => c.json(await LearningRoutes.publish(c.get("actor"), c.req.valid("param").id), 200))
  .openapi(catalogue, async (c) => c.json(await LearningRoutes.catalogue(c.get("actor"), c.req.valid("query")), 200))
  .openapi(detail, async (c) => c.json(await LearningRoutes.get(c.get("actor"), c.req.valid("param").id), 200))
  .openapi(institutionRoutes, async (c) =>
    c.json({ items: await LearningRoutes.listForInstitution(c.get("actor"), c.req.valid("param").id) }, 200),
  )
  .openapi(hostRoutes, async (c) =>
    c.json({ items: await LearningRoutes.listForHost(c.get("actor"), c.req.valid("param").id) }, 200),
  )
  .route(
    "/",
    offeringEnrolments("routes", "route", {
      enrol: LearningRoutes.enrol,
      list: RouteAdmin.routeEnrolments,
      toCsv: RouteAdmin.toCsv,
    }),
  );
