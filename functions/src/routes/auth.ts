import { createRoute, z } from "@hono/zod-openapi";
import { Auth, People } from "@rutas/core";
import { clearSessionCookie, setSessionCookie } from "../http/auth";
import { body, json, problems, router } from "../http/openapi";
import { Email, Locale, PersonView } from "./schemas";

const magicLink = createRoute({
  method: "post",
  path: "/auth/magic-link",
  tags: ["sign-in"],
  summary: "E-mail a one-time sign-in link (15 min)",
  request: { body: body(z.strictObject({ email: Email, locale: Locale.optional() })) },
  responses: { 202: json(z.object({ status: z.literal("sent") }), "Accepted"), ...problems(400, 429) },
});

const session = createRoute({
  method: "post",
  path: "/auth/session",
  tags: ["sign-in"],
  summary: "Exchange a magic-link token for a session (cookie + token)",
  request: { body: body(z.strictObject({ token: z.string().min(1).max(200) })) },
  responses: {
    200: json(z.object({ token: z.string(), expiresAt: z.string(), user: PersonView })),
    ...problems(400, 401),
  },
});

// GET /me answers 401 to a visitor (the contract relies on it); a page that only wants to
// know who is there asks here, so a visitor costs no failed request.
const whoIsThere = createRoute({
  method: "get",
  path: "/auth/session",
  tags: ["sign-in"],
  summary: "Who is signed in: the same person as GET /api/me, or null for a visitor (never 401)",
  responses: { 200: json(z.object({ user: PersonView.nullable() })), ...problems(401) },
});

const signOut = createRoute({
  method: "post",
  path: "/auth/signout",
  tags: ["sign-in"],
  summary: "Forget the session cookie",
  responses: { 200: json(z.object({ status: z.literal("signed_out") })) },
});

export const authRoutes = router()
  .openapi(magicLink, async (c) => {
    const { email, locale } = c.req.valid("json");
    await Auth.requestMagicLink(email, locale ?? "en");
    return c.json({ status: "sent" as const }, 202);
  })
  .openapi(session, async (c) => {
    const s = await Auth.exchangeMagicLink(c.req.valid("json").token);
    setSessionCookie(c, s.token, s.expiresAt);
    const user = await People.me({
      kind: "person",
      id: s.person.id,
      email: s.person.email,
      roles: Auth.rolesFor(s.person.email),
    });
    return c.json({ token: s.token, expiresAt: s.expiresAt, user }, 200);
  })
  .openapi(whoIsThere, async (c) => {
    c.header("Cache-Control", "private, no-store");
    return c.json({ user: await People.signedIn(c.get("actor")) }, 200);
  })
  .openapi(signOut, (c) => {
    clearSessionCookie(c);
    return c.json({ status: "signed_out" as const }, 200);
  });
