/**
 * The exchange programme over HTTP (API.md "Exchange programme"): offers posted by an
 * institution's admins, listed publicly while open, editable until the deadline, closable.
 */
import { Actor, Institutions } from "@rutas/core";
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
