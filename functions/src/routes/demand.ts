/** The demand board over HTTP: thin, every rule is in core's Demand module (decision 0022). */
import { createRoute, z } from "@hono/zod-openapi";
import { Demand, Topics } from "@rutas/core";
import { body, json, problems, router } from "../http/openapi";
import { ContentLanguage, IdParam } from "./schemas";

const Topic = z.enum(Topics.TOPIC_IDS);
const RequestInput = z.strictObject({ topic: Topic, language: ContentLanguage }).openapi("DemandRequestInput");
const RequestResult = z
  .object({
    topic: z.string(),
    language: z.string(),
    requests: z.number().int(),
    created: z.boolean().openapi({ description: "false: this person had already asked (not counted again)" }),
  })
  .openapi("DemandRequestResult");
const Item = z
  .object({ topic: z.string(), language: z.string(), requests: z.number().int(), openCohorts: z.number().int() })
  .openapi("DemandItem");
const AlertInput = z
  .strictObject({ threshold: z.number().int().min(1).max(1_000_000), topics: z.array(Topic).min(1).max(10) })
  .openapi("DemandAlertInput");
const Alert = z
  .object({
    institutionId: z.string(),
    threshold: z.number().int(),
    topics: z.array(z.string()),
    updatedAt: z.string().nullable(),
  })
  .openapi("DemandAlert");

const post = createRoute({
  method: "post",
  path: "/demand",
  tags: ["demand"],
  summary: "Ask for a course on a topic in a language (signed in); once per person per topic × language",
  request: { body: body(RequestInput) },
  responses: {
    201: json(RequestResult, "Counted"),
    200: json(RequestResult, "Already asked: not counted again"),
    ...problems(400, 401),
  },
});
const summary = createRoute({
  method: "get",
  path: "/demand/summary",
  tags: ["demand"],
  summary: "Per topic × language: the requests and the open cohorts of published courses (public)",
  responses: { 200: json(z.object({ items: z.array(Item) })) },
});
const putAlert = createRoute({
  method: "put",
  path: "/institutions/{id}/demand-alert",
  tags: ["demand"],
  summary: "An institution's demand threshold and topics; its admins are e-mailed once per crossing",
  request: { params: IdParam, body: body(AlertInput) },
  responses: { 200: json(Alert), ...problems(400, 401, 403, 404) },
});
const getAlert = createRoute({
  method: "get",
  path: "/institutions/{id}/demand-alert",
  tags: ["demand"],
  summary: "An institution's demand alert (its admins)",
  request: { params: IdParam },
  responses: { 200: json(Alert), ...problems(401, 403, 404) },
});
const gaps = createRoute({
  method: "get",
  path: "/institutions/{id}/demand-gaps",
  tags: ["demand"],
  summary: "Where demand has no supply (requests > 0, openCohorts = 0) in the institution's topics",
  request: { params: IdParam },
  responses: { 200: json(Alert.extend({ items: z.array(Item) })), ...problems(401, 403, 404) },
});

export const demandRoutes = router()
  .openapi(post, async (c) => {
    const out = await Demand.request(c.get("actor"), c.req.valid("json"));
    return out.created ? c.json(out, 201) : c.json(out, 200);
  })
  .openapi(summary, async (c) => c.json(await Demand.summary(), 200))
  .openapi(putAlert, async (c) =>
    c.json(await Demand.setAlert(c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(getAlert, async (c) => c.json(await Demand.getAlert(c.get("actor"), c.req.valid("param").id), 200))
  .openapi(gaps, async (c) => c.json(await Demand.gaps(c.get("actor"), c.req.valid("param").id), 200));
