/**
 * The demand board over HTTP (API.md "Portal", decision 0022): one request per person per
 * topic × language, counted atomically; the public board sets demand against open cohorts;
 * institution admins read the gaps and are e-mailed once per threshold crossing, even when
 * the requests that cross it arrive at once.
 */
import { Actor, Demand, Institutions, Mail, People } from "@rutas/core";
import { publishedCourseWithCohort } from "@rutas/core/testing/fixtures";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";

const { call, signIn } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));

let institutionId: string;
let admin: { token: string };
let stranger: { token: string };
const adminEs = "demanda-es@example.org";
const adminFr = "demande-fr@example.org";

beforeAll(async () => {
  const inst = await Institutions.create(Actor.system, {
    name: "Universidad Andina",
    country: "BO",
    type: "university",
  });
  institutionId = inst.id;
  await People.findOrCreateByEmail(adminEs, { languages: ["es"] });
  await People.findOrCreateByEmail(adminFr, { languages: ["fr", "es"] });
  await Institutions.addMember(Actor.system, inst.id, { email: adminEs, role: "admin" });
  await Institutions.addMember(Actor.system, inst.id, { email: adminFr, role: "admin" });
  admin = await signIn(adminEs);
  stranger = await signIn("stranger-d@example.org");
}, 60_000);

/** `n` people, each signed in, with a country on their profile. */
async function people(prefix: string, n: number, country = "PE") {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const email = `${prefix}-${i}@example.org`;
      await People.findOrCreateByEmail(email, { country });
      return signIn(email);
    }),
  );
}
const board = async () => (await call("GET", "/api/demand/summary")).body.items as any[];
const row = async (topic: string, language: string) =>
  (await board()).find((i) => i.topic === topic && i.language === language);

describe("demand requests", () => {
  it("a signed-in person asks once: 201, a repeat 200 and not counted again", async () => {
    const [p] = await people("once", 1, "CA");
    const body = { topic: "urban-environment", language: "fr" };
    const first = await call("POST", "/api/demand", { token: p.token, body });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ ...body, requests: 1, created: true });
    const again = await call("POST", "/api/demand", { token: p.token, body });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...body, requests: 1, created: false });
    expect(await row("urban-environment", "fr")).toEqual({ ...body, requests: 1, openCohorts: 0 });
  });

  it("needs a sign-in and names bad fields, writing nothing", async () => {
    const body = { topic: "social-participation", language: "qu" };
    expect((await call("POST", "/api/demand", { body })).status).toBe(401);
    const bad = await call("POST", "/api/demand", {
      token: stranger.token,
      body: { topic: "astrology", language: "de" },
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["topic", "language"]));
    expect(await row("social-participation", "qu")).toBeUndefined();
  });

  it("20 people at once count 20; each also sending twice still counts 20", async () => {
    const crowd = await people("crowd", 20);
    const body = { topic: "local-public-administration", language: "es" };
    const res = await Promise.all(
      [...crowd, ...crowd].map((p) => call("POST", "/api/demand", { token: p.token, body })),
    );
    expect(res.filter((r) => r.status === 201)).toHaveLength(20);
    expect(res.filter((r) => r.status === 200)).toHaveLength(20);
    expect((await row("local-public-administration", "es")).requests).toBe(20);
  });

  it("the board counts open cohorts of published courses in that topic and language", async () => {
    // The fixture's course: community-natural-resources, in Spanish, deadline in a week.
    await publishedCourseWithCohort({ capacity: 5 });
    await publishedCourseWithCohort({ capacity: 5, startOffset: -20 }); // deadline passed: not open
    // The process remembers the supply for a minute (the board is public); forget it to see it now.
    expect((await row("community-natural-resources", "es"))?.openCohorts ?? 0).toBe(0);
    Demand.forgetSupply();
    expect(await row("community-natural-resources", "es")).toEqual({
      topic: "community-natural-resources",
      language: "es",
      requests: 0,
      openCohorts: 1,
    });
  });
});

describe("institution demand alerts", () => {
  it("only the institution's admins set or read them; bad input is named", async () => {
    const body = { threshold: 5, topics: ["social-participation"] };
    expect((await call("PUT", `/api/institutions/${institutionId}/demand-alert`, { body })).status).toBe(401);
    const no = await call("PUT", `/api/institutions/${institutionId}/demand-alert`, { token: stranger.token, body });
    expect(no.status).toBe(403);
    expect(
      (await call("GET", `/api/institutions/${institutionId}/demand-gaps`, { token: stranger.token })).status,
    ).toBe(403);
    const bad = await call("PUT", `/api/institutions/${institutionId}/demand-alert`, {
      token: admin.token,
      body: { threshold: 0, topics: ["nope"] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["threshold", "topics.0"]),
    );
  });

  it("gaps: demand with no open cohort, in the institution's topics", async () => {
    const set = await call("PUT", `/api/institutions/${institutionId}/demand-alert`, {
      token: admin.token,
      body: { threshold: 100, topics: ["local-public-administration", "community-natural-resources"] },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      threshold: 100,
      topics: ["local-public-administration", "community-natural-resources"],
    });
    const gaps = await call("GET", `/api/institutions/${institutionId}/demand-gaps`, { token: admin.token });
    expect(gaps.status).toBe(200);
    const keys = gaps.body.items.map((i: any) => `${i.topic}|${i.language}`);
    expect(keys).toContain("local-public-administration|es"); // 20 requests, no cohort
    expect(keys).not.toContain("urban-environment|fr"); // not its topic
    expect(keys).not.toContain("community-natural-resources|es"); // supplied, not asked
    for (const i of gaps.body.items) {
      expect(i.requests).toBeGreaterThan(0);
      expect(i.openCohorts).toBe(0);
    }
  });

  it("requests crossing the threshold at once: exactly one e-mail per admin, in their language", async () => {
    await call("PUT", `/api/institutions/${institutionId}/demand-alert`, {
      token: admin.token,
      body: { threshold: 6, topics: ["social-participation"] },
    });
    const crowd = await people("cross", 12, "EC");
    const body = { topic: "social-participation", language: "es" };
    const res = await Promise.all(crowd.map((p) => call("POST", "/api/demand", { token: p.token, body })));
    expect(res.every((r) => r.status === 201)).toBe(true);
    const told = async (email: string) =>
      (await Mail.listFor(email, 100)).filter((m) => m.link?.endsWith(`institutions/${institutionId}/demand`));
    const es = await told(adminEs);
    const fr = await told(adminFr);
    expect(es).toHaveLength(1);
    expect(fr).toHaveLength(1);
    expect(es[0].subject).toContain("6");
    expect(es[0].subject).toMatch(/^La demanda/);
    expect(fr[0].subject).toMatch(/^La demande/);
    // More requests above the same threshold tell nobody again; another language is its own crossing.
    const more = await people("more", 2, "CA");
    await Promise.all(more.map((p) => call("POST", "/api/demand", { token: p.token, body })));
    expect(await told(adminEs)).toHaveLength(1);
  });

  it("a threshold already exceeded when set tells nobody; raising it, the next crossing does", async () => {
    await call("PUT", `/api/institutions/${institutionId}/demand-alert`, {
      token: admin.token,
      body: { threshold: 10, topics: ["local-public-administration"] },
    });
    const told = async () =>
      (await Mail.listFor(adminEs, 100)).filter((m) => m.subject.includes("10") || m.subject.includes("22"));
    const [late] = await people("late", 1);
    await call("POST", "/api/demand", {
      token: late.token,
      body: { topic: "local-public-administration", language: "es" },
    });
    expect(await told()).toHaveLength(0); // 21 ≥ 10, but it was over 10 before the alert was set
    await call("PUT", `/api/institutions/${institutionId}/demand-alert`, {
      token: admin.token,
      body: { threshold: 22, topics: ["local-public-administration"] },
    });
    const [last] = await people("last", 1);
    await call("POST", "/api/demand", {
      token: last.token,
      body: { topic: "local-public-administration", language: "es" },
    });
    const mails = await told();
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain("22");
  });
});
