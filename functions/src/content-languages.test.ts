/**
 * Records may hold their text in Quechua and Aymara, and a course may be given in either
 * (the seeds' field programmes lost Quechua speakers with Spanish-only documents); the UI
 * stays EN/ES/FR. A page shows the reader's UI language, else the record's own language.
 */
import { Actor, Institutions, Text } from "@rutas/core";
import { beforeAll, describe, expect, it } from "vitest";
import { testClient } from "./testing/client";

const { app, call, signIn } = testClient();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

let institutionId: string;
let admin: { token: string };

const quechuaCourse = (title: Text.Localized) => ({
  institutionId,
  title,
  summary: {
    qu: "Qochakunata ruwaspa, yakuta allinta rakinakuspa, ayllunchikpi yakuta kamachisun.",
    es: "Qochas y reparto del agua en la comunidad.",
  },
  topics: ["community-natural-resources"],
  language: "qu",
  modules: [
    {
      title: "Yaku tarpuy, yaku pallay",
      lessons: [
        { title: "Imataq qocha?", body: "**Qocha**qa huch'uy yaku hark'anan, para yakuta waqaychan." },
        { title: "Yaku rakinakuy", body: "Yaku kamayuqkunam turnokunata rakinku." },
      ],
    },
  ],
});

async function published(body: ReturnType<typeof quechuaCourse>): Promise<string> {
  const created = await call("POST", "/api/courses", { token: admin.token, body });
  expect(created.status).toBe(201);
  expect((await call("POST", `/api/courses/${created.body.id}/publish`, { token: admin.token })).status).toBe(200);
  return created.body.id;
}

beforeAll(async () => {
  const inst = await Institutions.create(Actor.system, {
    name: "Asociación Yaku Kamayuq de Apurímac",
    country: "PE",
    type: "ngo",
  });
  institutionId = inst.id;
  await Institutions.addMember(Actor.system, inst.id, { email: "yaku@example.org", role: "admin" });
  admin = await signIn("yaku@example.org");
});

describe("a course given in Quechua", () => {
  it("is created with Quechua text, and the catalogue's language filter finds it (qu, not es)", async () => {
    const id = await published(quechuaCourse({ qu: "Ayllupi yakuta kamachiy", es: "Gestión comunal del agua" }));
    const course = await call("GET", `/api/courses/${id}`);
    expect(course.body).toMatchObject({
      language: "qu",
      title: { qu: "Ayllupi yakuta kamachiy", es: "Gestión comunal del agua" },
    });

    const ids = async (qs: string) =>
      (await call("GET", `/api/courses?${qs}`)).body.items.map((c: { id: string }) => c.id);
    expect(await ids("language=qu")).toContain(id);
    expect(await ids("language=es")).not.toContain(id);
    expect(await ids("language=ay")).not.toContain(id);
    expect(await ids("q=kamachiy")).toContain(id); // Quechua words are searched too
  });

  it("shows an English reader the English text when there is one, else the course's own Quechua (not the Spanish)", async () => {
    const withoutEnglish = await published(
      quechuaCourse({ es: "Gestión comunal del agua", qu: "Ayllupi yakuta kamachiy" }),
    );
    const withEnglish = await published(
      quechuaCourse({ qu: "Ayllupi yakuta kamachiy", en: "Community water management" }),
    );
    const shown = async (id: string) => {
      const c = (await call("GET", `/api/courses/${id}`)).body;
      return Text.pickWithLanguage(c.title, "en", c.language);
    };
    expect(await shown(withoutEnglish)).toEqual({ text: "Ayllupi yakuta kamachiy", language: "qu", fallback: true });
    expect(await shown(withEnglish)).toEqual({ text: "Community water management", language: "en", fallback: false });
  });

  it("refuses a language that is neither a UI nor a content language, naming the field, and writes nothing", async () => {
    const before = (await call("GET", `/api/institutions/${institutionId}/courses`, { token: admin.token })).body.items
      .length;
    const bad = await call("POST", "/api/courses", {
      token: admin.token,
      body: { ...quechuaCourse({ qu: "Yaku", de: "Wasser" } as Text.Localized), language: "de" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["language", "title.de"]),
    );
    expect((await call("GET", "/api/courses?language=de")).status).toBe(400);
    expect(
      (await call("GET", `/api/institutions/${institutionId}/courses`, { token: admin.token })).body.items,
    ).toHaveLength(before);
  });

  it("gives its certificate in the participant's own UI language, with the title in it when the course has one", async () => {
    const id = await published(quechuaCourse({ qu: "Ayllupi yakuta kamachiy", es: "Gestión comunal del agua" }));
    const cohort = await call("POST", `/api/courses/${id}/cohorts`, {
      token: admin.token,
      body: { startDate: day(0), endDate: day(13), capacity: 5, enrolmentDeadline: day(7), prices: [] },
    });
    const p = await signIn("ana.quispe.qu@example.org");
    await call("PATCH", "/api/me", { token: p.token, body: { name: "Ana Quispe", languages: ["qu", "es"] } });
    const enrolled = await call("POST", `/api/cohorts/${cohort.body.id}/enrolments`, { token: p.token });
    expect(enrolled.body.status).toBe("active");
    const eid = enrolled.body.id;
    expect((await call("GET", `/api/enrolments/${eid}`, { token: p.token })).body.course.language).toBe("qu");
    await call("POST", `/api/enrolments/${eid}/lessons/1-1/done`, { token: p.token });
    const done = await call("POST", `/api/enrolments/${eid}/lessons/1-2/done`, { token: p.token });
    expect(done.body.complete).toBe(true);

    const pdf = await app.request(`/api/enrolments/${eid}/certificate.pdf`, {
      headers: { Authorization: `Bearer ${p.token}` },
    });
    expect(pdf.status).toBe(200);
    expect(new TextDecoder().decode(new Uint8Array(await pdf.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
    const verified = await call("GET", `/api/certificates/${done.body.certificateCode}`);
    expect(verified.body).toMatchObject({ courseTitle: "Gestión comunal del agua", valid: true });
  });
});

describe("publications", () => {
  it("hold Quechua and Aymara text; any other language is refused", async () => {
    const created = await call("POST", "/api/publications", {
      token: admin.token,
      body: {
        institutionId,
        title: { qu: "Yaku kamachiy", ay: "Uma apnaqaña" },
        description: { es: "Manual de comités de regantes." },
        prices: [],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.title).toEqual({ qu: "Yaku kamachiy", ay: "Uma apnaqaña" });
    const bad = await call("POST", "/api/publications", {
      token: admin.token,
      body: { institutionId, title: { pt: "Água" }, description: {}, prices: [] },
    });
    expect(bad.status).toBe(400);
  });
});
