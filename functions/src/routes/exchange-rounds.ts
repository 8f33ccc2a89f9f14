/** Matching rounds and what follows them over HTTP: thin, the rules are in core's exchange modules. */
import { createRoute, z } from "@hono/zod-openapi";
import { ExchangeMails, ExchangePlacements, ExchangeRounds } from "@rutas/core";
import { csv } from "../http/files";
import { json, problems, router } from "../http/openapi";
import { Csv, IdParam, IsoDate } from "./schemas";

const Match = z.object({
  applicants: z.array(z.object({ id: z.string(), ranking: z.array(z.string()) })),
  offers: z.array(z.object({ id: z.string(), capacity: z.number().int(), ranking: z.array(z.string()) })),
});
const Summary = z.object({
  id: z.string(),
  ranAt: z.string(),
  algorithm: z.string(),
  inputDigest: z.string(),
  applicants: z.number().int(),
  offers: z.number().int(),
  matched: z.number().int(),
  stable: z.boolean(),
  respondBy: z.string(),
});
const Round = Summary.extend({ input: Match, outcome: z.record(z.string(), z.string().nullable()) }).openapi(
  "MatchingRound",
);
const Explanation = z.object({ en: z.string(), es: z.string(), fr: z.string() });
const Progress = z
  .object({
    state: z.enum(["idle", "running"]),
    phase: z.enum(["reading", "matching", "writing", "mailing"]).optional(),
    done: z.number().int().optional(),
    total: z.number().int().optional(),
    startedAt: z.string().optional(),
  })
  .openapi("MatchingRoundProgress");

const run = createRoute({
  method: "post",
  path: "/exchange/rounds",
  tags: ["exchange"],
  summary:
    "Run a matching round over the open offers' free places and the applicants not yet placed (platform admin); 409 round_running",
  request: {
    body: {
      content: { "application/json": { schema: z.strictObject({ respondBy: IsoDate.optional() }) } },
      required: false,
    },
  },
  responses: {
    201: json(
      z.object({
        id: z.string(),
        assignments: z.record(z.string(), z.string().nullable()),
        inputDigest: z.string(),
        respondBy: z.string(),
      }),
      "Created",
    ),
    ...problems(400, 401, 403, 409),
  },
});
const progress = createRoute({
  method: "get",
  path: "/exchange/rounds/progress",
  tags: ["exchange"],
  summary: "The running round's phase and count, or idle (platform admin)",
  responses: { 200: json(Progress), ...problems(401, 403) },
});
const list = createRoute({
  method: "get",
  path: "/exchange/rounds",
  tags: ["exchange"],
  summary: "Every matching round, newest first (public)",
  responses: { 200: json(z.object({ items: z.array(Summary) })) },
});
const detail = createRoute({
  method: "get",
  path: "/exchange/rounds/{id}",
  tags: ["exchange"],
  summary: "A round's public audit: counts, digest, stability, pseudonymised input and outcome",
  request: { params: IdParam },
  responses: { 200: json(Round), ...problems(404) },
});
const outcome = createRoute({
  method: "get",
  path: "/exchange/rounds/{id}/outcome.csv",
  tags: ["exchange"],
  summary: "A round's outcome with names, e-mails and statuses (platform admin)",
  request: { params: IdParam },
  responses: { 200: { description: "CSV", content: Csv }, ...problems(401, 403, 404) },
});
const accept = createRoute({
  method: "post",
  path: "/me/exchange-placement/accept",
  tags: ["exchange"],
  summary:
    "Accept one's assigned place by the answer date and enrol in it (free: active; priced: pending_payment, then POST /api/checkout); 409 not_assigned, respond_by_passed, declined, closed",
  responses: {
    200: json(
      z.object({
        status: z.literal("accepted"),
        offerId: z.string(),
        enrolmentId: z.string(),
        enrolmentStatus: z.string(),
        preparatoryCourseId: z.string().optional(),
      }),
    ),
    ...problems(401, 409),
  },
});
const decline = createRoute({
  method: "post",
  path: "/me/exchange-placement/decline",
  tags: ["exchange"],
  summary: "Decline one's assigned place: it goes to the next round (409 not_assigned, respond_by_passed, accepted)",
  responses: {
    200: json(z.object({ status: z.literal("declined"), offerId: z.string() })),
    ...problems(401, 409),
  },
});
const placements = createRoute({
  method: "get",
  path: "/exchange/offers/{id}/placements",
  tags: ["exchange"],
  summary: "Why each place of an offer went where it went, round by round (admins of its institution)",
  request: { params: IdParam },
  responses: {
    200: json(
      z.object({
        items: z.array(
          z.object({
            personId: z.string(),
            name: z.string().nullable(),
            rank: z.number().int().nullable(),
            roundId: z.string(),
            outcome: z.enum(["placed", "higher_choice", "full", "not_ranked"]),
            status: z.enum(["assigned", "unassigned", "accepted", "declined", "lapsed"]).optional(),
            why: Explanation,
          }),
        ),
      }),
    ),
    ...problems(401, 403, 404),
  },
});

export const exchangeRoundRoutes = router()
  .openapi(run, async (c) => {
    const input = c.req.valid("json") ?? {};
    return c.json(
      await ExchangeRounds.run(c.get("actor"), { respondBy: input.respondBy, notify: ExchangeMails.sendRoundMails }),
      201,
    );
  })
  .openapi(progress, async (c) => c.json(await ExchangeRounds.progress(c.get("actor")), 200))
  .openapi(list, async (c) => c.json({ items: await ExchangeRounds.list() }, 200))
  .openapi(detail, async (c) => c.json(await ExchangeRounds.get(c.req.valid("param").id), 200))
  .openapi(outcome, async (c) => {
    const { id } = c.req.valid("param");
    return csv(c, `round-${id}-outcome.csv`, await ExchangePlacements.outcomeCsv(c.get("actor"), id));
  })
  .openapi(accept, async (c) => c.json(await ExchangePlacements.accept(c.get("actor")), 200))
  .openapi(decline, async (c) => c.json(await ExchangePlacements.decline(c.get("actor")), 200))
  .openapi(placements, async (c) =>
    c.json({ items: await ExchangePlacements.forOffer(c.get("actor"), c.req.valid("param").id) }, 200),
  );
