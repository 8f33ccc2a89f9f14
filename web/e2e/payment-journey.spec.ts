/**
 * Journey, in Spanish, on 360 px phones: a participant from Peru (reduced price) enrols
 * in a priced cohort, sees the seat held with its price and deadline, pays on the local
 * Stripe checkout page (one card declined, then one that pays), comes back to My learning
 * where the payment is confirmed once the webhook lands, and downloads the receipt; the
 * institution admin then refunds the enrolment after an on-page confirmation and reads the
 * cohort's ledger, where every party of the fee-sharing plan is back at zero. Last, the admin
 * offers a document for sale and the participant buys, pays and downloads it.
 * Seeded with core, because no screen does it (or another journey covers it): the
 * institution and its admin, and the priced course with a cohort starting today.
 * Runs the real stack: DynamoDB Local, the local server serving /api and web/dist, and
 * the local Stripe-compatible server delivering signed webhooks to it.
 * Needs `npm run build:web` first (the root `npm test` does it).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { BrowserContext, ConsoleMessage, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Actor, Auth, Config, Courses, Institutions, People, type PersonActor } from "../../packages/core/src/index";
import { type E2E, artifacts, noSideScroll, startE2E } from "./harness";

/** A calendar day counted as the API counts it (UTC), `offset` days from today. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const stamp = Date.now().toString(36);
const adminEmail = `tesoreria.${stamp}@example.org`;
const learnerEmail = `wilma.${stamp}@example.org`;
const learnerName = "Wilma Huamán Ccori";
const courseTitle = "Turismo rural comunitario";
const institutionName = "Universidad Nacional del Altiplano";
const documentTitle = "Guía de tarifas del turismo rural";
const documentBytes = Buffer.from("%PDF-1.4\n% Guía de tarifas (prueba)\n%%EOF\n");
const PRICES = [
  { group: "standard" as const, amount: 24000, currency: "CAD" },
  { group: "reduced" as const, amount: 6000, currency: "CAD" },
  { group: "community" as const, amount: 1500, currency: "CAD" },
];
/** 60.00 as the page writes it in es-PE (the currency sign and its place are Intl's to choose). */
const sixty = /60[.,]00/;
/** Stripe's fee on 60.00: 2.9 % + 0.30 (docs/decisions/0007-local-stripe-server.md). */
const fee = /2[.,]04/;

let e2e: E2E;
let stripeUrl = "";
let adminContext: BrowserContext;
let admin: Page;
let learner: Page;
const pageErrors: string[] = [];
let courseUrl = "";
let enrolmentId = "";

/**
 * Script errors and CSP violations on our pages fail the journey. The API's own 4xx answers
 * (a signed-out /api/me) are part of it, and the checkout page is Stripe's, not ours: its
 * declined card is a 402 by design.
 */
const watch = (who: string) => ({
  who,
  errors: pageErrors,
  ours: (url: string) => !stripeUrl || !url.startsWith(stripeUrl),
  expected: (msg: ConsoleMessage, page: Page) =>
    /status of 4\d\d/.test(msg.text()) &&
    new URL(msg.location().url || page.url(), e2e.url).pathname.startsWith("/api/"),
  context: { acceptDownloads: true },
});

beforeAll(async () => {
  e2e = await startE2E({
    stripe: { retryDelaysMs: [50, 100, 200] },
    config: { adminEmails: ["admin@example.org"], files: { dir: mkdtempSync(join(tmpdir(), "rutas-e2e-files-")) } },
  });
  if (!e2e.stack.stripeUrl)
    throw new Error("The payment journey runs against the local Stripe server: unset STRIPE_SECRET_KEY.");
  stripeUrl = e2e.stack.stripeUrl;
  expect(e2e.url).toBe(Config.config().appUrl); // where Stripe sends webhooks and the payer back
  // What no screen does: a platform admin registers the institution and names its admin.
  const institution = await Institutions.create(Actor.system, {
    name: institutionName,
    country: "PE",
    type: "university",
  });
  await Institutions.addMember(Actor.system, institution.id, { email: adminEmail, role: "admin" });
  // The course journey writes a course through the UI; here the admin's own verbs make a priced one.
  const person = (await People.findByEmail(adminEmail))!;
  const asAdmin: PersonActor = {
    kind: "person",
    id: person.id,
    email: person.email,
    roles: Auth.rolesFor(person.email),
  };
  const course = await Courses.create(asAdmin, {
    institutionId: institution.id,
    title: { es: courseTitle },
    summary: { es: "Cómo recibir visitantes en comunidades del lago Titicaca." },
    topics: ["local-production-and-trade"],
    language: "es",
    modules: [
      { title: "Primeros pasos", lessons: [{ title: "La comunidad anfitriona", body: "Quién recibe y cómo." }] },
    ],
  });
  await Courses.publish(asAdmin, course.id);
  await Courses.addCohort(asAdmin, course.id, {
    startDate: day(0),
    endDate: day(13),
    capacity: 20,
    enrolmentDeadline: day(7),
    prices: PRICES,
  });

  courseUrl = `${e2e.url}/es/courses/${course.id}`;
  ({ page: learner } = await e2e.phone("es-PE", watch("learner")));
  ({ context: adminContext, page: admin } = await e2e.phone("es-PE", watch("admin")));
  await mkdir(artifacts, { recursive: true });
}, 60_000);

afterAll(() => e2e?.stop());

describe("paying for a course, and refunding it, in Spanish, on phones", () => {
  it("the participant signs in and gives Peru as their country: their price group is 'reduced'", async () => {
    await learner.goto(`${e2e.url}/es/signin`);
    await e2e.signInHere(learner, learnerEmail);
    await learner.waitForURL(/\/es\/profile$/);
    await learner.getByLabel("Nombre completo").fill(learnerName);
    await learner.getByLabel("País donde vives").selectOption("PE");
    await learner.getByRole("button", { name: "Guardar" }).click();
    await expect.poll(() => learner.getByRole("status").first().textContent()).toContain("Tu perfil se guardó");
    await expect.poll(() => learner.locator("#pricing-group").textContent()).toBe("reducido");
  });

  it("opens the course: its own price is the reduced one", async () => {
    await learner.goto(courseUrl);
    await learner.getByRole("heading", { name: courseTitle, level: 1 }).waitFor();
    await expect.poll(() => learner.locator(".cohort .price").textContent()).toMatch(sixty);
  });

  it("enrols: the seat is held, with its price, the time it is held until, and a button to pay", async () => {
    await learner.getByRole("button", { name: "Inscribirme" }).click();
    const cohort = learner.locator(".cohort");
    await cohort.getByText("Tienes un cupo reservado.").waitFor();
    expect(await cohort.getByText(/Completa el pago antes de las \d{1,2}:\d{2}/).count()).toBe(1);
    expect(await cohort.locator(".pay").textContent()).toMatch(sixty);
    const pay = cohort.getByRole("button", { name: /^Pagar / });
    expect(await pay.textContent()).toMatch(sixty);
    await cohort.getByText("Quedan 19 de 20").waitFor();
    expect(await noSideScroll(learner)).toBeLessThanOrEqual(360);
    await learner.screenshot({ path: join(artifacts, "pay-held-es.png"), fullPage: true });
  });

  it("My learning shows the same seat held, waiting for the payment", async () => {
    await learner.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Mis cursos" }).click();
    await learner.waitForURL(/\/es\/learning$/);
    const item = learner.locator(".courses > li", { hasText: courseTitle });
    await item.getByText("Tienes un cupo reservado.").waitFor();
    expect(await item.locator(".pay").textContent()).toMatch(sixty);
    expect(await item.getByRole("button", { name: /^Pagar / }).count()).toBe(1);
    expect(await item.getByRole("link", { name: "Recibo (PDF)" }).count()).toBe(0); // nothing paid yet
    await learner.goBack();
    await learner.waitForURL(courseUrl);
  });

  it("'Pagar' opens Stripe's checkout page, where a declined card is said so and nothing is charged", async () => {
    await learner
      .locator(".cohort")
      .getByRole("button", { name: /^Pagar / })
      .click();
    await learner.waitForURL((url) => url.href.startsWith(`${stripeUrl}/checkout/`));
    await learner.getByRole("heading", { name: /^Pagar / }).waitFor();
    expect(await learner.getByRole("heading", { level: 1 }).textContent()).toMatch(sixty);
    await learner.getByLabel("Número de tarjeta").fill("4000 0000 0000 0002");
    await learner.getByRole("button", { name: /^Pagar / }).click();
    await learner.getByRole("alert").getByText("Tu tarjeta fue rechazada.").waitFor();
    expect(learner.url().startsWith(stripeUrl)).toBe(true);
    await learner.screenshot({ path: join(artifacts, "pay-declined-es.png"), fullPage: true });
  });

  it("pays with 4242 and comes back to My learning, which confirms the payment once Stripe's webhook lands", async () => {
    await learner.getByLabel("Número de tarjeta").fill("4242 4242 4242 4242");
    await learner.getByRole("button", { name: /^Pagar / }).click();
    await learner.waitForURL(new RegExp(`^${e2e.url}/es/learning\\?paid=`));
    enrolmentId = new URL(learner.url()).searchParams.get("paid")!;
    expect(enrolmentId).toBeTruthy();
    await learner
      .getByText("Pago recibido: tu inscripción está confirmada.", { exact: false })
      .waitFor({ timeout: 20_000 });
    const item = learner.locator(".courses > li", { hasText: courseTitle });
    await item.getByText("Tu inscripción está confirmada.").waitFor();
    await item.getByText("0 de 1 lecciones hechas (0 %)").waitFor();
    expect(await item.getByRole("button", { name: /^Pagar / }).count()).toBe(0);
    expect(await item.getByRole("link", { name: "Recibo (PDF)" }).count()).toBe(1);
    expect(await noSideScroll(learner)).toBeLessThanOrEqual(360);
    await learner.screenshot({ path: join(artifacts, "pay-confirmed-es.png"), fullPage: true });
  });

  it("downloads the receipt as a PDF, and the receipt was e-mailed in Spanish", async () => {
    const banner = learner.locator(".paid-banner");
    const [download] = await Promise.all([
      learner.waitForEvent("download"),
      banner.getByRole("link", { name: "Recibo (PDF)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^receipt-.+\.pdf$/);
    expect(
      readFileSync(await download.path())
        .subarray(0, 5)
        .toString("latin1"),
    ).toBe("%PDF-");
    const receipt = (await e2e.outbox(learnerEmail)).find((m) => m.subject.startsWith("Recibo"));
    expect(receipt?.subject).toMatch(sixty);
    expect(receipt?.link).toContain(`/api/enrolments/${encodeURIComponent(enrolmentId)}/receipt.pdf`);
  });

  it("the institution admin refunds the enrolment, after confirming on the page", async () => {
    await admin.goto(`${e2e.url}/es/signin`);
    await e2e.signInHere(admin, adminEmail);
    await admin.waitForURL(/\/es\/profile$/);
    await admin.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Administrar" }).click();
    const card = admin.locator(".courses > li", { hasText: courseTitle });
    await card.getByRole("button", { name: "Gestionar" }).click();
    await card.getByRole("button", { name: "Ver inscripciones" }).click();
    const row = card.locator("table.people tbody tr", { hasText: learnerEmail });
    await row.waitFor();
    expect(await row.textContent()).toContain("Activa");
    expect(await row.textContent()).toMatch(sixty);

    const refund = row.getByRole("button", { name: `Reembolsar a ${learnerName}` });
    const confirm = card.getByRole("group", { name: `Reembolsar a ${learnerName}` });
    // Asking is not doing: Cancel closes the question and gives the focus back to the button.
    await refund.click();
    await confirm.getByRole("button", { name: "Cancelar" }).click();
    await expect.poll(() => admin.evaluate(() => document.activeElement?.textContent)).toBe("Reembolsar");
    expect(await confirm.count()).toBe(0);
    expect(await row.textContent()).toContain("Activa");

    await refund.click();
    await confirm.getByText(`a ${learnerName}?`, { exact: false }).waitFor();
    expect(await confirm.textContent()).toMatch(sixty);
    await expect.poll(() => admin.evaluate(() => document.activeElement?.textContent)).toBe("Sí, reembolsar"); // the question has the focus
    expect(await noSideScroll(admin)).toBeLessThanOrEqual(360);
    await admin.screenshot({ path: join(artifacts, "pay-refund-confirm-es.png"), fullPage: true });
    await admin.keyboard.press("Enter");
    await card.getByText(`a ${learnerName}.`, { exact: false }).waitFor();
    await expect.poll(() => row.textContent()).toContain("Reembolsada");
    expect(await row.getByRole("button", { name: /^Reembolsar/ }).count()).toBe(0);
  });

  it("the ledger shows every party back at zero, Stripe's fee kept, and its CSV", async () => {
    const card = admin.locator(".courses > li", { hasText: courseTitle });
    await card.getByRole("button", { name: "Libro contable" }).click();
    const balances = card.getByRole("table", { name: "Saldo por parte" });
    await balances.waitFor();
    for (const [name, account] of [
      ["Institución", "institution:"],
      ["Operador (Rutas)", "operator"],
      ["Fondo solidario", "solidarity_fund"],
    ]) {
      const line = balances.locator(`tr[data-account^="${account}"]`);
      expect(await line.locator("th").textContent()).toBe(name);
      expect(await line.locator("td").textContent()).toMatch(/^[^\d\-−]*0[.,]00[^\d]*$/);
    }
    expect(await balances.locator('tr[data-account="stripe:fees"]').textContent()).toMatch(fee);
    expect(await balances.locator('tr[data-account="stripe:fees"] th').textContent()).toBe("Comisiones de Stripe");
    const entries = card.getByRole("region", { name: "Asientos" });
    expect(await entries.getByText("Reembolso").count()).toBeGreaterThan(0);
    expect(await entries.getByText("Pago", { exact: true }).count()).toBeGreaterThan(0);
    expect(await noSideScroll(admin)).toBeLessThanOrEqual(360);
    await card.locator(".cohort").screenshot({ path: join(artifacts, "pay-ledger-es.png") });

    const href = await card.getByRole("link", { name: "Descargar el libro contable (CSV)" }).getAttribute("href");
    expect(href).toMatch(/^\/api\/cohorts\/[0-9A-Z]+\/ledger\?format=csv$/);
    const csv = await adminContext.request.get(`${e2e.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(await csv.text()).toContain("refund");
  });

  it("the participant sees the enrolment refunded, and the receipt still available", async () => {
    await learner.goto(`${e2e.url}/es/learning`);
    const item = learner.locator(".courses > li", { hasText: courseTitle });
    await item.getByText("Reembolsada").waitFor();
    expect(await item.getByRole("link", { name: "Recibo (PDF)" }).count()).toBe(1);
    expect((await e2e.outbox(learnerEmail))[0].subject).toMatch(/^Reembolso de /);
  });

  it("the admin offers a document for sale: a file over 5 MB is refused before sending, then the PDF is uploaded", async () => {
    await admin.reload();
    await admin.getByRole("button", { name: "Ofrecer un documento" }).click();
    const form = admin.locator("#new-document");
    await form.getByRole("group", { name: "Título", exact: true }).getByLabel("Español").fill(documentTitle);
    await form
      .getByRole("group", { name: "Descripción", exact: true })
      .getByLabel("Español")
      .fill("Costos y tarifas de 40 emprendimientos del lago Titicaca.");
    expect(await form.getByLabel("De pago, según el grupo de precio").isChecked()).toBe(true);
    await form.getByLabel("Precio estándar").fill("20");
    await form.getByLabel("Precio reducido").fill("5");
    const file = form.getByLabel("El archivo (5 MB como máximo)");
    await file.setInputFiles({
      name: "enorme.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.alloc(6 * 1024 * 1024, 1),
    });
    await form.getByRole("button", { name: "Ponerlo a la venta" }).click();
    await expect.poll(() => file.getAttribute("aria-invalid")).toBe("true");
    expect(await admin.locator("#doc-file-error").textContent()).toContain("el máximo es 5 MB");
    await expect.poll(() => admin.evaluate(() => document.activeElement?.id)).toBe("doc-file");

    await file.setInputFiles({ name: "guia-tarifas.pdf", mimeType: "application/pdf", buffer: documentBytes });
    await form.getByRole("button", { name: "Ponerlo a la venta" }).click();
    await admin.getByText("El documento está a la venta.").waitFor();
    const item = admin
      .locator("section", { has: admin.getByRole("heading", { name: "Documentos a la venta" }) })
      .locator(".courses > li", { hasText: documentTitle });
    expect(await item.textContent()).toContain("guia-tarifas.pdf");
    expect(await noSideScroll(admin)).toBeLessThanOrEqual(360);
  });

  it("the participant finds it from the home page at their own price, buys it, pays, and downloads it", async () => {
    await learner.goto(`${e2e.url}/es`);
    await learner.getByRole("link", { name: "Ver las publicaciones" }).click();
    await learner.waitForURL(/\/es\/publications$/);
    const item = learner.locator(".courses > li", { hasText: documentTitle });
    expect(await item.locator(".price").textContent()).toMatch(/5[.,]00/);
    await item.getByRole("link", { name: documentTitle }).click();
    await learner.waitForURL(/\/es\/publications\/[0-9A-Z]+$/);
    const pageUrl = learner.url();
    await learner.getByRole("button", { name: /^Comprar por / }).click();
    await learner.getByText("Tu compra espera el pago.").waitFor();
    expect(await learner.locator(".pay").textContent()).toMatch(/5[.,]00/);
    expect(await noSideScroll(learner)).toBeLessThanOrEqual(360);
    await learner
      .locator(".pay")
      .getByRole("button", { name: /^Pagar / })
      .click();
    await learner.waitForURL((url) => url.href.startsWith(`${stripeUrl}/checkout/`));
    await learner.getByLabel("Número de tarjeta").fill("4242 4242 4242 4242");
    await learner.getByRole("button", { name: /^Pagar / }).click();
    await learner.waitForURL(`${pageUrl}?paid=1`);
    await learner.getByText("Pago recibido: el documento es tuyo.", { exact: false }).waitFor({ timeout: 20_000 });
    await learner.getByRole("button", { name: "Obtener el enlace de descarga" }).click();
    const link = learner.getByRole("link", { name: "Descargar guia-tarifas.pdf" });
    await link.waitFor();
    await expect
      .poll(() => learner.evaluate(() => document.activeElement?.textContent))
      .toBe("Descargar guia-tarifas.pdf"); // the link took the button's place and its focus
    expect(await noSideScroll(learner)).toBeLessThanOrEqual(360);
    await learner.screenshot({ path: join(artifacts, "pay-publication-es.png"), fullPage: true });
    const [download] = await Promise.all([learner.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("guia-tarifas.pdf");
    expect(readFileSync(await download.path()).equals(documentBytes)).toBe(true);
  });

  it("had no script errors or CSP violations on our pages", () => {
    expect(pageErrors).toEqual([]);
  });
});
