/**
 * The stakeholder directory (API.md "Portal": GET /api/directory): institutions by name, then
 * hosts, each typed in one vocabulary and counted for what it offers now — published courses with
 * an open cohort, published routes not yet over, open exchange offers — filtered by type, country
 * and topic, and paged by a cursor that crosses from institutions to hosts.
 */
import { Actor, ExchangeOffers, Institutions } from "@rutas/core";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";
import { course, host, offer, route } from "./testing/portal";

const { call } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));

const id = {} as Record<
  "uni" | "ngo" | "foundation" | "ministry" | "coop" | "chamber" | "raqchi" | "yachaq" | "tejedora",
  string
>;
type Item = { kind: string; id: string; name: string; type: string; country: string; topics: string[]; offers: object };

beforeAll(async () => {
  const inst = async (name: string, country: string, type: Institutions.InstitutionType) =>
    (await Institutions.create(Actor.system, { name, country, type })).id;
  id.uni = await inst("Pontificia Universidad Católica del Perú", "PE", "university");
  id.ngo = await inst("Fundación Esquel", "EC", "ngo");
  id.foundation = await inst("Aga Khan Foundation Canada", "CA", "foundation");
  id.ministry = await inst("Ministerio de Desarrollo Rural", "BO", "government");
  id.coop = await inst("Cooperativa Agraria Cafetalera", "PE", "cooperative");
  id.chamber = await inst("Canadian Chamber of Commerce", "CA", "business_association");
  id.raqchi = await host("Comunidad de Raqchi", "PE", "organisation", ["community-natural-resources"]);
  id.yachaq = await host("Yachaq Juana", "PE", "talent", ["local-production-and-trade"]);
  id.tejedora = await host("Tejedora Aymara", "BO", "talent", ["local-production-and-trade"]);

  // The university: one course with an open cohort, one whose cohort has closed, one draft.
  await course(
    id.uni,
    { en: "Budgets", es: "Presupuestos" },
    ["social-participation"],
    [
      { start: 10, end: 24, deadline: 8 },
      { start: -30, end: -16, deadline: -31 },
    ],
  );
  await course(
    id.uni,
    { en: "Streets", es: "Calles" },
    ["urban-environment"],
    [{ start: -30, end: -16, deadline: -31 }],
  );
  await course(
    id.uni,
    { en: "Draft", es: "Borrador" },
    ["social-participation"],
    [{ start: 10, end: 24, deadline: 8 }],
    false,
  );
  // One route to come, one over, one draft — all through Raqchi.
  const r = { topics: ["community-natural-resources"], countries: ["PE"] };
  await route(id.uni, id.raqchi, { ...r, title: "Ruta del agua", start: 30, end: 33 });
  await route(id.uni, id.raqchi, { ...r, title: "Ruta pasada", start: -10, end: -8 });
  await route(id.uni, id.raqchi, { ...r, title: "Ruta borrador", start: 30, end: 33, publish: false });
  // Two open offers, one closed.
  const o = { topics: ["local-production-and-trade"], country: "PE", deadline: 12 };
  await offer(id.uni, { ...o, title: "Visita A" });
  await offer(id.uni, { ...o, title: "Visita B" });
  await ExchangeOffers.close(Actor.system, await offer(id.uni, { ...o, title: "Visita C" }));
  // The NGO offers one course with an open cohort and nothing else.
  await course(id.ngo, { en: "Water", es: "Agua" }, ["urban-environment"], [{ start: -3, end: 11, deadline: 0 }]);
}, 120_000);

const list = async (query = "") => {
  const res = await call("GET", `/api/directory${query}`);
  expect(res.status, query).toBe(200);
  return res.body as { items: Item[]; nextCursor: string | null };
};
const ids = (items: Item[]) => items.map((i) => i.id);

describe("GET /api/directory", () => {
  it("lists institutions by name, then hosts, each with its type, country, topics and what it offers now", async () => {
    const { items, nextCursor } = await list("?limit=50");
    expect(nextCursor).toBeNull();
    expect(ids(items)).toEqual([
      id.foundation, // Aga Khan …
      id.chamber, // Canadian …
      id.coop, // Cooperativa …
      id.ngo, // Fundación …
      id.ministry, // Ministerio …
      id.uni, // Pontificia …
      id.raqchi, // hosts, oldest first
      id.yachaq,
      id.tejedora,
    ]);
    const by = new Map(items.map((i) => [i.id, i]));
    expect(by.get(id.uni)).toEqual({
      kind: "institution",
      id: id.uni,
      name: "Pontificia Universidad Católica del Perú",
      type: "university",
      country: "PE",
      topics: [
        "urban-environment",
        "community-natural-resources",
        "social-participation",
        "local-production-and-trade",
      ],
      offers: { courses: 1, routes: 1, exchangeOffers: 2, services: 0 },
    });
    expect(by.get(id.ngo)).toMatchObject({
      type: "ngo",
      topics: ["urban-environment"],
      offers: { courses: 1, routes: 0, exchangeOffers: 0, services: 0 },
    });
    expect(by.get(id.ministry)).toMatchObject({
      type: "government",
      topics: [],
      offers: { courses: 0, routes: 0, exchangeOffers: 0, services: 0 },
    });
    expect(by.get(id.raqchi)).toEqual({
      kind: "host",
      id: id.raqchi,
      name: "Comunidad de Raqchi",
      type: "rural_organisation",
      country: "PE",
      topics: ["community-natural-resources"],
      offers: { courses: 0, routes: 1, exchangeOffers: 0, services: 0 },
    });
    expect(by.get(id.yachaq)).toMatchObject({ kind: "host", type: "local_talent", offers: { routes: 0 } });
  });

  it("maps every institution type and host kind onto the directory's types", async () => {
    const types = new Map((await list("?limit=50")).items.map((i) => [i.id, i.type]));
    expect(Object.fromEntries(Object.entries(id).map(([k, v]) => [k, types.get(v)]))).toEqual({
      uni: "university",
      ngo: "ngo",
      foundation: "ngo",
      ministry: "government",
      coop: "rural_organisation",
      chamber: "business_association",
      raqchi: "rural_organisation",
      yachaq: "local_talent",
      tejedora: "local_talent",
    });
  });

  it("filters by type, country and topic, alone or together", async () => {
    expect(ids((await list("?type=ngo")).items)).toEqual([id.foundation, id.ngo]);
    expect(ids((await list("?type=rural_organisation")).items)).toEqual([id.coop, id.raqchi]);
    expect(ids((await list("?type=local_talent")).items)).toEqual([id.yachaq, id.tejedora]);
    expect(ids((await list("?type=government")).items)).toEqual([id.ministry]);
    expect(ids((await list("?country=PE")).items)).toEqual([id.coop, id.uni, id.raqchi, id.yachaq]);
    expect(ids((await list("?country=BO")).items)).toEqual([id.ministry, id.tejedora]);
    expect(ids((await list("?topic=social-participation")).items)).toEqual([id.uni]);
    expect(ids((await list("?topic=community-natural-resources")).items)).toEqual([id.uni, id.raqchi]);
    expect(ids((await list("?topic=local-production-and-trade&country=PE")).items)).toEqual([id.uni, id.yachaq]);
    expect(ids((await list("?type=local_talent&country=BO")).items)).toEqual([id.tejedora]);
    expect(ids((await list("?type=university&topic=urban-environment")).items)).toEqual([id.uni]);
    expect((await list("?country=UY")).items).toEqual([]);
  });

  it("pages with a cursor across institutions and hosts, each item once, in the same order", async () => {
    const whole = ids((await list("?limit=50")).items);
    for (const [query, expected] of [
      ["", whole],
      ["&topic=local-production-and-trade", [id.uni, id.yachaq, id.tejedora]],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: Item[]; nextCursor: string | null } = await list(
          `?limit=2${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...ids(page.items));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 20);
      expect(seen, query).toEqual(expected);
    }
  });

  it("refuses a cursor it did not issue, or an unknown type, topic or country, with a 400 naming it", async () => {
    for (const [q, field] of [
      ["cursor=bm9wZQ", "cursor"],
      ["cursor=i.bm9wZQ", "cursor"],
      ["type=embassy", "query.type"],
      ["topic=astrology", "query.topic"],
      ["country=XX", "query.country"],
    ]) {
      const res = await call("GET", `/api/directory?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([field]);
    }
  });
});
