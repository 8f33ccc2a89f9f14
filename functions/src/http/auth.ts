/**
 * Resolves who is calling. Bearer tokens are for API clients (a bad one is a 401);
 * the HttpOnly cookie is for the web (a stale one is ignored and cleared).
 * Writes made with the cookie must carry X-Rutas-CSRF: a custom header cannot be
 * sent cross-site without a CORS preflight, which this API never grants.
 */
import { Actor, Auth, Config, Forbidden, Unauthorized } from "@rutas/core";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Env } from "./env";

export const SESSION_COOKIE = "rutas_session";
export const CSRF_HEADER = "X-Rutas-CSRF";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** The request id travels to core on the actor, so an audit entry names the request that made it. */
const withRequest = <A extends object>(c: Context<Env>, actor: A): A => ({ ...actor, requestId: c.get("requestId") });

/**
 * Routes whose authority is a signed token in the URL, never a session: the one-click unsubscribe,
 * which a mail provider POSTs without cookies and a signed-in person's browser POSTs from a plain
 * form (no CSRF header without script). The session is not read there at all.
 */
const TOKEN_ONLY = new Set(["/api/unsubscribe"]);

export const resolveActor: MiddlewareHandler<Env> = async (c, next) => {
  if (TOKEN_ONLY.has(c.req.path)) {
    c.set("actor", Actor.anonymous);
    c.set("authVia", "none");
    return next();
  }
  const header = c.req.header("Authorization");
  if (header) {
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m) throw new Unauthorized("Authorization must be 'Bearer <token>'.");
    c.set("actor", withRequest(c, await Auth.verifySession(m[1].trim())));
    c.set("authVia", "bearer");
    return next();
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) {
    try {
      c.set("actor", withRequest(c, await Auth.verifySession(cookie)));
      c.set("authVia", "cookie");
    } catch {
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      c.set("actor", Actor.anonymous);
      c.set("authVia", "none");
    }
    if (c.get("authVia") === "cookie" && !SAFE.has(c.req.method) && !c.req.header(CSRF_HEADER)) {
      throw new Forbidden(`Writes made with the session cookie need the ${CSRF_HEADER} header.`);
    }
    return next();
  }
  c.set("actor", Actor.anonymous);
  c.set("authVia", "none");
  return next();
};

export function setSessionCookie(c: Context, token: string, expiresAt: string) {
  setCookie(c, SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    secure: Config.config().appUrl.startsWith("https://"),
    sameSite: "Lax",
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}
