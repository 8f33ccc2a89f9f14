/**
 * The public observatory (API.md "Portal", decision 0022): counts and sums from the data —
 * published courses and their cohorts, participants by side, published routes, hosts, accepted
 * exchange placements, and money recovered per currency from the ledger — and no personal data.
 * It is served from a snapshot recomputed when older than FRESH_MS.
 */
import {
  Actor,
  Courses,
  Enrolment,
  ExchangeApplications,
  ExchangeOffers,
  ExchangePlacements,
  ExchangeRounds,
  Hosts,
  Ledger,
  LearningRoutes,
  Observatory,
} from "@rutas/core";
import { transact } from "@rutas/core/db/transact";
import { institutionWithAdmin, isoDay, person, publishedCourseWithCohort } from "@rutas/core/testing/fixtures";
import { ulid } from "ulid";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";

const { call } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));

async function post(p: Omit<Ledger.Posting, "id" | "createdAt">) {
  const out = await transact(Ledger.postingWrites(Ledger.newPosting(p)));
  if (!out.ok) throw new Error("posting refused");
}

beforeAll(async () => {
  const { cohort, course, admin } = await publishedCourseWithCohort({ capacity: 20 });
  await Courses.addCohort(admin, course.id, {
    startDate: isoDay(30),
    endDate: isoDay(43),
    capacity: 5,
    enrolmentDeadline: isoDay(35),
    prices: [],
  });
  // A draft course and its institution: not given, not counted.
  const other = await institutionWithAdmin("Instituto sin cursos");
  await Courses.create(other.admin, {
    institutionId: other.institution.id,
    title: { es: "Borrador" },
    summary: { es: "Aún no." },
    topics: ["urban-environment"],
    language: "es",
    modules: [{ title: "M", lessons: [{ title: "L", body: "x" }] }],
  });
  // Participants: 2 from Canada, 3 from the Andes (one of them in two offerings), 1 with no country.
  const learners = await Promise.all(
    [
      ["obs-ca1", "CA"],
      ["obs-ca2", "CA"],
      ["obs-pe", "PE"],
      ["obs-bo", "BO"],
      ["obs-ec", "EC"],
      ["obs-none", undefined],
    ].map(([name, country]) => person(`${name}@example.org`, country ? { country } : {})),
  );
  for (const l of learners) await Courses.enrolInCohort(l, cohort.id);
  // A withdrawn learner does not count.
  const gone = await person("obs-gone@example.org", { country: "CO" });
  await Courses.enrolInCohort(gone, cohort.id);
  await Enrolment.withdraw(gone, Enrolment.enrolmentId("cohort", cohort.id, gone.id));
  // Two hosts and a free published route with a stop at one of them; the Peruvian learner joins it.
  const hosts = await Promise.all(
    ["Comunidad de Raqchi", "Asociación Amaru"].map((name) =>
      Hosts.create(Actor.system, { name, kind: "organisation", country: "PE", region: "Cusco" }),
    ),
  );
  const route = await LearningRoutes.create(admin, {
    institutionId: course.institutionId,
    title: "Ruta del agua",
    countries: ["PE"],
    startDate: isoDay(20),
    endDate: isoDay(24),
    capacity: 10,
    stops: [{ day: 1, hostId: hosts[0].id, place: "Raqchi", title: "Qochas" }],
    prices: [],
    feeShares: [
      { party: `host:${hosts[0].id}`, basisPoints: 7000 },
      { party: "operator", basisPoints: 3000 },
    ],
  });
  await LearningRoutes.publish(admin, route.id);
  await LearningRoutes.enrol(learners[2], route.id);
  await LearningRoutes.create(admin, { ...(await draftRoute(course.institutionId, hosts[1].id)) }); // never published
  // An exchange round placing three people: two accept (placements), one declines (none).
  const offer = await ExchangeOffers.create(admin, {
    institutionId: course.institutionId,
    kind: "study_visit",
    title: { es: "Visita a cooperativas" },
    description: { es: "Una semana." },
    country: "PE",
    startDate: isoDay(60),
    endDate: isoDay(65),
    capacity: 3,
    topics: [],
    applicationDeadline: isoDay(40),
  });
  const [ca1, , pe, bo] = learners;
  const traveller = await person("obs-co-exchange@example.org", { country: "CO" }); // only on the exchange
  for (const who of [ca1, pe, bo, traveller])
    await ExchangeApplications.save(who, { statement: "Quiero ir.", ranking: [offer.id] });
  await ExchangeApplications.rank(admin, offer.id, [ca1.id, pe.id, traveller.id]);
  await ExchangeRounds.run(Actor.system, { respondBy: isoDay(7) });
  await ExchangePlacements.accept(ca1);
  await ExchangePlacements.decline(pe);
  await ExchangePlacements.accept(traveller);
  // The ledger: payments in two currencies, a refund.
  const plan = [
    { party: `institution:${course.institutionId}`, basisPoints: 8000 },
    { party: "operator", basisPoints: 1500 },
    { party: "solidarity_fund", basisPoints: 500 },
  ];
  const offering = { kind: "cohort" as const, id: ulid() };
  await post({ kind: "payment", currency: "CAD", lines: Ledger.paymentLines(24_000, 726, plan), memo: "a", offering });
  await post({ kind: "payment", currency: "CAD", lines: Ledger.paymentLines(6_001, 204, plan), memo: "b", offering });
  await post({ kind: "refund", currency: "CAD", lines: Ledger.refundLines(0, 2_000, plan), memo: "c", offering });
  await post({
    kind: "payment",
    currency: "PEN",
    lines: Ledger.paymentLines(15_000, 0, [{ party: `host:${hosts[0].id}`, basisPoints: 10_000 }]),
    memo: "d",
    offering: { kind: "route", id: route.id },
  });
}, 120_000);

async function draftRoute(institutionId: string, hostId: string) {
  return {
    institutionId,
    title: "Ruta en borrador",
    countries: ["PE"],
    startDate: isoDay(50),
    endDate: isoDay(52),
    capacity: 4,
    stops: [{ day: 1, hostId, place: "Pisac", title: "Papas" }],
    prices: [],
    feeShares: [
      { party: `host:${hostId}`, basisPoints: 5000 },
      { party: "operator", basisPoints: 5000 },
    ],
  };
}

describe("observatory", () => {
  it("counts what was given and sums what was recovered, from the data", async () => {
    const res = await call("GET", "/api/observatory");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      courses: 1,
      cohorts: 2,
      participants: { north: 2, south: 4 },
      routes: 1,
      hosts: 2,
      exchangePlacements: 2,
      recovered: [
        { amount: 24_000 + 6_001 - 2_000, currency: "CAD" },
        { amount: 15_000, currency: "PEN" },
      ],
      computedAt: expect.any(String),
    });
  });

  it("holds no personal data", async () => {
    const text = JSON.stringify((await call("GET", "/api/observatory")).body);
    expect(text).not.toMatch(/@|obs-|[0-9A-HJKMNP-TV-Z]{26}/);
  });

  it("is served from a snapshot while fresh, recomputed once stale", async () => {
    const first = (await call("GET", "/api/observatory")).body;
    await Hosts.create(Actor.system, { name: "Yachaq Rosa", kind: "talent", country: "BO" });
    const again = (await call("GET", "/api/observatory")).body;
    expect(again).toEqual(first);
    const later = await Observatory.get(Date.now() + Observatory.FRESH_MS + 1);
    expect(later.hosts).toBe(first.hosts + 1);
    expect(later.computedAt > first.computedAt).toBe(true);
    // Many stale readers at once (a lease lets one recompute while others read the last snapshot): same figures.
    const stale = Date.now() + 2 * Observatory.FRESH_MS + 2;
    const all = await Promise.all(Array.from({ length: 10 }, () => Observatory.get(stale)));
    for (const o of all) expect(o.hosts).toBe(first.hosts + 1);
  });
});
