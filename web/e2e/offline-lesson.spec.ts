/**
 * A lesson opened once stays readable without a connection (public/sw.js), and
 * signing out forgets the stored copies. In Spanish, on a phone.
 */
import { Actor, Auth, Courses, Institutions, People } from "@rutas/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E } from "./harness";

let e2e: E2E;
let lessonPath: string;
let token: string;

beforeAll(async () => {
  e2e = await startE2E();
  const inst = await Institutions.create(Actor.system, {
    name: "Asociación de Municipalidades de Apurímac",
    country: "PE",
    type: "government",
  });
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const course = await Courses.create(Actor.system, {
    institutionId: inst.id,
    title: { es: "Residuos sólidos en ciudades intermedias" },
    summary: { es: "Recolección selectiva con recicladores." },
    topics: ["urban-environment"],
    language: "es",
    modules: [
      {
        title: "Recolección",
        lessons: [
          { title: "Rutas de recolección", body: "Los **recicladores** recorren cada barrio dos veces por semana." },
        ],
      },
    ],
  });
  await Courses.publish(Actor.system, course.id);
  const cohort = await Courses.addCohort(Actor.system, course.id, {
    startDate: day(0),
    endDate: day(13),
    capacity: 10,
    enrolmentDeadline: day(5),
    prices: [],
  });
  const person = await People.findOrCreateByEmail("offline@example.org", { name: "Nilda Ccahuana", country: "PE" });
  const enrolment = await Courses.enrolInCohort(
    { kind: "person", id: person.id, email: person.email, roles: ["participant"] },
    cohort.id,
  );
  token = (await Auth.issueSession(person.id, person.email)).token;
  lessonPath = `/es/learning/${encodeURIComponent(enrolment.id)}/1-1`;
}, 60_000);
afterAll(() => e2e?.stop());

describe("offline lessons", () => {
  it("shows an opened lesson again with the connection gone", async () => {
    const { context, page, errors } = await e2e.phone("es-PE");
    await context.addCookies([{ name: "rutas_session", value: token, url: e2e.url }]);
    await page.goto(e2e.url + lessonPath);
    await page.getByText("recorren cada barrio").waitFor();
    // The worker takes over after the first visit; the next visit is the one it keeps.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.getByText("recorren cada barrio").waitFor();

    await context.setOffline(true);
    await page.reload();
    await page.getByText("recorren cada barrio").waitFor();
    expect(await page.locator("main h1").textContent()).toContain("Rutas de recolección");
    expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e))).toEqual([]);
    await context.setOffline(false);

    // Signing out forgets the stored lessons.
    await page.evaluate(() => fetch("/api/auth/signout", { method: "POST", headers: { "X-Rutas-CSRF": "1" } }));
    await expect.poll(() => page.evaluate(async () => (await caches.keys()).includes("rutas-reading-v1"))).toBe(false);
    await context.close();
  });
});
