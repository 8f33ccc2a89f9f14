/** The exchange programme over HTTP: thin, every rule is in core's ExchangeOffers. */
import { createRoute, z } from "@hono/zod-openapi";
import { ExchangeOffers, Topics } from "@rutas/core";
import { body, json, problems, router } from "../http/openapi";
import { ContentLanguage, Country, IdParam, IsoDate, Localized, Ulid } from "./schemas";

const Kind = z.enum(ExchangeOffers.OFFER_KINDS);
const Topic = z.enum(Topics.TOPIC_IDS);
const fields = {
  kind: Kind,
  title: Localized,
  description: Localized,
  country: Country,
  city: z.string().trim().min(1).max(200).optional(),
  startDate: IsoDate,
  endDate: IsoDate,
  capacity: z.number().int().min(1).max(10_000),
  topics: z.array(Topic).max(5),
  languages: z.array(ContentLanguage).max(5).optional(),
  applicationDeadline: IsoDate,
};
const OfferInput = z.strictObject({ institutionId: Ulid, ...fields });
const OfferChanges = z.strictObject(fields).partial().openapi("ExchangeOfferChanges");
const Offer = z
  .object({
    id: z.string(),
    institutionId: z.string(),
    kind: Kind,
    title: Localized,
    description: Localized,
    country: z.string(),
    city: z.string().optional(),
    startDate: z.string(),
    endDate: z.string(),
    capacity: z.number().int(),
    topics: z.array(z.string()),
    languages: z.array(z.string()),
    applicationDeadline: z.string(),
    status: z.enum(["open", "closed"]),
    createdAt: z.string(),
    closedAt: z.string().optional(),
  })
  .openapi("ExchangeOffer");

const create = createRoute({
  method: "post",
  path: "/exchange/offers",
  tags: ["exchange"],
  summary: "Post an exchange offer (admin of the institution); open at once",
  request: { body: body(OfferInput.openapi("ExchangeOfferInput")) },
  responses: { 201: json(Offer, "Created"), ...problems(400, 401, 403, 404) },
});
const list = createRoute({
  method: "get",
  path: "/exchange/offers",
  tags: ["exchange"],
  summary: "Open exchange offers, newest first, by kind, host country and topic",
  request: {
    query: z.object({
      kind: Kind.optional(),
      country: Country.optional(),
      topic: Topic.optional(),
      cursor: z.string().max(2000).optional(),
      limit: z.coerce.number().int().min(1).max(50).optional(),
    }),
  },
  responses: { 200: json(z.object({ items: z.array(Offer), nextCursor: z.string().nullable() })), ...problems(400) },
});
const detail = createRoute({
  method: "get",
  path: "/exchange/offers/{id}",
  tags: ["exchange"],
  summary: "An exchange offer",
  request: { params: IdParam },
  responses: { 200: json(Offer), ...problems(404) },
});
const change = createRoute({
  method: "patch",
  path: "/exchange/offers/{id}",
  tags: ["exchange"],
  summary: "Change an open offer until its application deadline (409 code deadline_passed)",
  request: { params: IdParam, body: body(OfferChanges) },
  responses: { 200: json(Offer), ...problems(400, 401, 403, 404, 409) },
});
const close = createRoute({
  method: "post",
  path: "/exchange/offers/{id}/close",
  tags: ["exchange"],
  summary: "Close an offer: it leaves the public list and later rounds",
  request: { params: IdParam },
  responses: { 200: json(Offer), ...problems(401, 403, 404) },
});

export const exchangeRoutes = router()
  .openapi(create, async (c) => c.json(await ExchangeOffers.create(c.get("actor"), c.req.valid("json")), 201))
  .openapi(list, async (c) => c.json(await ExchangeOffers.list(c.req.valid("query")), 200))
  .openapi(detail, async (c) => c.json(await ExchangeOffers.get(c.req.valid("param").id), 200))
  .openapi(change, async (c) =>
    c.json(await ExchangeOffers.update(c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(close, async (c) => c.json(await ExchangeOffers.close(c.get("actor"), c.req.valid("param").id), 200));
