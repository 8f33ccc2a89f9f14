import { Config } from "@rutas/core";
import { describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";

const { call, signIn } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));

describe("platform", () => {
  it("is healthy when the table answers", async () => {
    const res = await call("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });

  it("answers unknown routes with a problem+json 404", async () => {
    const res = await call("GET", "/api/nowhere");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body).toMatchObject({ status: 404, title: "Not found" });
  });

  it("sets security headers and a request id on every response", async () => {
    const res = await call("GET", "/api/topics");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-request-id")).toMatch(/.{8,}/);
  });

  it("logs one line per request with its request id", async () => {
    const lines: Record<string, unknown>[] = [];
    const app = createApp({ log: (l) => lines.push(l) });
    const res = await app.request("/api/topics");
    expect(lines).toContainEqual(
      expect.objectContaining({ requestId: res.headers.get("x-request-id"), status: 200, path: "/api/topics" }),
    );
  });

  it("lists the five programme topics in three languages", async () => {
    const res = await call("GET", "/api/topics");
    expect(res.body.items.map((t: { id: string }) => t.id)).toEqual([
      "urban-environment",
      "community-natural-resources",
      "social-participation",
      "local-production-and-trade",
      "local-public-administration",
    ]);
    for (const t of res.body.items) expect(Object.keys(t.name).sort()).toEqual(["en", "es", "fr"]);
  });

  it("publishes an OpenAPI document covering every route", async () => {
    const res = await call("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    for (const p of [
      "/health",
      "/topics",
      "/auth/magic-link",
      "/auth/session",
      "/me",
      "/institutions",
      "/institutions/{id}/members",
    ]) {
      expect(paths).toContain(p);
    }
    expect(res.body.components.schemas).toHaveProperty("Problem");
  });
});

describe("sign-in", () => {
  it("turns a magic link into a session usable as Bearer and as cookie", async () => {
    const { token, user } = await signIn("lucia@example.org");
    expect(user).toMatchObject({ email: "lucia@example.org", roles: ["participant"], pricingGroup: "standard" });
    const me = await call("GET", "/api/me", { token });
    expect(me.status).toBe(200);
    const viaCookie = await call("GET", "/api/me", { headers: { Cookie: `rutas_session=${token}` } });
    expect(viaCookie.body.email).toBe("lucia@example.org");
  });

  it("sets an HttpOnly SameSite=Lax session cookie", async () => {
    await call("POST", "/api/auth/magic-link", { body: { email: "cookie@example.org" } });
    const outbox = await call("GET", "/api/dev/outbox?to=cookie@example.org");
    const token = new URL(outbox.body[0].link).searchParams.get("token");
    const res = await call("POST", "/api/auth/session", { body: { token } });
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^rutas_session=/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
  });

  it("refuses a reused, forged or missing token with 401", async () => {
    await call("POST", "/api/auth/magic-link", { body: { email: "once@example.org" } });
    const outbox = await call("GET", "/api/dev/outbox?to=once@example.org");
    const token = new URL(outbox.body[0].link).searchParams.get("token");
    expect((await call("POST", "/api/auth/session", { body: { token } })).status).toBe(200);
    const reused = await call("POST", "/api/auth/session", { body: { token } });
    expect(reused.status).toBe(401);
    expect(reused.headers.get("content-type")).toBe("application/problem+json");
    expect((await call("GET", "/api/me", { token: "eyJhbGciOiJIUzI1NiJ9.e30.forged" })).status).toBe(401);
    expect((await call("GET", "/api/me")).status).toBe(401);
  });

  it("refuses an expired session with 401", async () => {
    const { Auth } = await import("@rutas/core");
    const { token } = await signIn("late@example.org");
    const actor = await Auth.verifySession(token);
    const previous = Config.config().sessionDays;
    Config.configure({ sessionDays: -1 });
    const expired = await Auth.issueSession(actor.id, actor.email);
    Config.configure({ sessionDays: previous });
    expect((await call("GET", "/api/me", { token: expired.token })).status).toBe(401);
  });

  it("rate-limits magic links per address with a 429 problem", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await call("POST", "/api/auth/magic-link", { body: { email: "many@example.org" } })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    const res = await call("POST", "/api/auth/magic-link", { body: { email: "many@example.org" } });
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("needs the CSRF header for writes made with the cookie", async () => {
    const { token } = await signIn("csrf@example.org");
    const cookie = { Cookie: `rutas_session=${token}` };
    const blocked = await call("PATCH", "/api/me", { body: { name: "X" }, headers: cookie });
    expect(blocked.status).toBe(403);
    const allowed = await call("PATCH", "/api/me", {
      body: { name: "X" },
      headers: { ...cookie, "X-Rutas-CSRF": "1" },
    });
    expect(allowed.status).toBe(200);
  });
});

describe("profile", () => {
  it("derives side and pricing group from country and organisation type", async () => {
    const { token } = await signIn("rosa@example.org");
    const pe = await call("PATCH", "/api/me", {
      token,
      body: { name: "Rosa Quispe", country: "PE", organisationType: "ngo" },
    });
    expect(pe.body).toMatchObject({ name: "Rosa Quispe", country: "PE", side: "south", pricingGroup: "reduced" });
    const talent = await call("PATCH", "/api/me", { token, body: { organisationType: "local_talent" } });
    expect(talent.body.pricingGroup).toBe("community");
    const ca = await call("PATCH", "/api/me", { token, body: { country: "CA" } });
    expect(ca.body).toMatchObject({ side: "north", pricingGroup: "standard" });
  });

  it("rejects bad fields with a 400 naming each one, and writes nothing", async () => {
    const { token } = await signIn("bad@example.org");
    await call("PATCH", "/api/me", { token, body: { name: "Before" } });
    const res = await call("PATCH", "/api/me", {
      token,
      body: { name: "After", country: "XX", birthYear: 1700, organisationType: "pirates", pricingGroup: "community" },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(expect.arrayContaining(["country", "birthYear", "organisationType"]));
    // pricingGroup is derived, never accepted from the client.
    expect(JSON.stringify(res.body.errors)).toContain("pricingGroup");
    expect((await call("GET", "/api/me", { token })).body.name).toBe("Before");
  });

  it("answers malformed JSON with a 400 problem, not a crash", async () => {
    const { token } = await signIn("json@example.org");
    const res = await call("PATCH", "/api/me", { token, body: "{not json" });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/JSON/);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts/);
  });
});

describe("institutions", () => {
  it("lets the platform admin create one and add its admin; others are refused", async () => {
    const admin = await signIn("admin@example.org");
    expect(admin.user.roles).toContain("platform_admin");
    const someone = await signIn("someone@example.org");
    const body = { name: "Universidad Nacional de San Antonio Abad del Cusco", country: "PE", type: "university" };
    expect((await call("POST", "/api/institutions", { body })).status).toBe(401);
    expect((await call("POST", "/api/institutions", { body, token: someone.token })).status).toBe(403);
    const created = await call("POST", "/api/institutions", { body, token: admin.token });
    expect(created.status).toBe(201);
    const id = created.body.id;

    const member = await call("POST", `/api/institutions/${id}/members`, {
      token: admin.token,
      body: { email: "Dean@Unsaac.example", role: "admin" },
    });
    expect(member.status).toBe(201);
    const dean = await signIn("dean@unsaac.example");
    expect(dean.user.institutions).toEqual([{ id, role: "admin" }]);
    expect(dean.user.roles).toContain("institution_admin");
    // The institution's own admin may add another; a stranger may not.
    expect(
      (
        await call("POST", `/api/institutions/${id}/members`, {
          token: dean.token,
          body: { email: "vice@unsaac.example", role: "admin" },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call("POST", `/api/institutions/${id}/members`, {
          token: someone.token,
          body: { email: "me@x.example", role: "admin" },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call("POST", `/api/institutions/nope/members`, {
          token: admin.token,
          body: { email: "me@x.example", role: "admin" },
        })
      ).status,
    ).toBe(404);

    const list = await call("GET", "/api/institutions");
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it("names every bad field of a new institution", async () => {
    const admin = await signIn("admin@example.org");
    const res = await call("POST", "/api/institutions", {
      token: admin.token,
      body: { name: "", country: "Peru", type: "club" },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["country", "name", "type"]);
  });
});

describe("stages", () => {
  it("has no outbox outside the local stage", async () => {
    const previous = Config.config().stage;
    Config.configure({ stage: "prod" });
    try {
      const prod = createApp({ log: () => {} });
      const res = await prod.request("/api/dev/outbox?to=a@example.org");
      expect(res.status).toBe(404);
    } finally {
      Config.configure({ stage: previous });
    }
  });
});

describe("hosts", () => {
  it("lets the platform admin register a local talent, listed by country without their e-mail", async () => {
    const admin = await signIn("admin@example.org");
    const body = {
      name: "Doña Justina Mamani",
      kind: "talent",
      country: "PE",
      region: "Puno",
      expertise: "Native potato seed banks",
      email: "justina@example.org",
    };
    const created = await call("POST", "/api/hosts", { token: admin.token, body });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty("email");
    const someone = await signIn("nothost@example.org");
    expect((await call("POST", "/api/hosts", { token: someone.token, body })).status).toBe(403);
    const bad = await call("POST", "/api/hosts", {
      token: admin.token,
      body: { ...body, kind: "wizard", country: "Puno" },
    });
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["country", "kind"]);
    const list = await call("GET", "/api/hosts?country=PE");
    expect(list.body.items).toEqual([expect.objectContaining({ id: created.body.id, region: "Puno" })]);
    expect(list.body.items[0]).not.toHaveProperty("email");
  });
});

describe("profile clearing", () => {
  it("clears a field sent as null, and refuses to clear the name", async () => {
    const { token } = await signIn("clear@example.org");
    await call("PATCH", "/api/me", { token, body: { name: "Inés", country: "EC", organisationType: "ngo" } });
    const cleared = await call("PATCH", "/api/me", { token, body: { country: null, organisationType: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body).not.toHaveProperty("country");
    expect(cleared.body).toMatchObject({ name: "Inés", side: null, pricingGroup: "standard" });
    expect((await call("PATCH", "/api/me", { token, body: { name: null } })).status).toBe(400);
  });
});

describe("who is signed in, without a failed request", () => {
  it("GET /api/auth/session answers a visitor 200 {user: null}, while GET /api/me stays 401", async () => {
    const res = await call("GET", "/api/auth/session");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: null });
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect((await call("GET", "/api/me")).status).toBe(401);
  });

  it("answers the same person as GET /api/me, by Bearer and by cookie; a stale cookie is a visitor", async () => {
    const { token } = await signIn("who@example.org");
    const me = (await call("GET", "/api/me", { token })).body;
    expect((await call("GET", "/api/auth/session", { token })).body).toEqual({ user: me });
    expect((await call("GET", "/api/auth/session", { headers: { Cookie: `rutas_session=${token}` } })).body).toEqual({
      user: me,
    });
    expect((await call("GET", "/api/auth/session", { headers: { Cookie: "rutas_session=forged" } })).body).toEqual({
      user: null,
    });
  });

  it("is in the OpenAPI document with the person view", async () => {
    const doc = (await call("GET", "/api/openapi.json")).body;
    const schema = doc.paths["/auth/session"].get.responses["200"].content["application/json"].schema;
    expect(JSON.stringify(schema)).toContain("#/components/schemas/Person");
    expect(doc.paths["/auth/session"].post).toBeDefined(); // the exchange is unchanged
  });
});
