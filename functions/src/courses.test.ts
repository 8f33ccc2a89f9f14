import { Actor, Institutions } from "@rutas/core";
import { beforeAll, describe, expect, it } from "vitest";
import { testClient } from "./testing/client";

const { call, signIn } = testClient();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

let institutionId: string;
let admin: { token: string };
let otherAdmin: { token: string };

const courseBody = () => ({
  institutionId,
  title: { es: "Presupuesto participativo en municipios rurales", fr: "Budget participatif dans les communes rurales" },
  summary: {
    es: "Cómo las comunidades deciden inversiones públicas.",
    fr: "Comment les communautés décident des investissements publics.",
  },
  topics: ["social-participation", "local-public-administration"],
  language: "es",
  modules: [
    {
      title: "Fundamentos",
      lessons: [
        { title: "¿Qué es?", body: "## Definición\n\nUn proceso <script>alert(1)</script> **deliberativo**." },
        { title: "Casos", body: "Villa El Salvador, Porto Alegre." },
      ],
    },
  ],
});

beforeAll(async () => {
  const inst = await Institutions.create(Actor.system, {
    name: "Red de Municipalidades Rurales",
    country: "PE",
    type: "government",
  });
  institutionId = inst.id;
  await Institutions.addMember(Actor.system, inst.id, { email: "remurpe@example.org", role: "admin" });
  const other = await Institutions.create(Actor.system, {
    name: "Université Laval",
    country: "CA",
    type: "university",
  });
  await Institutions.addMember(Actor.system, other.id, { email: "laval@example.org", role: "admin" });
  admin = await signIn("remurpe@example.org");
  otherAdmin = await signIn("laval@example.org");
});

async function publishedCourse() {
  const created = await call("POST", "/api/courses", { token: admin.token, body: courseBody() });
  expect(created.status).toBe(201);
  expect((await call("POST", `/api/courses/${created.body.id}/publish`, { token: admin.token })).status).toBe(200);
  return created.body.id as string;
}

describe("courses", () => {
  it("keeps drafts visible only to their institution, and lists published courses publicly", async () => {
    const created = await call("POST", "/api/courses", { token: admin.token, body: courseBody() });
    expect(created.body).toMatchObject({ status: "draft", lessonCount: 2 });
    const id = created.body.id;
    expect((await call("GET", `/api/courses/${id}`)).status).toBe(404);
    expect((await call("GET", `/api/courses/${id}`, { token: otherAdmin.token })).status).toBe(404);
    expect((await call("GET", `/api/courses/${id}`, { token: admin.token })).status).toBe(200);
    expect((await call("POST", `/api/courses/${id}/publish`, { token: otherAdmin.token })).status).toBe(403);
    expect((await call("GET", "/api/courses?q=presupuesto")).body.items.map((c: { id: string }) => c.id)).not.toContain(
      id,
    );
    await call("POST", `/api/courses/${id}/publish`, { token: admin.token });
    const pub = await call("GET", `/api/courses/${id}`);
    expect(pub.body).toMatchObject({
      status: "published",
      modules: [{ title: "Fundamentos", lessons: [{ id: "1-1" }, { id: "1-2" }] }],
    });
  });

  it("filters the catalogue by topic, language and words (accents ignored)", async () => {
    const id = await publishedCourse();
    const ids = async (qs: string) =>
      (await call("GET", `/api/courses?${qs}`)).body.items.map((c: { id: string }) => c.id);
    expect(await ids("topic=social-participation")).toContain(id);
    expect(await ids("topic=urban-environment")).not.toContain(id);
    expect(await ids("language=es")).toContain(id);
    expect(await ids("language=fr")).not.toContain(id);
    expect(await ids("q=PARTICIPATIVO%20rurales")).toContain(id);
    expect(await ids("q=communes")).toContain(id);
    expect(await ids("q=acuicultura")).not.toContain(id);
    const bad = await call("GET", "/api/courses?topic=astrology&language=de");
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["query.language", "query.topic"]);
    expect((await call("GET", "/api/courses?cursor=forged")).status).toBe(400);
    // Well-formed but not one of this listing's keys: refused, never handed to the database.
    const foreign = Buffer.from(JSON.stringify({ pk: "PERSON#x", sk: "META" })).toString("base64url");
    expect((await call("GET", `/api/courses?cursor=${foreign}`)).status).toBe(400);
  });

  it("pages the catalogue with an opaque cursor", async () => {
    for (let i = 0; i < 3; i++) await publishedCourse();
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const res = await call("GET", `/api/courses?q=presupuesto&limit=2${qs}`);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      for (const c of res.body.items) {
        expect(seen.has(c.id)).toBe(false);
        seen.add(c.id);
      }
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect(pages).toBeGreaterThanOrEqual(2);
  });

  it("names every bad field of a course and writes nothing", async () => {
    const before = (await call("GET", `/api/institutions/${institutionId}/courses`, { token: admin.token })).body.items
      .length;
    const res = await call("POST", "/api/courses", {
      token: admin.token,
      body: { ...courseBody(), topics: ["astrology"], language: "de", modules: [{ title: "", lessons: [] }] },
    });
    expect(res.status).toBe(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["topics.0", "language", "modules.0.title", "modules.0.lessons"]));
    const after = (await call("GET", `/api/institutions/${institutionId}/courses`, { token: admin.token })).body.items
      .length;
    expect(after).toBe(before);
    expect((await call("POST", "/api/courses", { token: otherAdmin.token, body: courseBody() })).status).toBe(403);
  });

  it("accepts cohorts of 14 to 28 days counting both ends, and refuses others naming the dates", async () => {
    const id = await publishedCourse();
    const cohort = (startDate: string, endDate: string) =>
      call("POST", `/api/courses/${id}/cohorts`, {
        token: admin.token,
        body: { startDate, endDate, capacity: 10, enrolmentDeadline: startDate, prices: [] },
      });
    expect((await cohort("2027-03-01", "2027-03-14")).status).toBe(201);
    expect((await cohort("2027-03-01", "2027-03-28")).status).toBe(201);
    const short = await cohort("2027-03-01", "2027-03-13");
    expect(short.status).toBe(400);
    expect(short.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["endDate", "startDate"]);
    expect(short.body.detail).toMatch(/13/);
    expect((await cohort("2027-03-01", "2027-03-29")).status).toBe(400);
    expect((await cohort("2027-03-01", "2027-02-20")).status).toBe(400);
    const badDate = await cohort("2027-02-30", "2027-03-14");
    expect(badDate.status).toBe(400);
    const noStandard = await call("POST", `/api/courses/${id}/cohorts`, {
      token: admin.token,
      body: {
        startDate: "2027-03-01",
        endDate: "2027-03-14",
        capacity: 10,
        enrolmentDeadline: "2027-02-20",
        prices: [{ group: "reduced", amount: 100, currency: "PEN" }],
      },
    });
    expect(noStandard.status).toBe(400);
    expect((await call("GET", `/api/courses/${id}`)).body.cohorts).toHaveLength(2);
  });

  it("shows each signed-in person their own price", async () => {
    const id = await publishedCourse();
    const prices = [
      { group: "standard", amount: 24000, currency: "CAD" },
      { group: "reduced", amount: 6000, currency: "CAD" },
      { group: "community", amount: 1500, currency: "CAD" },
    ];
    await call("POST", `/api/courses/${id}/cohorts`, {
      token: admin.token,
      body: { startDate: day(20), endDate: day(40), capacity: 3, enrolmentDeadline: day(15), prices },
    });
    const andean = await signIn("price-pe@example.org");
    await call("PATCH", "/api/me", {
      token: andean.token,
      body: { country: "BO", organisationType: "community_organisation" },
    });
    const cohortOf = async (token?: string) => (await call("GET", `/api/courses/${id}`, { token })).body.cohorts[0];
    expect((await cohortOf(andean.token)).price).toMatchObject({ group: "community", amount: 1500 });
    expect((await cohortOf(otherAdmin.token)).price).toMatchObject({ group: "standard", amount: 24000 });
    expect(await cohortOf()).not.toHaveProperty("price");
  });
});

describe("learning a free cohort", () => {
  it("goes from enrolment to a verified certificate", async () => {
    const id = await publishedCourse();
    const cohort = await call("POST", `/api/courses/${id}/cohorts`, {
      token: admin.token,
      body: { startDate: day(0), endDate: day(13), capacity: 5, enrolmentDeadline: day(7), prices: [] },
    });
    const p = await signIn("rosa.huaman@example.org");
    await call("PATCH", "/api/me", { token: p.token, body: { name: "Rosa Huamán" } });
    const enrolled = await call("POST", `/api/cohorts/${cohort.body.id}/enrolments`, { token: p.token });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toMatchObject({ status: "active", price: null, courseId: id });
    expect((await call("POST", `/api/cohorts/${cohort.body.id}/enrolments`, { token: p.token })).status).toBe(409);
    const eid = enrolled.body.id;

    const lesson = await call("GET", `/api/enrolments/${eid}/lessons/1-1`, { token: p.token });
    expect(lesson.body.html).toContain("<strong>deliberativo</strong>");
    expect(lesson.body.html).not.toContain("<script>");
    // Someone else's enrolment does not exist for them.
    const stranger = await signIn("stranger@example.org");
    expect((await call("GET", `/api/enrolments/${eid}`, { token: stranger.token })).status).toBe(404);
    expect((await call("POST", `/api/enrolments/${eid}/lessons/1-1/done`, { token: stranger.token })).status).toBe(404);

    const first = await call("POST", `/api/enrolments/${eid}/lessons/1-1/done`, { token: p.token });
    expect(first.body).toMatchObject({ percent: 50, complete: false });
    expect((await call("POST", `/api/enrolments/${eid}/lessons/1-1/done`, { token: p.token })).body.percent).toBe(50);
    expect((await call("POST", `/api/enrolments/${eid}/lessons/9-9/done`, { token: p.token })).status).toBe(404);
    expect((await call("GET", `/api/enrolments/${eid}/certificate.pdf`, { token: p.token })).status).toBe(404);
    // Marking the last lesson from two tabs at once issues one certificate.
    const [a, b] = await Promise.all([
      call("POST", `/api/enrolments/${eid}/lessons/1-2/done`, { token: p.token }),
      call("POST", `/api/enrolments/${eid}/lessons/1-2/done`, { token: p.token }),
    ]);
    expect(a.body.complete && b.body.complete).toBe(true);
    expect(a.body.certificateCode).toBe(b.body.certificateCode);
    const code = a.body.certificateCode;
    expect(code).toMatch(/^RUT-[2-9A-Z]{4}-[2-9A-Z]{4}$/);

    const app = testClient().app;
    const pdf = await app.request(`/api/enrolments/${eid}/certificate.pdf`, {
      headers: { Authorization: `Bearer ${p.token}` },
    });
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");

    const verified = await call("GET", `/api/certificates/${code}`);
    expect(verified.body).toMatchObject({
      name: "Rosa Huamán",
      courseTitle: "Presupuesto participativo en municipios rurales",
      institution: "Red de Municipalidades Rurales",
      valid: true,
    });
    expect(verified.body).not.toHaveProperty("email");
    expect((await call("GET", "/api/certificates/RUT-AAAA-AAAA")).status).toBe(404);

    // The admin's view: progress and a CSV export; another institution is refused.
    const rows = await call("GET", `/api/cohorts/${cohort.body.id}/enrolments`, { token: admin.token });
    expect(rows.body.items).toEqual([
      expect.objectContaining({ email: "rosa.huaman@example.org", progressPercent: 100, certificateCode: code }),
    ]);
    const csv = await call("GET", `/api/cohorts/${cohort.body.id}/enrolments?format=csv`, { token: admin.token });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.body).toContain("rosa.huaman@example.org");
    expect((await call("GET", `/api/cohorts/${cohort.body.id}/enrolments`, { token: otherAdmin.token })).status).toBe(
      403,
    );
    expect((await call("GET", `/api/cohorts/${cohort.body.id}/enrolments`, { token: p.token })).status).toBe(403);

    const ics = await app.request(`/api/cohorts/${cohort.body.id}/calendar.ics?lang=es`);
    const text = await ics.text();
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    expect(text).toContain("BEGIN:VEVENT");
    expect(text).toContain(`DTSTART;VALUE=DATE:${day(0).replaceAll("-", "")}`);
    expect(text).toContain(`DTEND;VALUE=DATE:${day(14).replaceAll("-", "")}`);

    const mine = await call("GET", "/api/me/enrolments", { token: p.token });
    expect(mine.body.items[0]).toMatchObject({
      id: eid,
      status: "active",
      lessonsDone: 2,
      lessonCount: 2,
      certificateCode: code,
      startDate: day(0),
      endDate: day(13),
    });
    expect(mine.body.items[0].title.es).toBe("Presupuesto participativo en municipios rurales");
  });

  it("does not open lessons before the cohort starts", async () => {
    const id = await publishedCourse();
    const cohort = await call("POST", `/api/courses/${id}/cohorts`, {
      token: admin.token,
      body: { startDate: day(10), endDate: day(23), capacity: 5, enrolmentDeadline: day(9), prices: [] },
    });
    const p = await signIn("early@example.org");
    const e = await call("POST", `/api/cohorts/${cohort.body.id}/enrolments`, { token: p.token });
    const res = await call("GET", `/api/enrolments/${e.body.id}/lessons/1-1`, { token: p.token });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain(day(10));
  });

  it("withdraws and hands the seat to the waitlist", async () => {
    const id = await publishedCourse();
    const cohort = await call("POST", `/api/courses/${id}/cohorts`, {
      token: admin.token,
      body: { startDate: day(1), endDate: day(14), capacity: 1, enrolmentDeadline: day(1), prices: [] },
    });
    const a = await signIn("wa@example.org");
    const b = await signIn("wb@example.org");
    const ea = await call("POST", `/api/cohorts/${cohort.body.id}/enrolments`, { token: a.token });
    const eb = await call("POST", `/api/cohorts/${cohort.body.id}/enrolments`, { token: b.token });
    expect(eb.body).toMatchObject({ status: "waitlisted", waitlistPosition: 1 });
    expect((await call("GET", "/api/me/enrolments", { token: b.token })).body.items[0]).toMatchObject({
      status: "waitlisted",
      waitlistPosition: 1,
    });
    const twice = await call("POST", `/api/cohorts/${cohort.body.id}/enrolments`, { token: b.token });
    expect(twice.body).toMatchObject({ status: 409, code: "already_enrolled" });
    expect((await call("GET", `/api/courses/${id}`)).body.cohorts[0]).toMatchObject({ seatsLeft: 0, waiting: 1 });
    expect((await call("DELETE", `/api/enrolments/${ea.body.id}`, { token: b.token })).status).toBe(404);
    const w = await call("DELETE", `/api/enrolments/${ea.body.id}`, { token: a.token });
    expect(w.body.status).toBe("withdrawn");
    expect((await call("GET", "/api/me/enrolments", { token: b.token })).body.items[0].status).toBe("active");
    expect((await call("DELETE", `/api/enrolments/${ea.body.id}`, { token: a.token })).status).toBe(409);
  });
});
