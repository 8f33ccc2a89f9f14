/**
 * Shared OpenAPI pieces: the router factory whose validation hook turns every zod
 * failure into one 400 naming each field, and the problem+json response schema.
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Invalid } from "@rutas/core";
import type { Env } from "./env";

export function router() {
  return new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success) {
        const where = result.target === "json" ? "" : `${result.target}.`;
        const errors = result.error.issues.map((i) => ({
          path: where + (i.path.length ? i.path.join(".") : result.target === "json" ? "body" : "(root)"),
          message: i.message,
        }));
        throw new Invalid(`Invalid ${result.target === "json" ? "body" : result.target}: ${errors.map((e) => e.path).join(", ")}.`, errors);
      }
    },
  });
}

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().optional().openapi({ description: "Machine-readable reason, e.g. already_enrolled" }),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const problemContent = { "application/problem+json": { schema: ProblemSchema } };
export const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: `Problem (${s})`, content: problemContent }]));

export const json = <T extends z.ZodType>(schema: T, description = "OK") => ({
  description,
  content: { "application/json": { schema } },
});

export const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});
