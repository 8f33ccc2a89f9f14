/**
 * The exchange programme over HTTP (API.md "Exchange programme"): offers posted by an
 * institution's admins, listed publicly while open, editable until the deadline, closable;
 * one application per person; offers rank those who listed them; a round matches them and its
 * public audit can be re-run by anyone to the same digest and outcome.
 */
import { Actor, ExchangeRound, Institutions, blockingPairs, stableMatch } from "@rutas/core";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";

const { call, signIn } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
let institutionId: string;
let admin: { token: string };
let stranger: { token: string };

beforeAll(async () => {
  const inst = await Institutions.create(Actor.system, {
    name: "Universidad de Cuenca",
    country: "EC",
    type: "university",
  });
  institutionId = inst.id;
  await Institutions.addMember(Actor.system, inst.id, { email: "ucuenca-x@example.org", role: "admin" });
  admin = await signIn("ucuenca-x@example.org");
  stranger = await signIn("stranger-x@example.org");
}, 60_000);

const offerBody = (over: Record<string, unknown> = {}) => ({
  institutionId,
  kind: "study_visit",
  title: { es: "Visita a cooperativas de cacao", en: "Cocoa cooperatives visit" },
  description: { es: "Una semana con productores de cacao fino de aroma." },
  country: "EC",
  startDate: day(40),
  endDate: day(45),
  capacity: 2,
  topics: [],
  applicationDeadline: day(20),
  ...over,
});
const post = (over: Record<string, unknown> = {}, token = admin.token) =>
  call("POST", "/api/exchange/offers", { token, body: offerBody(over) });

describe("exchange offers", () => {
  it("an institution admin posts an offer, open at once; anyone reads it", async () => {
    const res = await post();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), status: "open", kind: "study_visit", capacity: 2 });
    expect(res.body.ranking).toBeUndefined();
    const got = await call("GET", `/api/exchange/offers/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.title.en).toBe("Cocoa cooperatives visit");
  });

  it("only the institution's admins post; bad fields are named", async () => {
    expect((await call("POST", "/api/exchange/offers", { body: offerBody() })).status).toBe(401);
    expect((await post({}, stranger.token)).status).toBe(403);
    const bad = await post({ applicationDeadline: day(50), kind: "holiday" });
    expect(bad.status).toBe(400);
    const late = await post({ applicationDeadline: day(50) });
    expect(late.status).toBe(400);
    expect(JSON.stringify(late.body)).toContain("applicationDeadline");
  });

  it("lists open offers filtered by kind and country, with a cursor; a closed one leaves the list", async () => {
    const a = (await post({ kind: "internship", country: "BO" })).body.id as string;
    const b = (await post({ kind: "internship", country: "BO" })).body.id as string;
    const page1 = await call("GET", "/api/exchange/offers?kind=internship&country=BO&limit=1");
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await call(
      "GET",
      `/api/exchange/offers?kind=internship&country=BO&limit=1&cursor=${encodeURIComponent(page1.body.nextCursor)}`,
    );
    expect([...page1.body.items, ...page2.body.items].map((o: { id: string }) => o.id).sort()).toEqual([a, b].sort());

    expect((await call("POST", `/api/exchange/offers/${a}/close`, { token: stranger.token })).status).toBe(403);
    const closed = await call("POST", `/api/exchange/offers/${a}/close`, { token: admin.token });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe("closed");
    const all = await call("GET", "/api/exchange/offers?kind=internship&country=BO");
    expect(all.body.items.map((o: { id: string }) => o.id)).toEqual([b]);
  });

  it("is editable until its deadline, then 409 deadline_passed", async () => {
    const id = (await post()).body.id as string;
    const ok = await call("PATCH", `/api/exchange/offers/${id}`, { token: admin.token, body: { capacity: 5 } });
    expect(ok.status).toBe(200);
    expect(ok.body.capacity).toBe(5);
    const past = (await post({ applicationDeadline: day(-1) })).body.id as string;
    const late = await call("PATCH", `/api/exchange/offers/${past}`, { token: admin.token, body: { capacity: 5 } });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe("deadline_passed");
  });
});

async function participant(email: string, name: string, country: string) {
  const s = await signIn(email);
  await call("PATCH", "/api/me", { token: s.token, body: { name, country } });
  const me = await call("GET", "/api/me", { token: s.token });
  return { token: s.token, id: me.body.id as string };
}

describe("applications, rankings and a round", () => {
  it("runs the whole programme and explains it; the public audit re-runs to the same digest and outcome", async () => {
    const platform = await signIn("admin@example.org");
    // Close every open offer left by earlier tests, so this round is about these two offers only.
    for (;;) {
      const open = await call("GET", "/api/exchange/offers?limit=50");
      if (!open.body.items.length) break;
      for (const o of open.body.items) await call("POST", `/api/exchange/offers/${o.id}/close`, { token: admin.token });
    }
    const quito = (
      await post({ capacity: 1, title: { en: "Quito lab", es: "Laboratorio de Quito", fr: "Labo de Quito" } })
    ).body.id as string;
    const cuenca = (await post({ capacity: 1, title: { en: "Cuenca farm", es: "Granja de Cuenca" } })).body
      .id as string;
    const ana = await participant("ana-x@example.org", "Ana Quispe", "PE");
    const ben = await participant("ben-x@example.org", "Ben Tremblay", "CA");

    // Bodies exactly as API.md writes them.
    const put = await call("PUT", "/api/me/exchange-application", {
      token: ana.token,
      body: { statement: "Trabajo con cooperativas de cacao.", ranking: [quito, cuenca] },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: expect.any(String), ranking: [quito, cuenca] });
    expect(
      (
        await call("PUT", "/api/me/exchange-application", {
          token: ben.token,
          body: { statement: "I export maple syrup.", ranking: [quito] },
        })
      ).status,
    ).toBe(200);
    // A rewrite keeps the one application.
    const again = await call("PUT", "/api/me/exchange-application", {
      token: ana.token,
      body: { statement: "Trabajo con cooperativas de cacao fino.", ranking: [quito, cuenca] },
    });
    expect(again.body.id).toBe(put.body.id);

    const unknown = await call("PUT", "/api/me/exchange-application", {
      token: ana.token,
      body: { statement: "x", ranking: [quito, "01JD8X0Q9ZK5N6W3B2C4D5E6F7"] },
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain("ranking.1");
    expect((await call("PUT", "/api/me/exchange-application", { body: { statement: "x", ranking: [] } })).status).toBe(
      401,
    );
    expect((await call("GET", "/api/me/exchange-application", { token: ana.token })).body.assignment).toBeUndefined();

    const listed = await call("GET", `/api/exchange/offers/${quito}/applicants`, { token: admin.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((a: { personId: string }) => a.personId).sort()).toEqual([ana.id, ben.id].sort());
    expect(listed.body.items.find((a: { personId: string }) => a.personId === ana.id)).toMatchObject({
      name: "Ana Quispe",
      country: "PE",
      statement: "Trabajo con cooperativas de cacao fino.",
    });
    expect((await call("GET", `/api/exchange/offers/${quito}/applicants`, { token: stranger.token })).status).toBe(403);

    // Cuenca may not rank Ben, who did not list it: 400 naming the entry.
    const wrong = await call("PUT", `/api/exchange/offers/${cuenca}/ranking`, {
      token: admin.token,
      body: { ranking: [ana.id, ben.id] },
    });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain("ranking.1");
    expect(
      (
        await call("PUT", `/api/exchange/offers/${quito}/ranking`, {
          token: admin.token,
          body: { ranking: [ben.id, ana.id] },
        })
      ).status,
    ).toBe(200);
    expect(
      (await call("PUT", `/api/exchange/offers/${cuenca}/ranking`, { token: admin.token, body: { ranking: [ana.id] } }))
        .status,
    ).toBe(200);

    expect((await call("POST", "/api/exchange/rounds", { token: ana.token })).status).toBe(403);
    const ran = await call("POST", "/api/exchange/rounds", { token: platform.token });
    expect(ran.status).toBe(201);
    expect(ran.body.assignments).toMatchObject({ [ben.id]: quito, [ana.id]: cuenca });
    expect(ran.body.inputDigest).toMatch(/^[0-9a-f]{64}$/);

    const audit = await call("GET", `/api/exchange/rounds/${ran.body.id}`);
    expect(audit.status).toBe(200);
    expect(audit.body).toMatchObject({
      id: ran.body.id,
      algorithm: "deferred-acceptance/applicant-proposing/v1",
      inputDigest: ran.body.inputDigest,
      stable: true,
      matched: 2,
    });
    const text = JSON.stringify(audit.body);
    for (const secret of [ana.id, ben.id, quito, cuenca, "Ana", "Quispe", "ana-x"]) expect(text).not.toContain(secret);
    // Anyone: re-run the published input, get the same digest and outcome.
    expect(ExchangeRound.inputDigest(audit.body.input)).toBe(audit.body.inputDigest);
    expect(stableMatch(audit.body.input).assignments).toEqual(audit.body.outcome);
    expect(blockingPairs(audit.body.input, audit.body.outcome)).toEqual([]);

    const ranked = await call("GET", `/api/exchange/offers/${quito}/applicants`, { token: admin.token });
    expect(ranked.body.items.map((a: { personId: string; rank: number }) => [a.personId, a.rank])).toEqual([
      [ben.id, 1],
      [ana.id, 2],
    ]);
    const mine = await call("GET", "/api/me/exchange-application", { token: ana.token });
    expect(mine.body.offers.map((o: { id: string }) => o.id)).toEqual([quito, cuenca]);
    expect(mine.body.offers[0]).toMatchObject({ kind: "study_visit", country: "EC", status: "open" });
    expect(mine.body.assignment.offerId).toBe(cuenca);
    expect(mine.body.assignment.explanation.es).toContain("Granja de Cuenca");
    expect(mine.body.assignment.explanation.es).toContain("Laboratorio de Quito");
    expect(mine.body.assignment.explanation.en).toContain(
      "Quito lab: its 1 place went to applicants it ranked above you.",
    );
    expect(Object.keys(mine.body.assignment.explanation).sort()).toEqual(["en", "es", "fr"]);
  });

  it("an application is editable until the earliest deadline among its offers (409 deadline_passed)", async () => {
    const soon = (await post({ applicationDeadline: day(-1) })).body.id as string;
    const carla = await participant("carla-x@example.org", "Carla Mamani", "BO");
    const res = await call("PUT", "/api/me/exchange-application", {
      token: carla.token,
      body: { statement: "Quiero aprender.", ranking: [soon] },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("deadline_passed");
    const shut = (await post()).body.id as string;
    await call("POST", `/api/exchange/offers/${shut}/close`, { token: admin.token });
    const closed = await call("PUT", "/api/me/exchange-application", {
      token: carla.token,
      body: { statement: "Quiero aprender.", ranking: [shut] },
    });
    expect(closed.status).toBe(400);
    expect(JSON.stringify(closed.body)).toContain("ranking.0");
  });
});

describe("an offer's applicants under concurrent edits", () => {
  it("ten saves of one application at once leave each offer listing the person iff the saved ranking names it", async () => {
    const offers = [] as string[];
    for (let i = 0; i < 4; i++) offers.push((await post()).body.id as string);
    const dora = await participant("dora-x@example.org", "Dora Ccori", "PE");
    const rankings = Array.from({ length: 10 }, (_, i) => offers.filter((_, j) => (i >> j) & 1 || j === i % 4));
    const saves = await Promise.all(
      rankings.map((ranking) =>
        call("PUT", "/api/me/exchange-application", { token: dora.token, body: { statement: "Cacao.", ranking } }),
      ),
    );
    for (const r of saves) expect(r.status).toBe(200);
    const saved = (await call("GET", "/api/me/exchange-application", { token: dora.token })).body.ranking as string[];
    for (const offerId of offers) {
      const listed = await call("GET", `/api/exchange/offers/${offerId}/applicants`, { token: admin.token });
      const has = listed.body.items.some((a: { personId: string }) => a.personId === dora.id);
      expect(has).toBe(saved.includes(offerId));
    }
  });
});
