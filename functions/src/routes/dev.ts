/** Local stage only: the outbox, so a developer or a browser test can read what was e-mailed. */
import { createRoute, z } from "@hono/zod-openapi";
import { Alerts, Mail } from "@rutas/core";
import { json, router } from "../http/openapi";
import { Email } from "./schemas";

const outbox = createRoute({
  method: "get",
  path: "/dev/outbox",
  tags: ["local development"],
  summary: "E-mails sent to an address, newest first (local stage only)",
  request: { query: z.object({ to: Email }) },
  responses: {
    200: json(
      z.array(
        z.object({
          to: z.string(),
          subject: z.string(),
          text: z.string(),
          link: z.string().optional(),
          html: z.string().optional(),
          headers: z.record(z.string(), z.string()).optional(),
          sentAt: z.string(),
        }),
      ),
    ),
  },
});

const digestsNow = createRoute({
  method: "post",
  path: "/dev/digests",
  tags: ["local development"],
  summary: "Runs the digest job now, whatever the hour, counting items up to this moment (local stage only)",
  responses: {
    200: json(
      z.object({
        due: z.number(),
        sent: z.number(),
        empty: z.number(),
        skipped: z.number(),
        failed: z.number(),
        sourceItems: z.number(),
        left: z.number(),
      }),
    ),
  },
});

export const devRoutes = router()
  .openapi(digestsNow, async (c) =>
    c.json(await Alerts.runDigests({ now: new Date(), sendHourUtc: 0, settleMs: 0 }), 200),
  )
  .openapi(outbox, async (c) => {
    const mails = await Mail.listFor(c.req.valid("query").to);
    return c.json(
      mails.map(({ to, subject, text, link, html, headers, sentAt }) => ({
        to,
        subject,
        text,
        link,
        html,
        headers,
        sentAt,
      })),
      200,
    );
  });
