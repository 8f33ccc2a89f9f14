/**
 * The portal's calendar feed (API.md "Portal": GET /api/calendar.ics), parsed back with ical.js:
 * open cohorts of published courses, published routes not yet over, the deadlines of open
 * exchange offers and current announcements — and nothing else — filtered by topic and country,
 * summaries in the asked language, stable UIDs and bytes, and headers calendar apps can poll.
 */
import { Actor, Config, ExchangeOffers, Institutions } from "@rutas/core";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";
import { announcement, course, day, host, offer, route } from "./testing/portal";

const { call } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));

const f = {} as {
  budgets: { id: string; cohorts: string[] };
  streets: { id: string; cohorts: string[] };
  draft: { id: string; cohorts: string[] };
  route: string;
  pastRoute: string;
  draftRoute: string;
  offer: string;
  lateOffer: string;
  closedOffer: string;
  forum: string;
  pastForum: string;
};

beforeAll(async () => {
  const pe = (
    await Institutions.create(Actor.system, { name: "Grupo Propuesta Ciudadana", country: "PE", type: "ngo" })
  ).id;
  const ca = (
    await Institutions.create(Actor.system, { name: "Université de Montréal", country: "CA", type: "university" })
  ).id;
  const raqchi = await host("Comunidad de Raqchi", "PE", "organisation");
  f.budgets = await course(
    pe,
    { en: "Participatory budgets", es: "Presupuestos participativos", fr: "Budgets participatifs" },
    ["social-participation"],
    [
      { start: 10, end: 24, deadline: 8 }, // open
      { start: -5, end: 10, deadline: 2 }, // under way, still taking enrolments
      { start: -20, end: -6, deadline: -21 }, // closed
    ],
  );
  f.streets = await course(
    ca,
    { en: "Streets for people", es: "Calles para la gente" },
    ["urban-environment"],
    [{ start: 20, end: 34, deadline: 15 }],
  );
  f.draft = await course(
    pe,
    { en: "Draft", es: "Borrador" },
    ["social-participation"],
    [{ start: 10, end: 24, deadline: 8 }],
    false,
  );
  f.route = await route(pe, raqchi, {
    title: "Ruta del agua",
    topics: ["community-natural-resources"],
    countries: ["PE"],
    start: 30,
    end: 33,
  });
  f.pastRoute = await route(pe, raqchi, {
    title: "Ruta pasada",
    topics: ["community-natural-resources"],
    countries: ["PE"],
    start: -10,
    end: -8,
  });
  f.draftRoute = await route(pe, raqchi, {
    title: "Ruta borrador",
    topics: ["community-natural-resources"],
    countries: ["PE"],
    start: 30,
    end: 33,
    publish: false,
  });
  f.offer = await offer(pe, {
    title: "Visita a Sucre",
    topics: ["local-production-and-trade"],
    country: "BO",
    deadline: 12,
  });
  f.lateOffer = await offer(pe, {
    title: "Cerrada",
    topics: ["local-production-and-trade"],
    country: "BO",
    deadline: -1,
  });
  f.closedOffer = await offer(pe, {
    title: "Cancelada",
    topics: ["local-production-and-trade"],
    country: "BO",
    deadline: 12,
  });
  await ExchangeOffers.close(Actor.system, f.closedOffer);
  f.forum = await announcement({
    title: { en: "Andean forum", es: "Foro andino", fr: "Forum andin" },
    topics: ["local-public-administration"],
    countries: ["EC", "CA"],
    start: 40,
    end: 42,
  });
  f.pastForum = await announcement({
    title: { en: "Last year's forum" },
    topics: ["local-public-administration"],
    countries: ["EC"],
    start: -40,
    end: -38,
  });
}, 120_000);

type Event = { uid: string; summary: string; url: string; start: string; end: string; stamp: string };

async function feed(query = "") {
  const res = await call("GET", `/api/calendar.ics${query}`);
  expect(res.status, query).toBe(200);
  const text = res.body as string;
  const cal = new ICAL.Component(ICAL.parse(text));
  const events: Event[] = cal.getAllSubcomponents("vevent").map((v) => ({
    uid: String(v.getFirstPropertyValue("uid")),
    summary: String(v.getFirstPropertyValue("summary")),
    url: String(v.getFirstPropertyValue("url")),
    start: String(v.getFirstPropertyValue("dtstart")),
    end: String(v.getFirstPropertyValue("dtend")),
    stamp: String(v.getFirstPropertyValue("dtstamp")),
  }));
  return { res, text, cal, events, uids: events.map((e) => e.uid).sort() };
}
const uid = {
  cohort: (id: string) => `cohort-${id}@rutas`,
  route: (id: string) => `route-${id}@rutas`,
  deadline: (id: string) => `exchange-deadline-${id}@rutas`,
  announcement: (id: string) => `announcement-${id}@rutas`,
};

describe("GET /api/calendar.ics", () => {
  it("is RFC 5545 text/calendar that calendar apps may cache for an hour", async () => {
    const { res, text, cal } = await feed();
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(cal.name).toBe("vcalendar");
    expect(cal.getFirstPropertyValue("version")).toBe("2.0");
    expect(String(cal.getFirstPropertyValue("prodid"))).toContain("rutas");
    // RFC 5545 3.1: CRLF line breaks, lines folded at 75 octets.
    expect(text.endsWith("\r\n")).toBe(true);
    const lines = text.split("\r\n");
    expect(lines.every((l) => !l.includes("\n") && Buffer.byteLength(l) <= 75)).toBe(true);
    for (const v of cal.getAllSubcomponents("vevent"))
      for (const p of ["uid", "dtstamp", "dtstart", "dtend", "summary", "url"])
        expect(v.hasProperty(p), `${v.getFirstPropertyValue("uid")} ${p}`).toBe(true);
  });

  it("holds the open cohorts, routes, offer deadlines and announcements — and nothing past, closed or draft", async () => {
    const { uids, events } = await feed();
    expect(uids).toEqual(
      [
        uid.cohort(f.budgets.cohorts[0]),
        uid.cohort(f.budgets.cohorts[1]),
        uid.cohort(f.streets.cohorts[0]),
        uid.route(f.route),
        uid.deadline(f.offer),
        uid.announcement(f.forum),
      ].sort(),
    );
    const byUid = new Map(events.map((e) => [e.uid, e]));
    // All-day events: DTEND is the day after the last day.
    expect(byUid.get(uid.cohort(f.budgets.cohorts[0]))).toMatchObject({ start: day(10), end: day(25) });
    expect(byUid.get(uid.route(f.route))).toMatchObject({ start: day(30), end: day(34) });
    expect(byUid.get(uid.deadline(f.offer))).toMatchObject({ start: day(12), end: day(13) });
    expect(byUid.get(uid.announcement(f.forum))).toMatchObject({ start: day(40), end: day(43) });
  });

  it("writes summaries in ?lang= (English by default) and links to the page in that language", async () => {
    const app = Config.config().appUrl;
    const en = new Map((await feed()).events.map((e) => [e.uid, e]));
    const es = new Map((await feed("?lang=es")).events.map((e) => [e.uid, e]));
    const fr = new Map((await feed("?lang=fr")).events.map((e) => [e.uid, e]));
    const budgets = uid.cohort(f.budgets.cohorts[0]);
    expect(en.get(budgets)?.summary).toBe("Course: Participatory budgets");
    expect(es.get(budgets)?.summary).toBe("Curso: Presupuestos participativos");
    expect(fr.get(budgets)?.summary).toBe("Cours : Budgets participatifs");
    expect(es.get(budgets)?.url).toBe(`${app}/es/courses/${f.budgets.id}`);
    expect(fr.get(uid.route(f.route))?.url).toBe(`${app}/fr/routes/${f.route}`);
    expect(es.get(uid.route(f.route))?.summary).toBe("Ruta de Aprendizaje: Ruta del agua");
    expect(es.get(uid.deadline(f.offer))?.summary).toBe("Cierre de postulaciones: Visita a Sucre");
    expect(es.get(uid.deadline(f.offer))?.url).toBe(`${app}/es/exchange/offers/${f.offer}`);
    expect(fr.get(uid.announcement(f.forum))?.summary).toBe("Conférence : Forum andin");
    expect(en.get(uid.announcement(f.forum))?.url).toBe(`${app}/en/announcements/${f.forum}`);
    // A course with no French title falls back to its own language.
    expect(fr.get(uid.cohort(f.streets.cohorts[0]))?.summary).toBe("Cours : Calles para la gente");
  });

  it("filters by topic", async () => {
    expect((await feed("?topic=social-participation")).uids).toEqual(
      [uid.cohort(f.budgets.cohorts[0]), uid.cohort(f.budgets.cohorts[1])].sort(),
    );
    expect((await feed("?topic=community-natural-resources")).uids).toEqual([uid.route(f.route)]);
    expect((await feed("?topic=local-production-and-trade")).uids).toEqual([uid.deadline(f.offer)]);
    expect((await feed("?topic=local-public-administration")).uids).toEqual([uid.announcement(f.forum)]);
  });

  it("filters by country: a course's is its institution's, a route's those it passes through", async () => {
    expect((await feed("?country=PE")).uids).toEqual(
      [uid.cohort(f.budgets.cohorts[0]), uid.cohort(f.budgets.cohorts[1]), uid.route(f.route)].sort(),
    );
    expect((await feed("?country=CA")).uids).toEqual(
      [uid.cohort(f.streets.cohorts[0]), uid.announcement(f.forum)].sort(),
    );
    expect((await feed("?country=BO")).uids).toEqual([uid.deadline(f.offer)]);
    expect((await feed("?country=EC&topic=local-public-administration")).uids).toEqual([uid.announcement(f.forum)]);
    expect((await feed("?country=UY")).uids).toEqual([]);
  });

  it("gives the same bytes for the same data (stable UIDs and DTSTAMPs)", async () => {
    const a = await feed("?lang=es");
    const b = await feed("?lang=es");
    expect(b.text).toBe(a.text);
    expect(a.events.every((e) => /^\d{4}-\d{2}-\d{2}T/.test(e.stamp))).toBe(true);
  });

  it("refuses an unknown topic, country or language with a 400 naming it", async () => {
    for (const [q, field] of [
      ["topic=astrology", "query.topic"],
      ["country=XX", "query.country"],
      ["lang=de", "query.lang"],
    ]) {
      const res = await call("GET", `/api/calendar.ics?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([field]);
    }
  });
});
