import { createRoute, z } from "@hono/zod-openapi";
import { Topics } from "@rutas/core";
import { json, router } from "../http/openapi";

const Localized = z.object({ en: z.string(), es: z.string(), fr: z.string() });
const list = createRoute({
  method: "get",
  path: "/topics",
  tags: ["portal"],
  summary: "The programme's topics with their names in EN/ES/FR",
  responses: { 200: json(z.object({ items: z.array(z.object({ id: z.string(), name: Localized })) })) },
});

export const topicRoutes = router().openapi(list, (c) => {
  c.header("Cache-Control", "public, max-age=3600");
  return c.json({ items: Topics.topics.map((t) => ({ id: t.id, name: t.name })) }, 200);
});
