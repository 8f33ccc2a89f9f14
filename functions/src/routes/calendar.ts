/** The portal's calendar feed (API.md "Portal"): RFC 5545 for calendar apps to subscribe to. */
import { createRoute, z } from "@hono/zod-openapi";
import { PortalCalendar, Topics } from "@rutas/core";
import { file } from "../http/files";
import { problems, router } from "../http/openapi";
import { Country, Locale } from "./schemas";

/** Calendar apps poll; an hour keeps them (and any cache between) from reading the table on each poll. */
export const CALENDAR_MAX_AGE = 3600;

const feed = createRoute({
  method: "get",
  path: "/calendar.ics",
  tags: ["portal"],
  summary: "Open cohorts, Learning Routes, exchange deadlines and announcements as iCalendar, by topic and country",
  request: {
    query: z.object({
      topic: z.enum(Topics.TOPIC_IDS).optional(),
      country: Country.optional(),
      lang: Locale.optional(),
    }),
  },
  responses: {
    200: { description: "iCalendar (RFC 5545)", content: { "text/calendar": { schema: z.string() } } },
    ...problems(400),
  },
});

export const calendarRoutes = router().openapi(feed, async (c) => {
  const query = c.req.valid("query");
  c.header("Cache-Control", `public, max-age=${CALENDAR_MAX_AGE}`);
  return file(c, "text/calendar; charset=utf-8", "rutas.ics", await PortalCalendar.feed(query), true);
});
