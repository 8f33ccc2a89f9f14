/**
 * A visitor is not an error: every page a visitor can open loads without a console
 * error, a script error or a failed request (4xx/5xx) — in particular without the
 * 401 that asking GET /api/me used to cost on every page (the web now asks
 * GET /api/auth/session, which answers a visitor {user: null}).
 * Runs the real stack: DynamoDB Local + the local server serving /api and web/dist.
 * Needs `npm run build:web` first (the root `npm test` does it).
 */
import type { Page } from "playwright-core";
import { Actor, Courses, Institutions, Publications } from "@rutas/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E } from "./harness";

let e2e: E2E;
let courseId: string;
let publicationId: string;

beforeAll(async () => {
  e2e = await startE2E();
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const inst = await Institutions.create(Actor.system, {
    name: "Red de Municipalidades Rurales",
    country: "PE",
    type: "government",
  });
  const course = await Courses.create(Actor.system, {
    institutionId: inst.id,
    title: { es: "Agua segura en comunidades", en: "Safe water in communities" },
    summary: { es: "Juntas administradoras de agua.", en: "Community water boards." },
    topics: ["community-natural-resources"],
    language: "es",
    modules: [{ title: "Juntas", lessons: [{ title: "Qué hace una JASS", body: "La **JASS** administra el agua." }] }],
  });
  await Courses.publish(Actor.system, course.id);
  await Courses.addCohort(Actor.system, course.id, {
    startDate: day(10),
    endDate: day(23),
    capacity: 20,
    enrolmentDeadline: day(8),
    prices: [],
  });
  courseId = course.id;
  const publication = await Publications.create(Actor.system, {
    institutionId: inst.id,
    title: { es: "Atlas del agua", en: "Water atlas" },
    description: { es: "Mapas de cuencas.", en: "Watershed maps." },
    prices: [],
  });
  await Publications.uploadFile(Actor.system, publication.id, {
    name: "atlas.pdf",
    contentType: "application/pdf",
    bytes: new TextEncoder().encode("%PDF-1.4 atlas"),
  });
  publicationId = publication.id;
}, 60_000);
afterAll(() => e2e?.stop());

/** Everything that went wrong on `page`: console errors, script errors, 4xx/5xx answers, failed requests. */
function watchEverything(page: Page): string[] {
  const faults: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") faults.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (err) => faults.push(`script: ${String(err)}`));
  page.on("response", (res) => {
    if (res.status() >= 400) faults.push(`${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`);
  });
  page.on("requestfailed", (req) =>
    faults.push(`failed ${req.method()} ${new URL(req.url()).pathname}: ${req.failure()?.errorText}`),
  );
  return faults;
}

describe("the pages a visitor opens", () => {
  const pages = (lang: string) => [
    ["home", `/${lang}`, "h1"],
    ["catalogue", `/${lang}/courses`, `a[href="/${lang}/courses/${courseId}"]`],
    ["a course", `/${lang}/courses/${courseId}`, "h1"],
    ["publications", `/${lang}/publications`, `a[href="/${lang}/publications/${publicationId}"]`],
    ["a publication", `/${lang}/publications/${publicationId}`, "h1"],
    ["sign-in", `/${lang}/signin`, "input[type=email]"],
  ];

  for (const [lang, locale] of [
    ["es", "es-PE"],
    ["en", "en-CA"],
  ] as const) {
    it(`in ${lang}: no console error and no failed request on any of them`, async () => {
      const { context, page } = await e2e.phone(locale, { expected: () => true }); // everything is collected below instead
      const faults = watchEverything(page);
      const asked: string[] = [];
      page.on("request", (req) => {
        if (new URL(req.url()).pathname.startsWith("/api/")) asked.push(new URL(req.url()).pathname);
      });
      await page.goto(`${e2e.url}/`, { waitUntil: "networkidle" });
      await page.waitForURL(new RegExp(`/${lang}$`));
      for (const [name, path, ready] of pages(lang)) {
        await page.goto(e2e.url + path, { waitUntil: "networkidle" });
        await page.locator(ready).first().waitFor();
        expect(faults, `${name} (${path})`).toEqual([]);
      }
      // The profile sends a visitor to sign in, without a refused request either.
      await page.goto(`${e2e.url}/${lang}/profile`, { waitUntil: "networkidle" });
      await page.waitForURL(new RegExp(`/${lang}/signin$`));
      expect(faults, "profile (a visitor)").toEqual([]);
      // The header learnt that a visitor is there (it offers to sign in) without asking GET /api/me.
      expect(asked).toContain("/api/auth/session");
      expect(asked).not.toContain("/api/me");
      const nav = page.getByRole("navigation", { name: lang === "es" ? "Principal" : "Main" });
      await nav.getByRole("link", { name: lang === "es" ? "Entrar" : "Sign in", exact: true }).waitFor();
      await context.close();
    });
  }
});
