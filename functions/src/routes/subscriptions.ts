/**
 * Alerts: a signed-in person's digest subscription, and the one-click unsubscribe that needs no
 * sign-in (the signed token in the link is the authority; RFC 8058 POSTs it). Decision 0023.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { Alerts, Topics } from "@rutas/core";
import { body, json, problems, router } from "../http/openapi";
import { Country } from "./schemas";

const SubscriptionInput = z
  .strictObject({
    topics: z.array(z.enum(Topics.TOPIC_IDS)).max(Topics.TOPIC_IDS.length),
    countries: z.array(Country).max(Alerts.MAX_COUNTRIES),
    frequency: z.enum(Alerts.FREQUENCIES),
  })
  .openapi("SubscriptionInput");

const Subscription = z
  .object({
    topics: z.array(z.string()),
    countries: z.array(z.string()),
    frequency: z.enum(Alerts.FREQUENCIES),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
    lastDigestAt: z.string().optional(),
  })
  .openapi("Subscription");

const Token = z.object({ token: z.string().min(1).max(200) });
const html = (description: string) => ({ description, content: { "text/html": { schema: z.string() } } });

const getMine = createRoute({
  method: "get",
  path: "/me/subscriptions",
  tags: ["alerts"],
  summary: "The signed-in person's alert subscription (frequency off when none)",
  responses: { 200: json(Subscription), ...problems(401) },
});

const putMine = createRoute({
  method: "put",
  path: "/me/subscriptions",
  tags: ["alerts"],
  summary: "Subscribe to daily or weekly digests by topic and country (empty lists: all), or turn them off",
  request: { body: body(SubscriptionInput) },
  responses: { 200: json(Subscription), ...problems(400, 401) },
});

const confirmPage = createRoute({
  method: "get",
  path: "/unsubscribe",
  tags: ["alerts"],
  summary: "The page an unsubscribe link opens: a one-button confirmation (a link preview changes nothing)",
  request: { query: Token },
  responses: { 200: html("Confirmation page"), ...problems(400) },
});

const oneClick = createRoute({
  method: "post",
  path: "/unsubscribe",
  tags: ["alerts"],
  summary: "One-click unsubscribe (RFC 8058; also the confirmation page's button): no sign-in",
  request: { query: Token },
  responses: { 200: html("Unsubscribed"), ...problems(400) },
});

export const subscriptionRoutes = router()
  .openapi(getMine, async (c) => c.json(await Alerts.mine(c.get("actor")), 200))
  .openapi(putMine, async (c) => c.json(await Alerts.save(c.get("actor"), c.req.valid("json")), 200))
  .openapi(confirmPage, async (c) => {
    const { token } = c.req.valid("query");
    const { locale } = await Alerts.unsubscribeTarget(token);
    return c.html(
      Alerts.unsubscribePage(locale, "confirm", `/api/unsubscribe?token=${encodeURIComponent(token)}`),
      200,
    );
  })
  .openapi(oneClick, async (c) => {
    const { token } = c.req.valid("query");
    const { locale } = await Alerts.unsubscribeTarget(token);
    await Alerts.unsubscribe(token);
    return c.html(Alerts.unsubscribePage(locale, "done"), 200);
  });
