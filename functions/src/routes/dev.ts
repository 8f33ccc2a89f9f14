/** Local stage only: the outbox, so a developer or a browser test can read what was e-mailed. */
import { createRoute, z } from "@hono/zod-openapi";
import { Mail } from "@rutas/core";
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

export const devRoutes = router().openapi(outbox, async (c) => {
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
