/**
 * Journey of issue 11, on 360 px phones. Two institutions post an exchange offer each through the
 * admin page (one with two places, one with one); five participants apply — one through the pages,
 * choosing with the filters, adding a second offer from its page and reordering her list by
 * keyboard — the others through the API with their own sessions; each institution ranks its
 * applicants (one through the ranking editor). The platform admin runs a round with a respond-by
 * date and its progress bar; a participant reads her explanation in Spanish and accepts; another
 * declines, in French; a second round gives that place to someone never placed; the institution
 * reads why each place went where; the public audit page shows the round as stable, its digest
 * checked in the browser, and the JSON it offers re-runs through `stableMatch` to the published
 * digest and outcome.
 *
 * Seeded with core, because no screen does it: the institutions, their admins and sessions.
 * Needs `npm run build:web` first (the root `npm test` does it).
 */
import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../../packages/core/src/canonical";
import { Actor, Auth, Courses, Institutions, People, stableMatch } from "../../packages/core/src/index";
import { type E2E, artifacts, noSideScroll, startE2E } from "./harness";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const stamp = Date.now().toString(36);
const platformEmail = `plataforma.${stamp}@example.org`;
const OFFERS = {
  x: {
    institution: "Universidad Nacional del Altiplano",
    adminEmail: `una.${stamp}@example.org`,
    title: "Pasantía en agroindustria de quinua",
    kind: "internship",
    country: "PE",
    capacity: 2,
  },
  y: {
    institution: "Collège communautaire du Nouveau-Brunswick",
    adminEmail: `ccnb.${stamp}@example.org`,
    title: "Visita de estudio a cooperativas acadianas",
    kind: "study_visit",
    country: "CA",
    capacity: 1,
    /** A participation fee in USD per pricing group, as typed. */
    prices: { standard: "300", reduced: "120", community: "40" },
  },
} as const;
/** "120.00" or "120,00" as es-PE may write it. */
const major = (minor: number) =>
  new RegExp(`${Math.trunc(minor / 100)}[.,]${String(Math.abs(minor) % 100).padStart(2, "0")}`);
/** Five participants; `p2` applies through the pages. */
const PEOPLE = {
  p1: { name: "Ana Choque", country: "BO" },
  p2: { name: "Rosa Quispe Mamani", country: "PE" },
  p3: { name: "Émilie Cormier", country: "CA" },
  p4: { name: "Julián Condori", country: "PE" },
  p5: { name: "Tom Leblanc", country: "CA" },
} as const;
type Who = keyof typeof PEOPLE;
const emailOf = (who: Who) => `${who}.${stamp}@example.org`;

let e2e: E2E;
let stripeUrl = "";
const pageErrors: string[] = [];
const contexts: Record<string, { context: BrowserContext; page: Page }> = {};
const ids: Record<string, string> = {};
const offerIds = { x: "", y: "" };
const roundIds: string[] = [];
/** The first institution's course, named by its offer as the preparatory course. */
const prepTitle = "Inocuidad alimentaria para la exportación";
let prepId = "";

/** A phone in `locale` signed in as `email` (a session issued by core, as the magic link would). */
async function phoneAs(key: string, email: string, locale: string, profile: { name?: string; country?: string } = {}) {
  const person = await People.findOrCreateByEmail(email, profile);
  ids[key] = person.id;
  const { token } = await Auth.issueSession(person.id, person.email);
  const { context, page } = await e2e.phone(locale, {
    who: key,
    errors: pageErrors,
    ours: (url) => !stripeUrl || !url.startsWith(stripeUrl),
  });
  await context.addCookies([{ name: "rutas_session", value: token, url: e2e.url }]);
  contexts[key] = { context, page };
  return page;
}

/** The API as `key`'s session sees it. */
async function api<T>(key: string, method: "GET" | "PUT" | "POST", path: string, data?: unknown): Promise<T> {
  const res = await contexts[key].context.request.fetch(`${e2e.url}/api${path}`, {
    method,
    headers: { "X-Rutas-CSRF": "1" },
    ...(data === undefined ? {} : { data }),
  });
  expect(res.status(), `${method} ${path} answered ${res.status()}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

const openAdmin = async (page: Page, heading: string) => {
  await page.goto(`${e2e.url}/es/admin`);
  await page.getByRole("heading", { name: heading, level: 2, exact: true }).waitFor();
};
const offerItem = (page: Page, title: string) => page.locator(".offers-admin > li", { hasText: title });

beforeAll(async () => {
  e2e = await startE2E({ stripe: { retryDelaysMs: [50, 100, 200] }, config: { adminEmails: [platformEmail] } });
  if (!e2e.stack.stripeUrl)
    throw new Error("This journey runs against the local Stripe server: unset STRIPE_SECRET_KEY.");
  stripeUrl = e2e.stack.stripeUrl;
  for (const key of ["x", "y"] as const) {
    const o = OFFERS[key];
    const institution = await Institutions.create(Actor.system, {
      name: o.institution,
      country: o.country,
      type: "university",
    });
    await Institutions.addMember(Actor.system, institution.id, { email: o.adminEmail, role: "admin" });
    if (key === "x") {
      const course = await Courses.create(Actor.system, {
        institutionId: institution.id,
        title: { es: prepTitle },
        summary: { es: "Buenas prácticas de manufactura." },
        topics: [],
        language: "es",
        modules: [{ title: "BPM", lessons: [{ title: "Higiene", body: "Lavado de manos." }] }],
      });
      await Courses.publish(Actor.system, course.id);
      prepId = course.id;
    }
    await phoneAs(`admin-${key}`, o.adminEmail, "es-PE");
  }
  await phoneAs("platform", platformEmail, "es-PE");
  for (const who of Object.keys(PEOPLE) as Who[])
    await phoneAs(who, emailOf(who), who === "p3" ? "fr-CA" : "es-PE", PEOPLE[who]);
  await mkdir(artifacts, { recursive: true });
}, 60_000);

afterAll(() => e2e?.stop());

describe("exchange offers, applications, a matching round and its public audit, on phones", () => {
  it("each institution posts an offer through its admin page", async () => {
    for (const key of ["x", "y"] as const) {
      const o = OFFERS[key];
      const admin = contexts[`admin-${key}`].page;
      await openAdmin(admin, "Ofertas de intercambio");
      await admin.getByRole("button", { name: "Publicar una oferta" }).click();
      const form = admin.locator("#offer-form");
      await form.getByLabel("Tipo de intercambio").selectOption(o.kind);
      await form.getByRole("group", { name: "Título", exact: true }).getByLabel("Español").fill(o.title);
      await form
        .getByRole("group", { name: "Descripción", exact: true })
        .getByLabel("Español")
        .fill("Dos semanas de trabajo con productores y técnicos, con alojamiento en la comunidad.");
      await form.getByLabel("País anfitrión").selectOption(o.country);
      await form.getByLabel("Ciudad (opcional)").fill(key === "x" ? "Puno" : "Caraquet");
      await form.getByLabel("Primer día").fill(day(40));
      await form.getByLabel("Último día").fill(day(53));
      await form.getByLabel("Cierre de postulaciones").fill(day(20));
      await form.getByLabel("Plazas", { exact: true }).fill(String(o.capacity));
      await form.getByRole("group", { name: "Idiomas" }).getByLabel("Español").check();
      if (key === "x") await form.getByLabel("Curso preparatorio").selectOption({ label: prepTitle });
      if ("prices" in o) {
        await form.getByLabel("De pago, según el grupo de precio").check();
        await form.getByLabel("Moneda (código ISO: PEN, USD, CAD…)").fill("USD");
        await form.getByLabel("Precio estándar").fill(o.prices.standard);
        await form.getByLabel("Precio reducido").fill(o.prices.reduced);
        await form.getByLabel("Precio comunitario").fill(o.prices.community);
      }
      expect(await noSideScroll(admin)).toBeLessThanOrEqual(360);
      await form.getByRole("button", { name: "Publicar la oferta" }).click();
      await admin.getByText("La oferta está publicada y abierta a postulaciones.").waitFor();
      const href = await offerItem(admin, o.title).getByRole("link", { name: o.title }).getAttribute("href");
      offerIds[key] = href!.split("/").at(-1)!;
    }
    expect(offerIds.x && offerIds.y && offerIds.x !== offerIds.y).toBeTruthy();
  });

  it("a participant finds an offer with the filters, applies, and adds a second from its page", async () => {
    const page = contexts.p2.page;
    await page.goto(`${e2e.url}/es`);
    await page.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Intercambio" }).click();
    await page.getByRole("heading", { name: "Ofertas de intercambio", level: 1 }).waitFor();
    await page.getByLabel("Tipo de intercambio").selectOption("study_visit");
    await page.getByRole("button", { name: "Buscar" }).click();
    await page.waitForURL(/\/es\/exchange\?kind=study_visit$/);
    await page.getByRole("link", { name: OFFERS.y.title }).waitFor();
    expect(await page.getByRole("link", { name: OFFERS.x.title }).count()).toBe(0);
    expect(await noSideScroll(page)).toBeLessThanOrEqual(360);
    await page.getByRole("link", { name: OFFERS.y.title }).click();
    await page.getByRole("heading", { name: OFFERS.y.title, level: 1 }).waitFor();
    await page.getByText("Caraquet, Canadá").waitFor();
    // Priced: her own fee, for her pricing group (Peru: reduced).
    await expect.poll(() => page.locator("dd.price").textContent()).toMatch(major(12000));
    await page.getByRole("link", { name: "Postular" }).click();
    await page.waitForURL(/\/es\/exchange\/application\?add=/);
    await page.getByLabel("Carta de motivación").fill("Trabajo con una cooperativa de quinua en Puno.");
    await page.getByRole("list", { name: "Mis opciones, de la que más quiero a la que menos" }).waitFor();
    await page.getByRole("button", { name: "Guardar mi postulación" }).click();
    await page.getByText("Tu postulación se guardó.").waitFor();

    await page.goto(`${e2e.url}/es/exchange/offers/${offerIds.x}`);
    await page.getByRole("heading", { name: OFFERS.x.title, level: 1 }).waitFor();
    expect(await page.getByRole("link", { name: "Abrir el curso preparatorio" }).getAttribute("href")).toBe(
      `/es/courses/${prepId}`,
    );
    await page.getByRole("button", { name: "Añadir a mi postulación" }).click();
    await page.getByText("Se añadió a tu postulación como opción 2.").waitFor();
    expect(await noSideScroll(page)).toBeLessThanOrEqual(360);
  });

  it("reorders her list by keyboard, focus following the moved offer, and saves it", async () => {
    const page = contexts.p2.page;
    await page.getByRole("link", { name: "Mi postulación" }).click();
    const list = page.getByRole("list", { name: "Mis opciones, de la que más quiero a la que menos" });
    await list.getByRole("link", { name: OFFERS.x.title }).waitFor();
    const order = () => list.locator("li a").allTextContents();
    expect(await order()).toEqual([OFFERS.y.title, OFFERS.x.title]);
    // Down on the first: it becomes the last, and focus moves to its (still enabled) up button.
    await page.getByRole("button", { name: `Bajar ${OFFERS.y.title} (ahora opción 1)` }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(order).toEqual([OFFERS.x.title, OFFERS.y.title]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`choice-up-${offerIds.y}`);
    expect(await page.getByRole("status").filter({ hasText: "es ahora la opción 2 de 2" }).count()).toBe(1);
    // And back up with the keyboard alone.
    await page.keyboard.press("Enter");
    await expect.poll(order).toEqual([OFFERS.y.title, OFFERS.x.title]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`choice-down-${offerIds.y}`);
    expect(await noSideScroll(page)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(artifacts, "exchange-application-es.png"), fullPage: true });
    await page.getByRole("button", { name: "Guardar mi postulación" }).click();
    await page.getByText("Tu postulación se guardó.").waitFor();
    const saved = await api<{ ranking: string[] }>("p2", "GET", "/me/exchange-application");
    expect(saved.ranking).toEqual([offerIds.y, offerIds.x]);
  });

  it("the four others apply with their own sessions", async () => {
    const rankings: Record<Exclude<Who, "p2">, ("x" | "y")[]> = { p1: ["x"], p3: ["y"], p4: ["y", "x"], p5: ["x"] };
    for (const [who, choices] of Object.entries(rankings))
      await api(who, "PUT", "/me/exchange-application", {
        statement: `Statement of ${PEOPLE[who as Who].name}.`,
        ranking: choices.map((k) => offerIds[k]),
      });
  });

  it("the first institution ranks its applicants with the up/down editor", async () => {
    const admin = contexts["admin-x"].page;
    await openAdmin(admin, "Ofertas de intercambio");
    const item = offerItem(admin, OFFERS.x.title);
    await item.getByRole("button", { name: "Postulantes y clasificación" }).click();
    await item.getByText("4 postulantes").waitFor();
    await item.locator(`[data-person="${ids.p2}"]`).getByText("Carta de motivación").click();
    await item.getByText("Trabajo con una cooperativa de quinua en Puno.").waitFor();
    for (const who of ["p1", "p2", "p4", "p5"] as const)
      await item.getByRole("button", { name: `Añadir a ${PEOPLE[who].name} a la clasificación` }).click();
    // Tom before Julián: one step up.
    await item.getByRole("button", { name: `Subir ${PEOPLE.p5.name} (ahora opción 4)` }).click();
    const ranked = item.getByRole("list", { name: "Clasificación, del mejor al último" });
    await expect
      .poll(() => ranked.locator("li .ranked-body").allTextContents())
      .toEqual([PEOPLE.p1.name, PEOPLE.p2.name, PEOPLE.p5.name, PEOPLE.p4.name]);
    expect(await noSideScroll(admin)).toBeLessThanOrEqual(360);
    await item.getByRole("button", { name: "Guardar la clasificación" }).click();
    await item.getByText("La clasificación se guardó.").waitFor();
  });

  it("the second ranks its own", async () => {
    await api("admin-y", "PUT", `/exchange/offers/${offerIds.y}/ranking`, { ranking: [ids.p3, ids.p4, ids.p2] });
  });

  it("the platform admin runs a round with a respond-by date, with its progress bar", async () => {
    const admin = contexts.platform.page;
    const progressAsked: string[] = [];
    admin.on("request", (r) => r.url().includes("/api/exchange/rounds/progress") && progressAsked.push(r.url()));
    await openAdmin(admin, "Rondas de asignación del intercambio");
    const form = admin.locator("#round-run");
    await form.getByLabel("Responder hasta").fill(day(7));
    await form.getByRole("button", { name: "Realizar la ronda" }).click();
    await form.getByText("Ronda terminada: 3 de 5 postulantes con plaza.").waitFor({ timeout: 20_000 });
    const href = await form.getByRole("link", { name: "Página de auditoría pública" }).getAttribute("href");
    roundIds.push(href!.split("/").at(-1)!);
    const bar = form.locator("progress#round-progress");
    expect(await bar.getAttribute("value")).toBe(await bar.getAttribute("max"));
    expect(progressAsked.length).toBeGreaterThan(0);
    expect(await noSideScroll(admin)).toBeLessThanOrEqual(360);
  });

  it("a participant reads why, in Spanish: the place she got, and why not her first choice", async () => {
    const page = contexts.p2.page;
    await page.goto(`${e2e.url}/es/exchange/application`);
    const box = page.getByRole("region", { name: "Resultado de la ronda de asignación" });
    await box.waitFor();
    const text = await box.locator(".explanation").textContent();
    expect(text).toContain(`Se le ha asignado una plaza en ${OFFERS.x.title}.`);
    expect(text).toContain(`${OFFERS.y.title}: su única plaza fue para postulantes que clasificó por encima de usted.`);
    expect(await box.locator(".explanation").getAttribute("lang")).toBe("es");
    await box.getByRole("link", { name: OFFERS.x.title }).waitFor();
    // Below it, her application as she saved it (read once the session is known).
    expect(await page.getByLabel("Carta de motivación").inputValue()).toBe(
      "Trabajo con una cooperativa de quinua en Puno.",
    );
    const list = page.getByRole("list", { name: "Mis opciones, de la que más quiero a la que menos" });
    await expect.poll(() => list.locator("li a").allTextContents()).toEqual([OFFERS.y.title, OFFERS.x.title]);
    expect(await noSideScroll(page)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(artifacts, "exchange-assignment-es.png"), fullPage: true });
  });

  it("she accepts before the respond-by date", async () => {
    const page = contexts.p2.page;
    const box = page.getByRole("region", { name: "Resultado de la ronda de asignación" });
    await box.locator("#respond-by").getByText("Responde hasta el", { exact: false }).waitFor();
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/api/me/exchange-placement/accept")),
      box.getByRole("button", { name: "Aceptar la plaza" }).click(),
    ]);
    expect(answer.status()).toBe(200);
    await box.getByText("Aceptaste la plaza.").waitFor();
    await expect.poll(() => box.locator("#assignment-status").textContent()).toBe("Aceptaste esta plaza.");
    // A free offer: accepting enrols her in the place, active at once (nothing to pay).
    expect((await answer.json()).enrolmentStatus).toBe("active");
    await box.locator("#place-state").getByText("Tu plaza está confirmada.").waitFor();
    expect(await box.getByRole("button", { name: /^Pagar / }).count()).toBe(0);
    expect(await box.getByRole("button", { name: "Aceptar la plaza" }).count()).toBe(0);
    expect(await box.getByRole("link", { name: "Empezar el curso preparatorio" }).getAttribute("href")).toBe(
      `/es/courses/${prepId}`,
    );
  });

  it("another declines hers, in French, after confirming", async () => {
    const page = contexts.p3.page;
    await page.goto(`${e2e.url}/fr/exchange/application`);
    const box = page.getByRole("region", { name: "Résultat du tour d’appariement" });
    await box.locator(".explanation").getByText(`Une place vous a été attribuée dans ${OFFERS.y.title}.`).waitFor();
    await box.getByRole("button", { name: "Refuser" }).click();
    await box.getByRole("button", { name: "Oui, refuser" }).click();
    await box.getByText("Vous avez refusé la place.").waitFor();
    await expect.poll(() => box.locator("#assignment-status").textContent()).toBe("Vous avez refusé cette place.");
  });

  it("a second round gives the declined place to someone never placed", async () => {
    const admin = contexts.platform.page;
    const form = admin.locator("#round-run");
    await form.getByRole("button", { name: "Realizar la ronda" }).click();
    await form.getByText("Ronda terminada: 1 de 2 postulantes con plaza.").waitFor({ timeout: 20_000 });
    const href = await form.getByRole("link", { name: "Página de auditoría pública" }).getAttribute("href");
    roundIds.push(href!.split("/").at(-1)!);
    // The rounds list: newest first, each with its audit page and its outcome as CSV.
    const rows = admin.locator("table.rounds tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().getAttribute("data-round")).toBe(roundIds[1]);
    const csv = await rows.first().getByRole("link", { name: "Resultado (CSV)" }).getAttribute("href");
    const res = await contexts.platform.context.request.get(`${e2e.url}${csv}`);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain(emailOf("p4"));

    const page = contexts.p4.page;
    await page.goto(`${e2e.url}/es/exchange/application`);
    const box = page.getByRole("region", { name: "Resultado de la ronda de asignación" });
    await box.locator(".explanation").getByText(`Se le ha asignado una plaza en ${OFFERS.y.title}.`).waitFor();
    await box.getByRole("button", { name: "Aceptar la plaza" }).waitFor();
  });

  it("he accepts the priced place and pays his group's fee on Stripe's page", async () => {
    const page = contexts.p4.page;
    const box = page.getByRole("region", { name: "Resultado de la ronda de asignación" });
    await box.getByRole("button", { name: "Aceptar la plaza" }).click();
    await box.locator("#place-state").getByText("Tu plaza está reservada hasta que pagues su costo.").waitFor();
    const pay = box.getByRole("button", { name: /^Pagar / });
    expect(await pay.textContent()).toMatch(major(12000));
    expect(await noSideScroll(page)).toBeLessThanOrEqual(360);
    await pay.click();
    await page.waitForURL((url) => url.href.startsWith(`${stripeUrl}/checkout/`));
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toMatch(major(12000));
    await page.getByLabel("Número de tarjeta").fill("4242 4242 4242 4242");
    await page.getByRole("button", { name: /^Pagar / }).click();
    await page.waitForURL(new RegExp(`^${e2e.url}/es/exchange/application\\?paid=`));
    await page
      .getByText("Pago recibido: tu inscripción está confirmada.", { exact: false })
      .waitFor({ timeout: 20_000 });
    const back = page.getByRole("region", { name: "Resultado de la ronda de asignación" });
    await back.locator("#place-state").getByText("Tu plaza está confirmada.").waitFor();
    await back.getByRole("link", { name: "Recibo (PDF)" }).waitFor();
    expect(await back.getByRole("button", { name: /^Pagar / }).count()).toBe(0);
  });

  it("the institution reads why each place went where", async () => {
    const admin = contexts["admin-x"].page;
    await openAdmin(admin, "Ofertas de intercambio");
    const item = offerItem(admin, OFFERS.x.title);
    await item.getByRole("button", { name: "Por qué cada plaza fue a quien fue" }).click();
    const table = item.locator("table.placements");
    await table.waitFor();
    await expect.poll(() => table.locator(`tr[data-person="${ids.p1}"]`).textContent()).toContain("Con plaza aquí");
    expect(await table.locator(`tr[data-person="${ids.p5}"]`).textContent()).toContain(
      "Las plazas fueron para postulantes mejor clasificados",
    );
    expect(await noSideScroll(admin)).toBeLessThanOrEqual(360);
  });

  it("the institution edits its offer, then closes it: it stays in its list, not in the public one", async () => {
    const admin = contexts["admin-x"].page;
    const item = offerItem(admin, OFFERS.x.title);
    await item.getByRole("button", { name: "Editar", exact: true }).click();
    const form = admin.locator(`#offer-form-${offerIds.x}`);
    await form.getByRole("heading", { name: "Editar la oferta" }).waitFor();
    // The course list loads after the form opens; the select shows the saved course once it has.
    await expect.poll(() => form.getByLabel("Curso preparatorio").inputValue()).toBe(prepId);
    await form.getByLabel("Ciudad (opcional)").fill("Juliaca");
    await form.getByRole("button", { name: "Guardar los cambios" }).click();
    await admin.getByText("La oferta se guardó.").waitFor();
    await expect.poll(() => item.locator(".meta").first().textContent()).toContain("Juliaca, Perú");
    await item.getByRole("button", { name: "Cerrar la oferta" }).click();
    await item.getByRole("button", { name: "Sí, cerrarla" }).click();
    await admin.getByText("La oferta está cerrada.").waitFor();
    await openAdmin(admin, "Ofertas de intercambio");
    await offerItem(admin, OFFERS.x.title).getByText("Cerrada").waitFor();
    const open = await api<{ items: { id: string }[] }>("p1", "GET", "/exchange/offers");
    expect(open.items.map((o) => o.id)).not.toContain(offerIds.x);
  });

  it("the public audit page shows the round as stable, its digest checked in the browser", async () => {
    const { page } = await e2e.phone("es-PE", { who: "visitor", errors: pageErrors });
    const roundId = roundIds.at(-1)!;
    await page.goto(`${e2e.url}/es/exchange/rounds/${roundId}`);
    await page.getByRole("heading", { name: "Ronda de asignación: auditoría pública", level: 1 }).waitFor();
    expect(await page.locator("#round-stable").textContent()).toMatch(/^Sí:/);
    await expect
      .poll(() => page.locator("#digest-check").textContent())
      .toBe("Comprobado en tu navegador: la entrada publicada da esta huella.");
    const round = await (await page.context().request.get(`${e2e.url}/api/exchange/rounds/${roundId}`)).json();
    expect(await page.locator("#round-digest").textContent()).toBe(round.inputDigest);
    expect(await page.locator("#round-matched").textContent()).toBe(String(round.matched));
    await page.getByRole("heading", { name: "Cómo volver a comprobar esta ronda" }).waitFor();
    expect(await noSideScroll(page)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(artifacts, "exchange-audit-es.png"), fullPage: true });

    // The downloaded file re-runs to the published digest and outcome.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Descargar JSON" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`matching-round-${roundId}.json`);
    const file = JSON.parse(await readFile((await download.path())!, "utf8"));
    expect(Object.keys(file).sort()).toEqual(["algorithm", "input", "inputDigest", "outcome"]);
    expect(file.algorithm).toBe("deferred-acceptance/applicant-proposing/v1");
    expect(createHash("sha256").update(canonicalJson(file.input)).digest("hex")).toBe(file.inputDigest);
    expect(file.inputDigest).toBe(round.inputDigest);
    expect(stableMatch(file.input).assignments).toEqual(file.outcome);
    // No personal data: pseudonyms only.
    const text = JSON.stringify(file);
    for (const who of Object.keys(PEOPLE) as Who[]) {
      expect(text).not.toContain(ids[who]);
      expect(text).not.toContain(PEOPLE[who].name);
    }
  });

  it("the admin's exchange strings (a bundle of their own) follow a language switch", async () => {
    const admin = contexts.platform.page;
    await openAdmin(admin, "Rondas de asignación del intercambio");
    await admin.getByRole("navigation", { name: "Idioma" }).getByRole("link", { name: "English" }).click();
    await admin.getByRole("heading", { name: "Exchange matching rounds", level: 2 }).waitFor();
    await admin.getByRole("button", { name: "Run the round" }).waitFor();
    await admin.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "Français" }).click();
    await admin.getByRole("heading", { name: "Tours d’appariement de l’échange", level: 2 }).waitFor();
  });

  it("no page of ours logged a script error", () => {
    expect(pageErrors).toEqual([]);
  });
});
