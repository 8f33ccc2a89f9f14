/**
 * The digest job on DynamoDB Local: a Spanish subscriber's digest lists a new cohort in Spanish,
 * with the one-click unsubscribe headers; twice (or five times at once) is one digest; off, nothing
 * new, or unsubscribed by the link is none; the catalogue is read once per run, not per subscriber.
 */
import { describe, expect, it } from "vitest";
import { type PersonActor, system } from "../actor";
import * as Announcements from "../announcements";
import * as Courses from "../courses";
import { Invalid } from "../errors";
import * as ExchangeOffers from "../exchange/offers";
import * as Mail from "../mail";
import { institutionWithAdmin, isoDay, person, publishedCourseWithCohort } from "../testing/fixtures";
import * as Alerts from "./index";

const run = (over: Partial<Alerts.DigestOptions> = {}) =>
  Alerts.runDigests({ now: new Date(), sendHourUtc: 0, settleMs: 0, ...over });
let n = 0;
async function subscriber(input: Partial<Alerts.SubscriptionInput> = {}, languages: ("es" | "en" | "fr")[] = ["es"]) {
  const p = await person(`digest-${++n}-${Date.now()}@example.org`, { languages, country: "PE" });
  await Alerts.save(p, { topics: [], countries: [], frequency: "daily", ...input });
  return p;
}
const digestsOf = async (p: PersonActor) => (await Mail.listFor(p.email)).filter((m) => m.headers);

async function cohortOn(courseId: string, admin: PersonActor) {
  return Courses.addCohort(admin, courseId, {
    startDate: isoDay(30),
    endDate: isoDay(43),
    capacity: 10,
    enrolmentDeadline: isoDay(25),
    prices: [],
  });
}

describe("subscriptions", () => {
  it("saves and reads back; bad input names the field and writes nothing", async () => {
    const p = await person(`subs-${Date.now()}@example.org`);
    expect(await Alerts.mine(p)).toEqual({ topics: [], countries: [], frequency: "off" });
    const saved = await Alerts.save(p, { topics: ["urban-environment"], countries: ["PE", "PE"], frequency: "weekly" });
    expect(saved).toMatchObject({ topics: ["urban-environment"], countries: ["PE"], frequency: "weekly" });
    await expect(Alerts.save(p, { topics: ["nope"], countries: ["XX"], frequency: "daily" })).rejects.toMatchObject({
      errors: [
        { path: "topics.0", message: expect.any(String) },
        { path: "countries.0", message: expect.any(String) },
      ],
    });
    expect((await Alerts.mine(p)).frequency).toBe("weekly");
    await expect(Alerts.save(system, { topics: [], countries: [], frequency: "daily" })).rejects.toThrow();
  });
});

describe("periods", () => {
  it("days and ISO weeks, opening at the send hour", () => {
    const at = (iso: string) => new Date(iso);
    expect(Alerts.periodOf("daily", at("2026-12-02T18:00:00Z")).key).toBe("2026-12-02");
    expect(Alerts.periodOf("weekly", at("2026-12-02T18:00:00Z")).key).toBe("2026-W49");
    expect(Alerts.periodOf("weekly", at("2027-01-01T12:00:00Z")).key).toBe("2026-W53");
    expect(Alerts.periodOf("weekly", at("2024-12-30T12:00:00Z")).key).toBe("2025-W01");
    expect(Alerts.periodOf("weekly", at("2021-01-03T12:00:00Z")).key).toBe("2020-W53");
    const p = Alerts.periodOf("weekly", at("2026-12-06T23:59:00Z"));
    expect(p.start.toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(p.sendFrom.toISOString()).toBe("2026-11-30T11:00:00.000Z");
  });

  it("sends nothing before the period's send hour", async () => {
    const early = new Date(Date.UTC(2026, 10, 30, 5)); // a Monday, before both periods open
    expect((await Alerts.runDigests({ now: early, sendHourUtc: 11 })).due).toBe(0);
  });
});

describe("the digest job", () => {
  it("a Spanish subscriber's digest lists a new cohort in Spanish, with one-click unsubscribe headers", async () => {
    const ana = await subscriber({ topics: ["community-natural-resources"], countries: ["PE"] });
    const { course, cohort } = await publishedCourseWithCohort({ capacity: 5, startOffset: 20 });
    const report = await run();
    expect(report.sent).toBeGreaterThanOrEqual(1);
    const [mail, ...more] = await digestsOf(ana);
    expect(more).toEqual([]);
    expect(mail.subject).toMatch(/^Rutas: \d+ novedad/);
    expect(mail.text).toContain("Nuevas ediciones de cursos");
    expect(mail.text).toContain("Gestión comunitaria del agua");
    expect(mail.text).toContain(`http://localhost:3000/es/courses/${course.id}`);
    expect(mail.text).toContain(`empieza ${cohort.startDate}`);
    expect(mail.html).toContain("<h2>Nuevas ediciones de cursos</h2>");
    const url = mail.headers!["List-Unsubscribe"].slice(1, -1);
    expect(url).toMatch(/^http:\/\/localhost:3000\/api\/unsubscribe\?token=v1\./);
    expect(mail.headers!["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail.text).toContain(url);
    expect(Alerts.verifyUnsubscribeToken(new URL(url).searchParams.get("token")!)).toBe(ana.id);
    expect((await Alerts.mine(ana)).lastDigestAt).toBeDefined();
  });

  it("run twice, nobody gets two digests; five runs at once, still one", async () => {
    const { course, admin } = await publishedCourseWithCohort({ capacity: 5 });
    const bea = await subscriber();
    await cohortOn(course.id, admin);
    await run();
    await run();
    expect(await digestsOf(bea)).toHaveLength(1);

    const carla = await subscriber({}, ["fr"]);
    await cohortOn(course.id, admin);
    const reports = await Promise.all(Array.from({ length: 5 }, () => run()));
    const mails = await digestsOf(carla);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toMatch(/^Rutas : \d+ nouveaut/);
    expect(reports.reduce((k, r) => k + r.skipped, 0)).toBeGreaterThanOrEqual(4);
  });

  it("frequency off, and nothing new in one's topics, send nothing", async () => {
    const { course, admin } = await publishedCourseWithCohort({ capacity: 5 });
    const off = await subscriber({ frequency: "off" });
    const elsewhere = await subscriber({ topics: ["urban-environment"] });
    const turnedOff = await subscriber();
    await Alerts.save(turnedOff, { topics: [], countries: [], frequency: "off" });
    await cohortOn(course.id, admin);
    await run();
    expect(await digestsOf(off)).toEqual([]);
    expect(await digestsOf(elsewhere)).toEqual([]);
    expect(await digestsOf(turnedOff)).toEqual([]);
    // Handled for the period all the same: the next run does not read them again.
    expect((await Alerts.mine(elsewhere)).lastDigestAt).toBeDefined();
  });

  it("the unsubscribe link turns digests off without a session; a forged one is refused", async () => {
    const { course, admin } = await publishedCourseWithCohort({ capacity: 5 });
    const dora = await subscriber();
    const token = Alerts.unsubscribeToken(dora.id);
    expect(() => Alerts.verifyUnsubscribeToken(`${token.slice(0, -2)}AA`)).toThrow(Invalid);
    expect(() => Alerts.verifyUnsubscribeToken("v1.nope")).toThrow(Invalid);
    expect(await Alerts.unsubscribe(token)).toEqual({ personId: dora.id, frequency: "off" });
    expect(await Alerts.unsubscribe(token)).toEqual({ personId: dora.id, frequency: "off" });
    await cohortOn(course.id, admin);
    await run();
    expect(await digestsOf(dora)).toEqual([]);
    expect((await Alerts.mine(dora)).frequency).toBe("off");
  });

  it("lists new exchange offers in the subscriber's countries, and reminds of deadlines once", async () => {
    const { institution, admin } = await institutionWithAdmin("Universidad de Cuenca");
    const eva = await subscriber({ countries: ["EC"] }, ["en"]);
    const farid = await subscriber({ countries: ["BO"] }, ["en"]);
    const offer = await ExchangeOffers.create(admin, {
      institutionId: institution.id,
      kind: "study_visit",
      title: { es: "Visita a cooperativas", en: "Visit to cooperatives" },
      description: { es: "Una semana." },
      country: "EC",
      startDate: isoDay(40),
      endDate: isoDay(45),
      capacity: 3,
      topics: ["local-production-and-trade"],
      applicationDeadline: isoDay(5),
    });
    await run();
    const [mail] = await digestsOf(eva);
    expect(mail.text).toContain("New exchange offers");
    expect(mail.text).toContain("Visit to cooperatives");
    expect(mail.text).toContain(`exchange/offers/${offer.id}`);
    expect(mail.text).not.toContain("closing soon");
    expect((await digestsOf(farid)).filter((m) => m.text.includes(offer.id))).toEqual([]);
  });

  it("lists new announcements in the subscriber's topics and countries", async () => {
    const gina = await subscriber({ countries: ["PE"] }, ["es"]);
    const hugo = await subscriber({ countries: ["CO"] }, ["es"]);
    const call = await Announcements.create(system, {
      kind: "call",
      title: { es: "Convocatoria de innovación rural", en: "Rural innovation call" },
      body: { es: "Propuestas hasta fin de mes." },
      topics: ["local-production-and-trade"],
      countries: ["PE"],
      startDate: isoDay(1),
      endDate: isoDay(30),
    });
    await run();
    const [mail] = await digestsOf(gina);
    expect(mail.text).toContain("Convocatoria de innovación rural");
    expect(mail.text).toContain(`announcements/${call.id}`);
    expect((await digestsOf(hugo)).filter((m) => m.text.includes(call.id))).toEqual([]);
  });

  it("reads each source once per run, whatever the number of subscribers", async () => {
    let reads = 0;
    const counted = Alerts.DEFAULT_SOURCES.map((s) => ({
      ...s,
      read: (w: Alerts.DigestWindow) => (reads++, s.read(w)),
    }));
    await Promise.all(Array.from({ length: 12 }, () => subscriber()));
    await run({ sources: counted });
    expect(reads).toBe(Alerts.DEFAULT_SOURCES.length);
  });
});

describe("the time budget", () => {
  it("leaves whoever it did not reach for the next run, which sends them", async () => {
    const { course, admin } = await publishedCourseWithCohort({ capacity: 5 });
    const late = await Promise.all(Array.from({ length: 3 }, () => subscriber()));
    await cohortOn(course.id, admin);
    const first = await run({ budgetMs: -1 });
    expect(first.left).toBe(first.due);
    expect(first.sent).toBe(0);
    const second = await run();
    expect(second.sent).toBeGreaterThanOrEqual(3);
    for (const p of late) expect(await digestsOf(p)).toHaveLength(1);
  });
});
