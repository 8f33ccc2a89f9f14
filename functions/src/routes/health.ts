import { createRoute, z } from "@hono/zod-openapi";
import { Health, Unavailable } from "@rutas/core";
import { json, problems, router } from "../http/openapi";

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["platform"],
  summary: "200 only when the database answers",
  responses: { 200: json(z.object({ status: z.literal("ok") })), ...problems(503) },
});

export const healthRoutes = router().openapi(health, async (c) => {
  if (!(await Health.databaseAnswers())) throw new Unavailable();
  return c.json({ status: "ok" as const }, 200);
});
