/** The exchange programme over HTTP: thin, every rule is in core's Exchange* modules. */
import { createRoute, z } from "@hono/zod-openapi";
import { ExchangeApplications, ExchangeOffers, Topics } from "@rutas/core";
import { body, json, problems, router } from "../http/openapi";
import { ContentLanguage, Country, FeeShareSchema, IdParam, IsoDate, Localized, PriceSchema, Ulid } from "./schemas";

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
  /** The participation fee per pricing group; empty or absent: free. */
  prices: z.array(PriceSchema).max(3).optional(),
  feeShares: z.array(FeeShareSchema).min(1).max(45).optional(),
  preparatoryCourseId: Ulid.optional(),
};
const OfferInput = z.strictObject({ institutionId: Ulid, ...fields });
const OfferChanges = z
  .strictObject({ ...fields, preparatoryCourseId: Ulid.nullable().openapi({ description: "null removes it" }) })
  .partial()
  .openapi("ExchangeOfferChanges");
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
    prices: z.array(PriceSchema).openapi({ description: "Empty when taking part is free" }),
    feeShares: z.array(z.object({ party: z.string(), basisPoints: z.number().int() })),
    preparatoryCourseId: z.string().optional(),
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
const institutionOffers = createRoute({
  method: "get",
  path: "/institutions/{id}/exchange-offers",
  tags: ["exchange"],
  summary: "An institution's exchange offers, closed ones included, newest first (its admins)",
  request: { params: IdParam },
  responses: { 200: json(z.object({ items: z.array(Offer) })), ...problems(401, 403, 404) },
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

const Statement = z.string().trim().min(1).max(8000);
const ApplicationInput = z
  .strictObject({ statement: Statement, ranking: z.array(Ulid).max(20) })
  .openapi("ExchangeApplicationInput");
const Explanation = z.object({ en: z.string(), es: z.string(), fr: z.string() });
const Assignment = z
  .object({
    roundId: z.string(),
    offerId: z.string().nullable(),
    status: z.enum(["assigned", "unassigned", "accepted", "declined", "lapsed"]),
    respondBy: z.string(),
    explanation: Explanation,
    enrolmentId: z.string().optional(),
    preparatoryCourseId: z.string().optional(),
  })
  .openapi("ExchangeAssignment");
const Application = z
  .object({
    id: z.string(),
    statement: z.string(),
    ranking: z.array(z.string()),
    updatedAt: z.string(),
    offers: z
      .array(
        z.object({
          id: z.string(),
          kind: Kind,
          title: Localized,
          country: z.string(),
          city: z.string().optional(),
          startDate: z.string(),
          endDate: z.string(),
          applicationDeadline: z.string(),
          status: z.enum(["open", "closed"]),
        }),
      )
      .optional(),
    assignment: Assignment.optional(),
  })
  .openapi("ExchangeApplication");
const RankingInput = z.strictObject({ ranking: z.array(Ulid).max(2000) }).openapi("ExchangeRankingInput");
const Applicant = z.object({
  personId: z.string(),
  rank: z.number().int().nullable(),
  name: z.string().nullable(),
  country: z.string().nullable(),
  side: z.string().nullable(),
  organisation: z.string().nullable(),
  statement: z.string(),
});
const putApplication = createRoute({
  method: "put",
  path: "/me/exchange-application",
  tags: ["exchange"],
  summary: "Write one's exchange application; editable until the earliest deadline among its offers",
  request: { body: body(ApplicationInput) },
  responses: { 200: json(Application), ...problems(400, 401, 409) },
});
const getApplication = createRoute({
  method: "get",
  path: "/me/exchange-application",
  tags: ["exchange"],
  summary: "One's exchange application, with the latest round's assignment and its explanation",
  responses: { 200: json(Application), ...problems(401, 404) },
});
const applicants = createRoute({
  method: "get",
  path: "/exchange/offers/{id}/applicants",
  tags: ["exchange"],
  summary: "Who listed an offer: profile and statement (admins of its institution)",
  request: { params: IdParam },
  responses: { 200: json(z.object({ items: z.array(Applicant) })), ...problems(401, 403, 404) },
});
const ranking = createRoute({
  method: "put",
  path: "/exchange/offers/{id}/ranking",
  tags: ["exchange"],
  summary: "An offer's ranking of those who listed it (400 naming ranking.<i> otherwise)",
  request: { params: IdParam, body: body(RankingInput) },
  responses: {
    200: json(z.object({ id: z.string(), ranking: z.array(z.string()) })),
    ...problems(400, 401, 403, 404, 409),
  },
});
export const exchangeRoutes = router()
  .openapi(create, async (c) => c.json(await ExchangeOffers.create(c.get("actor"), c.req.valid("json")), 201))
  .openapi(list, async (c) => c.json(await ExchangeOffers.list(c.req.valid("query")), 200))
  .openapi(detail, async (c) => c.json(await ExchangeOffers.get(c.req.valid("param").id), 200))
  .openapi(institutionOffers, async (c) =>
    c.json({ items: await ExchangeOffers.listForInstitution(c.get("actor"), c.req.valid("param").id) }, 200),
  )
  .openapi(change, async (c) =>
    c.json(await ExchangeOffers.update(c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(close, async (c) => c.json(await ExchangeOffers.close(c.get("actor"), c.req.valid("param").id), 200))
  .openapi(putApplication, async (c) =>
    c.json(await ExchangeApplications.save(c.get("actor"), c.req.valid("json")), 200),
  )
  .openapi(getApplication, async (c) => c.json(await ExchangeApplications.mine(c.get("actor")), 200))
  .openapi(applicants, async (c) =>
    c.json({ items: await ExchangeApplications.applicants(c.get("actor"), c.req.valid("param").id) }, 200),
  )
  .openapi(ranking, async (c) =>
    c.json(await ExchangeApplications.rank(c.get("actor"), c.req.valid("param").id, c.req.valid("json").ranking), 200),
  );
