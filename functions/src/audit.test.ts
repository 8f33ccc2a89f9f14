/**
 * GET /api/audit: the platform admin reads and filters everything; an institution's admin reads
 * its institution's part and nothing else; CSV; pages with an opaque cursor. Entries are made by
 * the real admin routes, and carry the request id the client saw.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";

const { call, signIn } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));

let admin: { token: string; user: { id: string } };
let laval: { id: string; admin: { token: string; user: { id: string } } };
let cusco: { id: string; admin: { token: string; user: { id: string } } };
let courseId: string;
let publishRequestId: string | null;

async function institution(name: string, email: string) {
  const inst = await call("POST", "/api/institutions", {
    token: admin.token,
    body: { name, country: "PE", type: "university" },
  });
  expect(inst.status).toBe(201);
  const m = await call("POST", `/api/institutions/${inst.body.id}/members`, {
    token: admin.token,
    body: { email, role: "admin" },
  });
  expect(m.status).toBe(201);
  return { id: inst.body.id as string, admin: await signIn(email) };
}

beforeAll(async () => {
  admin = await signIn("admin@example.org");
  laval = await institution("Université Laval", "audit-laval@example.org");
  cusco = await institution("=Universidad del Cusco", "audit-cusco@example.org");
  const course = await call("POST", "/api/courses", {
    token: laval.admin.token,
    body: {
      institutionId: laval.id,
      title: { fr: "Eau" },
      summary: { fr: "Qochas" },
      topics: ["urban-environment"],
      language: "fr",
      modules: [{ title: "Un", lessons: [{ title: "Une", body: "Texte" }] }],
    },
  });
  courseId = course.body.id;
  const published = await call("POST", `/api/courses/${courseId}/publish`, {
    token: laval.admin.token,
    headers: { "X-Request-Id": "audit-test-publish-1" },
  });
  expect(published.status).toBe(200);
  publishRequestId = published.headers.get("X-Request-Id");
  await call("POST", "/api/hosts", {
    token: admin.token,
    body: { name: "Raqchi", kind: "organisation", country: "PE" },
  });
}, 60_000);

const audit = (query: string, token = admin.token) => call("GET", `/api/audit${query}`, { token });

describe("GET /api/audit", () => {
  it("the platform admin reads every entry, newest first, with who, what and the request id", async () => {
    const res = await audit("");
    expect(res.status).toBe(200);
    const actions = res.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual([
      "host.created",
      "course.published",
      "course.created",
      "institution.member_added",
      "institution.created",
      "institution.member_added",
      "institution.created",
    ]);
    const publish = res.body.items[1];
    expect(publishRequestId).toBe("audit-test-publish-1");
    expect(publish).toMatchObject({
      actor: { kind: "person", id: laval.admin.user.id, email: "audit-laval@example.org" },
      target: { kind: "course", id: courseId },
      institutionId: laval.id,
      requestId: "audit-test-publish-1",
    });
    // A request id the client did not choose is still one: Hono's, echoed in X-Request-Id.
    expect(res.body.items[0].requestId).toMatch(/^[\w-]{8,}$/);
  });

  it("filters by action, actor, institution and dates", async () => {
    const byAction = await audit("?action=institution.created");
    expect(byAction.body.items.map((e: { target: { id: string } }) => e.target.id)).toEqual([cusco.id, laval.id]);
    const byActor = await audit(`?actorId=${laval.admin.user.id}`);
    expect(byActor.body.items.map((e: { action: string }) => e.action)).toEqual(["course.published", "course.created"]);
    const byInst = await audit(`?institutionId=${cusco.id}`);
    expect(byInst.body.items.map((e: { action: string }) => e.action)).toEqual([
      "institution.member_added",
      "institution.created",
    ]);
    const both = await audit(`?institutionId=${laval.id}&actorId=${admin.user.id}&action=institution.member_added`);
    expect(both.body.items).toHaveLength(1);
    expect((await audit("?from=2020-01-01&to=2020-01-31")).body.items).toEqual([]);
    expect((await audit("?action=payout.created")).body.items).toEqual([]);
  });

  it("an institution's admin reads its own part only; anyone else is refused", async () => {
    const own = await audit(`?institutionId=${laval.id}`, laval.admin.token);
    expect(own.status).toBe(200);
    expect(own.body.items.map((e: { action: string }) => e.action)).toEqual([
      "course.published",
      "course.created",
      "institution.member_added",
      "institution.created",
    ]);
    for (const query of [`?institutionId=${cusco.id}`, "", `?actorId=${laval.admin.user.id}`]) {
      const res = await audit(query, laval.admin.token);
      expect(res.status, query).toBe(403);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    const participant = await signIn("audit-participant@example.org");
    expect((await audit("", participant.token)).status).toBe(403);
    expect((await call("GET", "/api/audit")).status).toBe(401);
    expect((await audit(`?institutionId=01JD8X0Q9ZK5N6W3B2C4D5E6F7`)).status).toBe(404);
  });

  it("refuses unknown and malformed query fields, naming them", async () => {
    for (const [query, field] of [
      ["?bogus=1", "query.bogus"],
      ["?action=course.deleted", "query.action"],
      ["?from=yesterday", "query.from"],
      ["?actorId=nobody", "query.actorId"],
      ["?cursor=not-ours", "cursor"],
      ["?from=2026-12-02&to=2026-12-01", "from"],
    ]) {
      const res = await audit(query);
      expect(res.status, query).toBe(400);
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        query,
      ).toContain(field);
    }
  });

  it("pages with an opaque cursor, and exports CSV with spreadsheet-safe cells", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await audit(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((e: { id: string }) => e.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(seen).toEqual((await audit("")).body.items.map((e: { id: string }) => e.id));

    const csv = await audit("?format=csv&action=institution.created");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (csv.body as string)
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(lines[0]).toBe("at,action,actorKind,actorId,actorEmail,targetKind,targetId,institutionId,requestId,details");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(cusco.id);
    expect(lines[1]).not.toMatch(/(^|,)"?=Universidad/);
    const page = await audit("?format=csv&limit=1");
    expect(page.headers.get("X-Next-Cursor")).toBeTruthy();
  });
});
