/**
 * Journey, in Spanish, on 360 px phones: an institution admin writes a course of one
 * module and two lessons, publishes it and opens a free cohort that starts today;
 * a participant finds it in the catalogue, enrols, reads and completes both lessons,
 * downloads the certificate and checks it on the public page; the admin then sees
 * them at 100 % and exports the cohort as CSV.
 * Only what no one can do in the UI is seeded: the institution and its admin.
 * Runs the real stack: DynamoDB Local + the local server serving /api and web/dist.
 * Needs `npm run build:web` first (the root `npm test` does it).
 */
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { BrowserContext, ConsoleMessage, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Actor, Institutions } from "../../packages/core/src/index";
import { type E2E, artifacts, noSideScroll, startE2E, watchErrors } from "./harness";

/** A calendar day counted as the API counts it (UTC), `offset` days from today. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const stamp = Date.now().toString(36);
const adminEmail = `coordinacion.${stamp}@example.org`;
const learnerEmail = `rosa.${stamp}@example.org`;
const word = `quinua${stamp}`; // one word only this run's course has: the catalogue search finds it
const courseTitle = "Comercio justo de la quinua";
const institutionName = "Asociación de Productores Andinos";

let e2e: E2E;
let adminContext: BrowserContext;
let admin: Page;
let learner: Page;
const pageErrors: string[] = [];
let courseUrl = "";
let certificateCode = "";

/** Script errors and CSP violations fail the journey; the API's own 4xx answers (a refused form, a signed-out /api/me, an unknown certificate) are part of it. */
const apiRefusal = (msg: ConsoleMessage) =>
  /status of 4\d\d/.test(msg.text()) && new URL(msg.location().url, e2e.url).pathname.startsWith("/api/");
const watch = (who: string) => ({ who, errors: pageErrors, expected: apiRefusal, context: { acceptDownloads: true } });

beforeAll(async () => {
  e2e = await startE2E({ config: { adminEmails: ["admin@example.org"] } });
  // The one thing the UI cannot do: a platform admin registers the institution and names its admin.
  const institution = await Institutions.create(Actor.system, {
    name: institutionName,
    country: "PE",
    type: "business_association",
  });
  await Institutions.addMember(Actor.system, institution.id, { email: adminEmail, role: "admin" });

  ({ context: adminContext, page: admin } = await e2e.phone("es-PE", watch("admin")));
  ({ page: learner } = await e2e.phone("es-PE", watch("learner")));
  await mkdir(artifacts, { recursive: true });
});

afterAll(() => e2e?.stop());

describe("a short course from its writing to a verified certificate, in Spanish, on phones", () => {
  it("the institution admin signs in and finds the admin page in the header", async () => {
    await admin.goto(`${e2e.url}/es/signin`);
    await e2e.signInHere(admin, adminEmail);
    await admin.waitForURL(/\/es\/profile$/);
    await admin.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Administrar" }).click();
    await admin.waitForURL(/\/es\/admin$/);
    await admin.getByRole("heading", { name: "Administrar cursos" }).waitFor();
    await admin.getByText(institutionName).waitFor();
  });

  it("writes a course of one module and two lessons; an empty lesson title is named next to its field", async () => {
    await admin.getByRole("button", { name: "Nuevo curso" }).click();
    const form = admin.locator("#new-course");
    await form.getByRole("group", { name: "Título", exact: true }).getByLabel("Español").fill(courseTitle);
    await form
      .getByRole("group", { name: "Resumen", exact: true })
      .getByLabel("Español")
      .fill(`Cadenas de valor y precios justos para cooperativas. Código ${word}.`);
    await form.getByLabel("Producción y comercio local (pymes)").check();
    await form.getByLabel("Idioma en que se dicta el curso").selectOption("es");
    await form.getByLabel("Título del módulo").fill("Fundamentos");
    const first = form.getByRole("group", { name: "Lección 1" });
    await first.getByLabel("Título de la lección").fill("¿Qué es el comercio justo?");
    await first
      .getByLabel("Texto de la lección (Markdown)")
      .fill(
        "## Principios\n\nEl **comercio justo** paga un precio digno al productor.\n\n- Transparencia\n- Precio mínimo",
      );
    await form.getByRole("button", { name: "Añadir una lección" }).click();
    const second = form.getByRole("group", { name: "Lección 2" });
    await second
      .getByLabel("Texto de la lección (Markdown)")
      .fill("Cooperativas de Puno y Ayacucho que exportan quinua.");

    await form.getByRole("button", { name: "Guardar como borrador" }).click();
    const title2 = second.getByLabel("Título de la lección");
    await expect.poll(() => title2.getAttribute("aria-invalid")).toBe("true");
    expect(await admin.locator(`#${await title2.getAttribute("aria-describedby")}`).textContent()).toContain(
      "Revisa este campo",
    );
    expect(await admin.evaluate(() => document.activeElement?.id)).toBe("m0-l1-title"); // the field with the error has the focus

    await title2.fill("Casos en los Andes");
    await form.getByRole("button", { name: "Guardar como borrador" }).click();
    await admin.getByText("El curso se guardó como borrador").waitFor();
    const card = admin.locator(".courses > li", { hasText: courseTitle });
    expect(await card.getByText("Borrador").count()).toBe(1);
    expect(await card.getByText("2 lecciones").count()).toBe(1);
  });

  it("publishes it and opens a free cohort of 14 days starting today; 13 days are refused, naming the dates", async () => {
    const card = admin.locator(".courses > li", { hasText: courseTitle });
    await card.getByRole("button", { name: "Publicar" }).click();
    await card.getByText("El curso está publicado").waitFor();
    expect(await card.getByText("Publicado", { exact: true }).count()).toBe(1);

    const cohort = card.getByRole("form", { name: "Añadir fechas" });
    await cohort.getByLabel("Primer día").fill(day(0));
    await cohort.getByLabel("Último día").fill(day(12));
    await cohort.getByLabel("Cierre de inscripciones").fill(day(7));
    await cohort.getByLabel("Cupos").fill("25");
    expect(await cohort.getByLabel("Gratis").isChecked()).toBe(true);
    await cohort.getByText("13 días").waitFor();
    await cohort.getByRole("button", { name: "Añadir estas fechas" }).click();
    await expect.poll(() => cohort.getByLabel("Primer día").getAttribute("aria-invalid")).toBe("true");
    expect(await cohort.getByLabel("Último día").getAttribute("aria-invalid")).toBe("true");

    await cohort.getByLabel("Último día").fill(day(13));
    await cohort.getByText("14 días").waitFor();
    await cohort.getByRole("button", { name: "Añadir estas fechas" }).click();
    await cohort.getByText("Se añadieron las fechas.").waitFor();
    await card.getByText("Quedan 25 de 25").waitFor();
    expect(await noSideScroll(admin)).toBeLessThanOrEqual(360);
    await admin.screenshot({ path: join(artifacts, "course-admin-es.png"), fullPage: true });
  });

  it("a visitor finds the course by searching the catalogue, with the keyboard", async () => {
    await learner.goto(`${e2e.url}/es`);
    await learner
      .getByRole("navigation", { name: "Principal" })
      .getByRole("link", { name: "Cursos", exact: true })
      .click();
    await learner.waitForURL(/\/es\/courses$/);
    await learner.getByLabel("Palabras a buscar").fill(word);
    await learner.getByLabel("Palabras a buscar").press("Enter");
    await learner.waitForURL(new RegExp(`/es/courses\\?q=${word}$`));
    const link = learner.getByRole("link", { name: courseTitle });
    await link.waitFor();
    expect(await learner.locator(".courses > li").count()).toBe(1);
    expect(await learner.locator(".courses > li").textContent()).toContain("Producción y comercio local (pymes)");
    expect(await noSideScroll(learner)).toBeLessThanOrEqual(360);
    await learner.screenshot({ path: join(artifacts, "course-catalogue-es.png"), fullPage: true });
    await link.click();
    await learner.waitForURL(/\/es\/courses\/[0-9A-Z]+$/);
    courseUrl = learner.url();
  });

  it("the course page shows the outline, the cohort and 'free'; signing in to enrol comes back here", async () => {
    await learner.getByRole("heading", { name: courseTitle, level: 1 }).waitFor();
    expect(await learner.getByText("Casos en los Andes").count()).toBe(1);
    expect(await learner.locator(".price").textContent()).toBe("Gratis");
    const calendar = await learner.getByRole("link", { name: "Añadir al calendario" }).getAttribute("href");
    expect(calendar).toMatch(/^\/api\/cohorts\/[0-9A-Z]+\/calendar\.ics\?lang=es$/);
    await learner.getByRole("link", { name: "Entra para inscribirte" }).click();
    await learner.waitForURL(/\/es\/signin\?next=/);
    await e2e.signInHere(learner, learnerEmail);
    await learner.waitForURL(courseUrl);
  });

  it("enrols: the place is confirmed at once (free cohort)", async () => {
    await learner.getByRole("button", { name: "Inscribirme" }).click();
    await learner.getByText("Tu inscripción está confirmada.").waitFor();
    await learner.getByText("Quedan 24 de 25").waitFor();
    expect(await learner.getByRole("button", { name: "Inscribirme" }).count()).toBe(0);
    expect(await noSideScroll(learner)).toBeLessThanOrEqual(360);
    await learner.screenshot({ path: join(artifacts, "course-page-es.png"), fullPage: true });
  });

  it("gives a name for the certificate in the profile", async () => {
    await learner.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Mi perfil" }).click();
    await learner.getByLabel("Nombre completo").fill("Rosa Mamani Quispe");
    await learner.getByRole("button", { name: "Guardar" }).click();
    await expect.poll(() => learner.getByRole("status").first().textContent()).toContain("Tu perfil se guardó");
  });

  it("opens the course from My learning and reads the first lesson, rendered from Markdown", async () => {
    await learner.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Mis cursos" }).click();
    await learner.waitForURL(/\/es\/learning$/);
    await learner.getByText("0 de 2 lecciones hechas (0 %)").waitFor();
    await learner.getByRole("link", { name: courseTitle }).click();
    await learner.waitForURL(/\/es\/learning\/[^/]+$/);
    await learner.getByRole("link", { name: "¿Qué es el comercio justo?" }).click();
    await learner.getByRole("heading", { name: "¿Qué es el comercio justo?", level: 1 }).waitFor();
    expect(await learner.locator(".lesson h2").textContent()).toBe("Principios");
    expect(await learner.locator(".lesson strong").textContent()).toBe("comercio justo");
    expect(await learner.locator(".lesson li").count()).toBe(2);
  });

  it("marks both lessons done and gets the certificate", async () => {
    await learner.getByRole("button", { name: "Marcar como hecha" }).click();
    await learner.getByText("Lección marcada como hecha.").waitFor();
    await learner.getByText("1 de 2 lecciones hechas (50 %)").waitFor();
    expect(await noSideScroll(learner)).toBeLessThanOrEqual(360);
    await learner.screenshot({ path: join(artifacts, "course-lesson-es.png"), fullPage: true });

    await learner.getByRole("link", { name: /Siguiente/ }).click();
    await learner.getByRole("heading", { name: "Casos en los Andes", level: 1 }).waitFor();
    await learner.getByRole("button", { name: "Marcar como hecha" }).click();
    await learner.getByText("¡Terminaste el curso!").waitFor();
    await learner.getByText("2 de 2 lecciones hechas (100 %)").waitFor();
    expect(await noSideScroll(learner)).toBeLessThanOrEqual(360);
    await learner.screenshot({ path: join(artifacts, "course-complete-es.png"), fullPage: true });
  });

  it("downloads the certificate as a PDF", async () => {
    const [download] = await Promise.all([
      learner.waitForEvent("download"),
      learner.getByRole("link", { name: "Descargar certificado (PDF)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^certificate-[0-9A-Z-]+\.pdf$/);
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("the public verification page confirms name, course, institution and dates", async () => {
    await learner.getByRole("link", { name: "Página pública de verificación" }).click();
    await learner.waitForURL(/\/es\/verify\/[0-9A-Z-]+$/);
    certificateCode = learner.url().split("/").pop()!;
    await learner.getByText("Este certificado es válido.").waitFor();
    expect(await learner.locator("#cert-name").textContent()).toBe("Rosa Mamani Quispe");
    expect(await learner.locator("#cert-course").textContent()).toBe(courseTitle);
    expect(await learner.getByText(institutionName).count()).toBe(1);
    await learner.screenshot({ path: join(artifacts, "course-verify-es.png"), fullPage: true });

    // The address printed on the certificate has no language: it opens in the reader's.
    const anonymous = await e2e.browser.newPage({ locale: "fr-CA" });
    watchErrors(anonymous, pageErrors, { who: "anonymous", expected: apiRefusal });
    await anonymous.goto(`${e2e.url}/verify/${certificateCode}`);
    await anonymous.waitForURL(/\/fr\/verify\/[0-9A-Z-]+$/);
    await anonymous.getByText("Ce certificat est valide.").waitFor();
    expect(await anonymous.locator("#cert-name").textContent()).toBe("Rosa Mamani Quispe");
    await anonymous.goto(`${e2e.url}/fr/verify/NOPE${stamp.toUpperCase()}`);
    await anonymous.getByText("Certificat introuvable").waitFor();

    // A French reader sees the Spanish-only title, marked as Spanish (and told so).
    await anonymous.goto(`${e2e.url}/fr/courses?q=${word}`);
    await anonymous.getByRole("link", { name: courseTitle }).waitFor();
    expect(await anonymous.getByText("Texte affiché en espagnol").count()).toBe(1);
    expect(await anonymous.getByRole("link", { name: courseTitle }).locator("span").getAttribute("lang")).toBe("es");
    await anonymous.close();
  });

  it("the admin sees the participant at 100 % and downloads the cohort as CSV", async () => {
    await admin.reload();
    const card = admin.locator(".courses > li", { hasText: courseTitle });
    await card.getByRole("button", { name: "Gestionar" }).click();
    await card.getByRole("button", { name: "Ver inscripciones" }).click();
    const row = card.locator("table.people tbody tr", { hasText: learnerEmail });
    await row.waitFor();
    expect(await row.textContent()).toContain("Rosa Mamani Quispe");
    expect(await row.textContent()).toContain("Activa");
    expect(await row.textContent()).toContain("100 %");
    expect(await noSideScroll(admin)).toBeLessThanOrEqual(360);

    const href = await card.getByRole("link", { name: "Descargar la lista (CSV)" }).getAttribute("href");
    expect(href).toMatch(/^\/api\/cohorts\/[0-9A-Z]+\/enrolments\?format=csv$/);
    const csv = await adminContext.request.get(`${e2e.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(await csv.text()).toContain(learnerEmail);
  });

  it("the participant can withdraw from My learning, after confirming", async () => {
    await learner.goto(`${e2e.url}/es/learning`);
    const item = learner.locator(".courses > li", { hasText: courseTitle });
    await item.getByText("2 de 2 lecciones hechas (100 %)").waitFor();
    await item.getByRole("button", { name: "Retirarme" }).click();
    await item.getByText("¿Retirarte de este curso?").waitFor();
    expect(await learner.evaluate(() => document.activeElement?.textContent)).toBe("Sí, retirarme"); // the question has the focus
    await learner.keyboard.press("Enter");
    await item.getByText("Te retiraste de este curso.").waitFor();
    expect(await item.getByText("Retirada").count()).toBe(1);
    expect(await item.getByRole("button", { name: "Retirarme" }).count()).toBe(0);
  });

  it("had no script errors or CSP violations", () => {
    expect(pageErrors).toEqual([]);
  });
});
