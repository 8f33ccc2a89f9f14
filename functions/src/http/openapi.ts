/**
 * Shared OpenAPI pieces: the router factory whose validation hook turns every zod
 * failure into one 400 naming each field, and the problem+json response schema.
 *
 * Rules kept here so no route can forget them:
 * - a path parameter of the wrong shape names nothing that can exist: 404, naming it;
 * - an unknown body field is refused, one error per key with its full path
 *   (`modules.0.lessons.1.bogus`), `__proto__` included (JSON.parse makes it an own key);
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { DomainError, type FieldError, Invalid } from "@rutas/core";
import type { Env } from "./env";

type Issue = { code: string; path: PropertyKey[]; message: string; keys?: string[] };

/** One error per field; an unrecognized_keys issue becomes one error per key. */
export function fieldErrors(issues: readonly Issue[], target: string): FieldError[] {
  const where = target === "json" ? "" : `${target}.`;
  const root = target === "json" ? "body" : "(root)";
  const join = (path: PropertyKey[]) => where + (path.length ? path.map(String).join(".") : root);
  return issues.flatMap((i) =>
    i.code === "unrecognized_keys" && i.keys?.length
      ? i.keys.map((k) => ({ path: join([...i.path, k]), message: "Unknown field: not part of this request." }))
      : [{ path: join(i.path), message: i.message }],
  );
}

export function router() {
  const r = new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = fieldErrors(result.error.issues as readonly Issue[], result.target);
        if (result.target === "param") {
          throw new DomainError("not_found", `Nothing is found at this address: ${errors.map((e) => e.path).join(", ")} cannot name anything.`, errors);
        }
        throw new Invalid(`Invalid ${result.target === "json" ? "body" : result.target}: ${errors.map((e) => e.path).join(", ")}.`, errors);
      }
    },
  });
  return r;
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
