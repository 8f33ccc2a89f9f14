/**
 * Alerts over HTTP: a signed-in person subscribes; bad input is a 400 naming each field and changes
 * nothing; their Spanish digest lists a new cohort and carries a link that unsubscribes in one click
 * without a session (GET shows a confirmation and changes nothing; POST, RFC 8058, turns it off).
 */
import { Alerts } from "@rutas/core";
import { publishedCourseWithCohort } from "@rutas/core/testing/fixtures";
import { describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";

const { app, call, signIn } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));
const runJob = () => Alerts.runDigests({ now: new Date(), sendHourUtc: 0, settleMs: 0 });

describe("PUT/GET /api/me/subscriptions", () => {
  it("needs a session", async () => {
    expect((await call("GET", "/api/me/subscriptions")).status).toBe(401);
    const res = await call("PUT", "/api/me/subscriptions", {
      body: { topics: [], countries: [], frequency: "daily" },
    });
    expect(res.status).toBe(401);
  });

  it("saves a subscription and reads it back", async () => {
    const { token } = await signIn("subs-read@example.org");
    expect((await call("GET", "/api/me/subscriptions", { token })).body).toEqual({
      topics: [],
      countries: [],
      frequency: "off",
    });
    const body = {
      topics: ["urban-environment", "social-participation"],
      countries: ["PE", "CA"],
      frequency: "weekly",
    };
    const put = await call("PUT", "/api/me/subscriptions", { token, body });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject(body);
    expect((await call("GET", "/api/me/subscriptions", { token })).body).toMatchObject(body);
  });

  it("bad input is a 400 naming every field, and nothing changes", async () => {
    const { token } = await signIn("subs-bad@example.org");
    await call("PUT", "/api/me/subscriptions", { token, body: { topics: [], countries: ["PE"], frequency: "daily" } });
    const res = await call("PUT", "/api/me/subscriptions", {
      token,
      body: { topics: ["astrology"], countries: ["PE", "XX"], frequency: "hourly" },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      "countries.1",
      "frequency",
      "topics.0",
    ]);
    const missing = await call("PUT", "/api/me/subscriptions", { token, body: { topics: [] } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["countries", "frequency"]);
    expect((await call("GET", "/api/me/subscriptions", { token })).body).toMatchObject({
      countries: ["PE"],
      frequency: "daily",
    });
  });
});

describe("a digest in Spanish, unsubscribed by its link", () => {
  it("lists a new cohort in Spanish; its link unsubscribes in one click without signing in", async () => {
    const email = "lucia.mamani@example.org";
    const { token } = await signIn(email);
    await call("PATCH", "/api/me", { token, body: { languages: ["qu", "es"], country: "PE" } });
    const sub = await call("PUT", "/api/me/subscriptions", {
      token,
      body: { topics: ["community-natural-resources"], countries: ["PE"], frequency: "daily" },
    });
    expect(sub.status).toBe(200);
    const { course, cohort } = await publishedCourseWithCohort({ capacity: 8, startOffset: 21 });

    const now = await call("POST", "/api/dev/digests"); // the local stage's "run it now"
    expect(now.status).toBe(200);
    expect(now.body.sent).toBeGreaterThanOrEqual(1);
    await runJob(); // the same period: nobody gets a second digest
    const outbox = (await call("GET", `/api/dev/outbox?to=${encodeURIComponent(email)}`)).body as {
      subject: string;
      text: string;
      html?: string;
      headers?: Record<string, string>;
    }[];
    const digests = outbox.filter((m) => m.headers);
    expect(digests).toHaveLength(1);
    const [digest] = digests;
    expect(digest.subject).toMatch(/novedad/);
    expect(digest.text).toContain("Nuevas ediciones de cursos");
    expect(digest.text).toContain("Gestión comunitaria del agua");
    expect(digest.text).toContain(`/es/courses/${course.id}`);
    expect(digest.text).toContain(cohort.startDate);
    expect(digest.html).toContain("Gestión comunitaria del agua");
    expect(digest.headers!["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const link = new URL(digest.headers!["List-Unsubscribe"].replace(/^<|>$/g, ""));
    expect(link.pathname).toBe("/api/unsubscribe");

    // Opening the link (or a mail scanner prefetching it) only shows the confirmation.
    const page = await app.request(link.pathname + link.search);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain("Darme de baja");
    expect(html).toContain('method="post"');
    expect((await call("GET", "/api/me/subscriptions", { token })).body.frequency).toBe("daily");

    // RFC 8058 one-click: a POST with no session; a signed-in browser's cookie does not get in the way.
    const done = await app.request(link.pathname + link.search, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: `rutas_session=${token}` },
      body: "List-Unsubscribe=One-Click",
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Te diste de baja");
    expect((await call("GET", "/api/me/subscriptions", { token })).body.frequency).toBe("off");

    // Unsubscribed: the next cohort reaches nobody's outbox.
    await publishedCourseWithCohort({ capacity: 8 });
    await runJob();
    const after = (await call("GET", `/api/dev/outbox?to=${encodeURIComponent(email)}`)).body as { headers?: object }[];
    expect(after.filter((m) => m.headers)).toHaveLength(1);
  });

  it("a forged or malformed token is a 400 naming token, and changes nothing", async () => {
    const { token, user } = await signIn("forged@example.org");
    await call("PUT", "/api/me/subscriptions", { token, body: { topics: [], countries: [], frequency: "weekly" } });
    const real = Alerts.unsubscribeToken(user.id);
    for (const bad of [`${real.slice(0, -3)}AAA`, "v1.x.y", "nonsense"]) {
      const res = await call("POST", `/api/unsubscribe?token=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.errors).toEqual([{ path: "token", message: expect.any(String) }]);
      expect((await call("GET", `/api/unsubscribe?token=${encodeURIComponent(bad)}`)).status).toBe(400);
    }
    expect((await call("POST", "/api/unsubscribe")).status).toBe(400);
    expect((await call("GET", "/api/me/subscriptions", { token })).body.frequency).toBe("weekly");
  });
});
