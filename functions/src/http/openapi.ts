/**
 * Shared OpenAPI pieces: the router factory whose validation hook turns every zod
 * failure into one 400 naming each field, and the problem+json response schema.
 *
 * Rules kept here so no route can forget them:
 * - a path parameter of the wrong shape names nothing that can exist: 404, naming it;
 * - an unknown body field is refused, one error per key with its full path
 *   (`modules.0.lessons.1.bogus`), `__proto__` included (JSON.parse makes it an own key);
 * - a route that declares a required JSON body refuses a request without one (400 `body`):
 *   otherwise the validator would see `{}` and an all-optional PATCH would succeed.
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { DomainError, type FieldError, Invalid } from "@rutas/core";
import type { MiddlewareHandler } from "hono";
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

// The same test Hono's validator applies, so "JSON" means one thing on both sides.
const isJson = (contentType: string | undefined) =>
  !!contentType && /^application\/([\w.-]+\+)?json$/i.test(contentType.split(";")[0].trim());

/** A declared, required JSON body must be there and be JSON; `{}` is a body, nothing is not. */
export const requireJsonBody: MiddlewareHandler<Env> = async (c, next) => {
  const contentType = c.req.header("content-type");
  const text = c.req.raw.body ? await c.req.text() : "";
  if (!text.trim()) throw Invalid.field("body", "A JSON body is required.");
  if (!contentType)
    throw Invalid.field("body", "Send the body as application/json (the Content-Type header is missing).");
  // Another media type goes on to the route's media-type gate, which answers 415.
  await next();
};

type RouteLike = {
  request?: { body?: { required?: boolean; content?: Record<string, unknown> } };
  middleware?: unknown;
};

export function router() {
  const r = new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = fieldErrors(result.error.issues as readonly Issue[], result.target);
        if (result.target === "param") {
          throw new DomainError(
            "not_found",
            `Nothing is found at this address: ${errors.map((e) => e.path).join(", ")} cannot name anything.`,
            errors,
          );
        }
        throw new Invalid(
          `Invalid ${result.target === "json" ? "body" : result.target}: ${errors.map((e) => e.path).join(", ")}.`,
          errors,
        );
      }
    },
  });
  // Every route declaring a required JSON body gets requireJsonBody before its validators.
  const register = r.openapi;
  r.openapi = ((route: RouteLike, ...rest: unknown[]) => {
    const body = route.request?.body;
    const wantsJson = body?.required && Object.keys(body.content ?? {}).some((t) => isJson(t));
    if (!wantsJson) return (register as (...a: unknown[]) => unknown)(route, ...rest);
    const own = route.middleware ? (Array.isArray(route.middleware) ? route.middleware : [route.middleware]) : [];
    return (register as (...a: unknown[]) => unknown)({ ...route, middleware: [requireJsonBody, ...own] }, ...rest);
  }) as typeof r.openapi;
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
