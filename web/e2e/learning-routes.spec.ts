/**
 * Journey of issue 10, in Spanish, on 360 px phones. The platform admin (who also runs the
 * institution) registers three hosts, gives the first one a member and completes its Stripe
 * onboarding on the local Stripe server's page, then builds a 4-day Learning Route with the three
 * hosts (stops, prices per group, fee shares summing to 10 000) and publishes it. Two participants
 * pay different prices on the local Stripe checkout page: one from Peru (reduced), one from a rural
 * organisation in Peru (community: packages/core/src/people/countries.ts pricingGroupOf); the
 * first reads the itinerary, offline too. The admin refunds the second. The host's member reads
 * its statement, which matches GET /api/routes/:id/ledger to the cent. Last, the admin pays one
 * host by bank transfer and the other by a Stripe transfer.
 * Seeded with core, because no screen does it: the institution and its admin.
 * Runs the real stack (DynamoDB Local, the local server with web/dist, the local Stripe server).
 * Needs `npm run build:web` first (the root `npm test` does it).
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { BrowserContext, ConsoleMessage, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Actor, Config, Institutions } from "../../packages/core/src/index";
import { type E2E, artifacts, noSideScroll, startE2E } from "./harness";

/** A calendar day counted as the API counts it (UTC), `offset` days from today. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const stamp = Date.now().toString(36);
const adminEmail = `coordinacion.${stamp}@example.org`;
const memberEmail = `tesorera.${stamp}@example.org`;
const reducedEmail = `rosa.${stamp}@example.org`;
const communityEmail = `julian.${stamp}@example.org`;
const reducedName = "Rosa Quispe Mamani";
const communityName = "Julián Condori Apaza";
const institutionName = "Fundación Rutas del Altiplano";
const routeTitle = "Ruta de la quinua y el lago Titicaca";
/** Given in the builder besides the Spanish: the title in Quechua, and one stop's activity in Quechua only. */
const routeTitleQu = "Kinuwa ñan, Titiqaqa qucha";
const activityQu = "Yachaqwan kinuwa tarpuy";
const HOSTS = [
  { name: "Comunidad de Llachón", country: "PE", kind: "organisation", orgType: "community", shares: 4000 },
  { name: "Cooperativa Cabana", country: "PE", kind: "organisation", orgType: "cooperative", shares: 2500 },
  { name: "Yachaq Eusebia Ticona", country: "BO", kind: "talent", orgType: "", shares: 1000 },
] as const;
/** The plan: the three hosts above, then these; 10 000 in all. */
const OTHER_SHARES = { Institución: 1000, "Operador (Rutas)": 1000, "Fondo solidario": 500 };
/** Prices in USD per group (major units as typed). */
const PRICES = { standard: "400", reduced: "200", community: "50" };
/** "200.00" or "200,00" as es-PE may write it. */
const major = (minor: number) =>
  new RegExp(`${Math.trunc(minor / 100)}[.,]${String(Math.abs(minor) % 100).padStart(2, "0")}`);

type Money = { amount: number; currency: string };
type Balance = { party?: string; account?: string; owed?: Money; paid?: Money; balance?: number; currency?: string };
type Statement = { owed: Money; paid: Money; due: Money; entries: { kind: string; amount: Money }[] };

let e2e: E2E;
let stripeUrl = "";
let adminContext: BrowserContext;
let admin: Page;
let member: Page;
let reduced: Page;
let community: Page;
const pageErrors: string[] = [];
const hostIds: string[] = [];
let routeId = "";

const watch = (who: string) => ({
  who,
  errors: pageErrors,
  ours: (url: string) => !stripeUrl || !url.startsWith(stripeUrl),
  expected: (msg: ConsoleMessage, page: Page) =>
    (/status of 4\d\d/.test(msg.text()) &&
      new URL(msg.location().url || page.url(), e2e.url).pathname.startsWith("/api/")) ||
    /ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(msg.text()),
});

beforeAll(async () => {
  e2e = await startE2E({ stripe: { retryDelaysMs: [50, 100, 200] }, config: { adminEmails: [adminEmail] } });
  if (!e2e.stack.stripeUrl)
    throw new Error("This journey runs against the local Stripe server: unset STRIPE_SECRET_KEY.");
  stripeUrl = e2e.stack.stripeUrl;
  expect(e2e.url).toBe(Config.config().appUrl);
  const institution = await Institutions.create(Actor.system, { name: institutionName, country: "PE", type: "ngo" });
  await Institutions.addMember(Actor.system, institution.id, { email: adminEmail, role: "admin" });
  ({ context: adminContext, page: admin } = await e2e.phone("es-PE", watch("admin")));
  ({ page: member } = await e2e.phone("es-PE", watch("member")));
  ({ page: reduced } = await e2e.phone("es-PE", watch("reduced")));
  ({ page: community } = await e2e.phone("es-PE", watch("community")));
  await mkdir(artifacts, { recursive: true });
}, 60_000);

afterAll(() => e2e?.stop());

/** The API's JSON answer as the admin's session sees it. */
async function asAdmin<T>(path: string): Promise<T> {
  const res = await adminContext.request.get(`${e2e.url}${path}`, { headers: { "X-Rutas-CSRF": "1" } });
  expect(res.status(), `${path} answered ${res.status()}`).toBe(200);
  return (await res.json()) as T;
}

const openAdmin = async () => {
  await admin.goto(`${e2e.url}/es/admin`);
  await admin.getByRole("heading", { name: "Anfitriones", level: 2, exact: true }).waitFor();
};
const hostRow = (name: string) =>
  admin.locator("section[aria-labelledby=hosts-title] .courses > li", { hasText: name });

async function signInWithProfile(page: Page, email: string, name: string, organisationType?: string) {
  await page.goto(`${e2e.url}/es/signin`);
  await e2e.signInHere(page, email);
  await page.waitForURL(/\/es\/profile$/);
  await page.getByLabel("Nombre completo").fill(name);
  await page.getByLabel("País donde vives").selectOption("PE");
  if (organisationType) await page.getByLabel("Tipo de organización").selectOption(organisationType);
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Tu perfil se guardó");
}

/** From the route page: enrol, pay with 4242 on Stripe's page, come back to My learning confirmed. */
async function enrolAndPay(page: Page, price: RegExp) {
  await page.goto(`${e2e.url}/es/routes`);
  await page.getByRole("link", { name: routeTitle }).click();
  await page.getByRole("heading", { name: routeTitle, level: 1 }).waitFor();
  await expect.poll(() => page.locator("dd.price").textContent()).toMatch(price);
  await page.getByRole("button", { name: "Inscribirme" }).click();
  await page.getByText("Tienes un cupo reservado.").waitFor();
  const pay = page.getByRole("button", { name: /^Pagar / });
  expect(await pay.textContent()).toMatch(price);
  expect(await noSideScroll(page)).toBeLessThanOrEqual(360);
  await pay.click();
  await page.waitForURL((url) => url.href.startsWith(`${stripeUrl}/checkout/`));
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toMatch(price);
  await page.getByLabel("Número de tarjeta").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: /^Pagar / }).click();
  await page.waitForURL(new RegExp(`^${e2e.url}/es/learning\\?paid=`));
  await page.getByText("Pago recibido: tu inscripción está confirmada.", { exact: false }).waitFor({ timeout: 20_000 });
  const item = page.locator(".courses > li", { hasText: routeTitle });
  await item.getByText("Tu inscripción está confirmada.").waitFor();
}

describe("a Learning Route, its fee shared among its hosts and paid out, in Spanish, on phones", () => {
  it("the platform admin registers three hosts", async () => {
    await admin.goto(`${e2e.url}/es/signin`);
    await e2e.signInHere(admin, adminEmail);
    await admin.waitForURL(/\/es\/profile$/);
    await admin.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Administrar" }).click();
    await admin.getByRole("heading", { name: "Anfitriones", level: 2, exact: true }).waitFor();
    const form = admin.locator("#host-form");
    for (const h of HOSTS) {
      await form.getByLabel("Nombre", { exact: true }).fill(h.name);
      await form.getByLabel("Tipo de anfitrión").selectOption(h.kind);
      if (h.orgType) await form.getByLabel("Tipo de organización").selectOption(h.orgType);
      await form.getByLabel("País", { exact: true }).selectOption(h.country);
      await form.getByLabel("Región (opcional)").fill(h.country === "PE" ? "Puno" : "La Paz");
      await form.getByLabel("Quechua").check();
      await form.getByRole("button", { name: "Registrar el anfitrión" }).click();
      await admin.getByText(`${h.name} quedó registrado.`).waitFor();
      const href = await hostRow(h.name).getByRole("link", { name: h.name }).getAttribute("href");
      hostIds.push(href!.split("/").at(-1)!);
    }
    expect(new Set(hostIds).size).toBe(3);
    expect(await noSideScroll(admin)).toBeLessThanOrEqual(360);
  });

  it("gives the first host a member", async () => {
    const row = hostRow(HOSTS[0].name);
    await row.getByLabel("Correo del miembro").fill(memberEmail);
    await row.getByRole("button", { name: "Añadir miembro" }).click();
    await row.getByText(`${memberEmail} ya puede entrar como este anfitrión.`).waitFor();
  });

  it("completes the first host's Stripe onboarding on the local Stripe server's page", async () => {
    await hostRow(HOSTS[0].name).getByRole("button", { name: "Configurar pagos por Stripe" }).click();
    await admin.waitForURL((url) => url.href.startsWith(`${stripeUrl}/connect/onboarding/`));
    await admin.getByRole("heading", { name: "Registro en Connect" }).waitFor();
    await admin.getByRole("button", { name: "Terminar el registro" }).click();
    // Stripe brings the admin back to the host's page (no language in the URL: the app adds it).
    await admin.waitForURL(new RegExp(`^${e2e.url}/es/hosts/${hostIds[0]}\\?connect=done$`));
    await admin.getByText("Registro en Stripe terminado", { exact: false }).waitFor();
    // The account.updated webhook marks the host ready; ask until it has landed.
    await expect
      .poll(
        async () => {
          await openAdmin();
          await hostRow(HOSTS[0].name).waitFor();
          return hostRow(HOSTS[0].name).getByText("Cuenta de Stripe lista").count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    const connect = await asAdmin<{ ready: boolean; accountId?: string }>(`/api/hosts/${hostIds[0]}/connect`);
    expect(connect.ready).toBe(true);
    expect(await hostRow(HOSTS[1].name).getByText("Cuenta de Stripe lista").count()).toBe(0);
  });

  it("builds a 4-day route with the three hosts, its prices and fee shares summing to 10 000", async () => {
    await openAdmin();
    await admin.getByRole("button", { name: "Nueva ruta" }).click();
    const form = admin.locator("#route-form");
    // Each text in one or more languages: Spanish, and the title in Quechua too (folded until opened).
    const title = form.getByRole("group", { name: "Título", exact: true });
    await title.getByLabel("Español").fill(routeTitle);
    await title.getByText("También en quechua").click();
    await title.getByLabel("Quechua (Runasimi)").fill(routeTitleQu);
    await form
      .getByRole("group", { name: "Resumen", exact: true })
      .getByLabel("Español")
      .fill("Cuatro días con productores de quinua y comunidades del lago.");
    await form.getByLabel("Producción y comercio local (pymes)").check();
    await form.getByLabel("Bolivia").check();
    await form.getByLabel("Primer día").fill(day(10));
    await form.getByLabel("Último día").fill(day(13));
    await form.getByLabel("Cupos").fill("12");
    const stops = [
      { day: 1, host: HOSTS[0].name, place: "Llachón, Capachica", title: "Turismo comunitario en la península" },
      { day: 2, host: HOSTS[1].name, place: "Cabana, San Román", title: "Quinua orgánica: de la chacra al mercado" },
      { day: 3, host: HOSTS[2].name, place: "Achacachi", title: "Saberes de una yachaq" },
      { day: 4, host: HOSTS[0].name, place: "Isla Ticonata", title: "Cierre y plan de innovación" },
    ];
    for (let i = 1; i < stops.length; i++) await form.getByRole("button", { name: "Añadir una parada" }).click();
    for (const [i, s] of stops.entries()) {
      const stop = form.getByRole("group", { name: `Parada ${i + 1}`, exact: true });
      await stop.getByLabel("Día", { exact: true }).selectOption(String(s.day));
      await stop.getByLabel("Anfitrión", { exact: true }).selectOption({ label: s.host });
      await stop.getByLabel("Lugar").fill(s.place);
      await stop.getByRole("group", { name: "Qué es la parada" }).getByLabel("Español").fill(s.title);
    }
    const activity = form
      .getByRole("group", { name: "Parada 3", exact: true })
      .getByRole("group", { name: /^Actividad/ });
    await activity.getByText("También en quechua").click();
    await activity.getByLabel("Quechua (Runasimi)").fill(activityQu);
    await form.getByLabel("De pago, según el grupo de precio").check();
    await form.getByLabel("Moneda (código ISO: PEN, USD, CAD…)").fill("USD");
    await form.getByLabel("Precio estándar").fill(PRICES.standard);
    await form.getByLabel("Precio reducido").fill(PRICES.reduced);
    await form.getByLabel("Precio comunitario").fill(PRICES.community);
    const sum = form.locator("#shares-sum");
    for (const h of HOSTS) await form.getByLabel(h.name, { exact: true }).fill(String(h.shares));
    for (const [label, bp] of Object.entries(OTHER_SHARES))
      await form.getByLabel(label, { exact: true }).fill(String(bp));
    await expect.poll(() => sum.textContent()).toBe("Total: 10000 de 10000");
    // The sum follows each keystroke, and says by how much it is off.
    await form.getByLabel("Fondo solidario", { exact: true }).fill("400");
    await expect.poll(() => sum.textContent()).toContain("ajustar en 100");
    await form.getByLabel("Fondo solidario", { exact: true }).fill("500");
    await expect.poll(() => sum.textContent()).toBe("Total: 10000 de 10000");
    expect(await noSideScroll(admin)).toBeLessThanOrEqual(360);
    await admin.screenshot({ path: join(artifacts, "route-builder-es.png"), fullPage: true });
    await form.getByRole("button", { name: "Guardar como borrador" }).click();
    await admin.getByText("Borrador guardado. Publícalo cuando esté listo.").waitFor();
  });

  it("publishes it; the route's plan is the one typed", async () => {
    const item = admin.locator(".routes-admin > li", { hasText: routeTitle });
    await item.getByText("Borrador").waitFor();
    routeId = (await item.getByRole("link", { name: routeTitle }).getAttribute("href"))!.split("/").at(-1)!;
    await item.getByRole("button", { name: "Publicar" }).click();
    await admin.getByText("La ruta está publicada.").waitFor();
    await item.getByText("Publicado").waitFor();
    const route = await asAdmin<{
      title: Record<string, string>;
      status: string;
      startDate: string;
      endDate: string;
      stops: { day: number; hostId: string }[];
      feeShares: { party: string; basisPoints: number }[];
    }>(`/api/routes/${routeId}`);
    expect(route.status).toBe("published");
    expect(route.title).toEqual({ es: routeTitle, qu: routeTitleQu });
    expect([route.startDate, route.endDate]).toEqual([day(10), day(13)]);
    expect(route.stops.map((s) => [s.day, s.hostId])).toEqual([
      [1, hostIds[0]],
      [2, hostIds[1]],
      [3, hostIds[2]],
      [4, hostIds[0]],
    ]);
    expect(route.feeShares.reduce((n, s) => n + s.basisPoints, 0)).toBe(10_000);
    for (const [i, h] of HOSTS.entries())
      expect(route.feeShares.find((s) => s.party === `host:${hostIds[i]}`)?.basisPoints).toBe(h.shares);
  });

  it("the route page shows the itinerary day by day, each stop linking to its host", async () => {
    await reduced.goto(`${e2e.url}/es/routes/${routeId}`);
    await reduced.getByRole("heading", { name: routeTitle, level: 1 }).waitFor();
    for (const n of [1, 2, 3, 4]) await reduced.getByRole("heading", { name: new RegExp(`^Día ${n} `) }).waitFor();
    // Written in Quechua only: shown as it is, marked as Quechua for screen readers.
    await reduced.locator('[lang="qu"]', { hasText: activityQu }).waitFor();
    await reduced.getByRole("link", { name: HOSTS[2].name }).click();
    await reduced.getByRole("heading", { name: HOSTS[2].name, level: 1 }).waitFor();
    await reduced.getByText("Talento local").waitFor();
    await reduced.getByRole("link", { name: routeTitle }).waitFor(); // its routes
    expect(await noSideScroll(reduced)).toBeLessThanOrEqual(360);
  });

  it("a participant from Peru pays the reduced price on Stripe's page", async () => {
    await signInWithProfile(reduced, reducedEmail, reducedName);
    await expect.poll(() => reduced.locator("#pricing-group").textContent()).toBe("reducido");
    await enrolAndPay(reduced, major(20000));
    await reduced.screenshot({ path: join(artifacts, "route-paid-es.png"), fullPage: true });
  });

  it("reads the route's itinerary from My learning, and again with the connection gone", async () => {
    await reduced.locator(".courses > li", { hasText: routeTitle }).getByRole("link", { name: routeTitle }).click();
    await reduced.waitForURL(/\/es\/learning\/[^/]+$/);
    await reduced.getByRole("heading", { name: "Itinerario" }).waitFor();
    await reduced.getByText("Quinua orgánica: de la chacra al mercado").waitFor();
    await reduced.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await reduced.reload();
    await reduced.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await reduced.getByText("Quinua orgánica: de la chacra al mercado").waitFor();
    await reduced.context().setOffline(true);
    await reduced.reload();
    await reduced.getByText("Quinua orgánica: de la chacra al mercado").waitFor();
    expect(await reduced.locator("main h1").textContent()).toContain(routeTitle);
    await reduced.context().setOffline(false);
  });

  it("a participant from a rural organisation pays the community price", async () => {
    await signInWithProfile(community, communityEmail, communityName, "rural_organisation");
    await expect.poll(() => community.locator("#pricing-group").textContent()).toBe("comunitario");
    await enrolAndPay(community, major(5000));
  });

  it("the admin refunds the community participant, after confirming on the page", async () => {
    await openAdmin();
    const item = admin.locator(".routes-admin > li", { hasText: routeTitle });
    await item.getByRole("button", { name: "Ver inscripciones" }).click();
    const row = item.locator("table.people tbody tr", { hasText: communityEmail });
    await row.waitFor();
    expect(await row.textContent()).toContain("Activa");
    expect(await row.textContent()).toMatch(major(5000));
    await row.getByRole("button", { name: `Reembolsar a ${communityName}` }).click();
    await item
      .getByRole("group", { name: `Reembolsar a ${communityName}` })
      .getByRole("button", { name: "Sí, reembolsar" })
      .click();
    await expect.poll(() => row.textContent()).toContain("Reembolsada");
    const other = item.locator("table.people tbody tr", { hasText: reducedEmail });
    expect(await other.textContent()).toContain("Activa");
  });

  it("once paid for, the route is edited with its prices and fee shares read-only", async () => {
    const item = admin.locator(".routes-admin > li", { hasText: routeTitle });
    await item.getByRole("button", { name: "Editar", exact: true }).click();
    const form = admin.locator(`#route-form-${routeId}`);
    await form.getByRole("heading", { name: "Editar la ruta" }).waitFor();
    expect(await form.getByText("Alguien ya pagó", { exact: false }).count()).toBeGreaterThan(0);
    expect(await form.getByLabel("Precio estándar").isDisabled()).toBe(true);
    expect(await form.getByLabel(HOSTS[0].name, { exact: true }).isDisabled()).toBe(true);
    expect(await form.getByRole("group", { name: "Título", exact: true }).getByLabel("Español").inputValue()).toBe(
      routeTitle,
    );
    await form.getByLabel("Cupos").fill("14");
    await form.getByRole("button", { name: "Guardar los cambios" }).click();
    await admin.getByText("La ruta se guardó.").waitFor();
    const route = await asAdmin<{ capacity: number; title: Record<string, string>; prices: unknown[] }>(
      `/api/routes/${routeId}`,
    );
    expect(route.capacity).toBe(14);
    expect(route.title).toEqual({ es: routeTitle, qu: routeTitleQu });
    expect(route.prices).toHaveLength(3);
  });

  it("the route's ledger names each host, with what it is owed, paid and due, and its CSV", async () => {
    const item = admin.locator(".routes-admin > li", { hasText: routeTitle });
    await item.getByRole("button", { name: "Libro contable", exact: true }).click();
    const balances = item.getByRole("table", { name: "Saldo por parte" });
    await balances.waitFor();
    const ledger = await asAdmin<{ balances: (Balance & { account: string; due?: Money })[] }>(
      `/api/routes/${routeId}/ledger`,
    );
    for (const [i, h] of HOSTS.entries()) {
      const b = ledger.balances.find((x) => (x.party ?? x.account) === `host:${hostIds[i]}`)!;
      const row = balances.locator(`tr[data-account="${b.account}"]`);
      expect(await row.locator("th").textContent()).toBe(h.name);
      const [owed, paid, due] = await row.locator("td").allTextContents();
      expect(owed).toMatch(major(b.owed!.amount));
      expect(paid).toMatch(major(0));
      expect(due).toMatch(major(b.due!.amount));
    }
    const href = await item.getByRole("link", { name: "Descargar el libro contable (CSV)" }).getAttribute("href");
    expect(href).toBe(`/api/routes/${routeId}/ledger?format=csv`);
    expect(await noSideScroll(admin)).toBeLessThanOrEqual(360);
  });

  it("the host's member reads its statement, which matches the route's ledger to the cent", async () => {
    await member.goto(`${e2e.url}/es/signin`);
    await e2e.signInHere(member, memberEmail);
    // The link signs the member in once its page has answered: wait for the session before moving on.
    await expect.poll(() => member.evaluate(() => fetch("/api/me").then((r) => r.status))).toBe(200);
    await member.goto(`${e2e.url}/es/hosts/${hostIds[0]}`);
    await member.getByRole("heading", { name: HOSTS[0].name, level: 1 }).waitFor();
    await member.getByRole("link", { name: "Estado de cuenta" }).click();
    await member.waitForURL(new RegExp(`/es/hosts/${hostIds[0]}/statement$`));
    await member.getByRole("table", { name: "Movimientos" }).waitFor();

    const party = `host:${hostIds[0]}`;
    const ledger = await asAdmin<{ balances: Balance[] }>(`/api/routes/${routeId}/ledger`);
    const balance = ledger.balances.find((b) => (b.party ?? b.account) === party);
    expect(balance, `no balance for ${party}`).toBeDefined();
    const owed = balance!.owed?.amount ?? balance!.balance!;
    // The member's own answer, as their page read it.
    const res = await member.context().request.get(`${e2e.url}/api/hosts/${hostIds[0]}/statement`);
    expect(res.status()).toBe(200);
    const statement = (await res.json()) as Statement;
    expect(statement.owed.amount).toBe(owed);
    expect(statement.paid.amount).toBe(0);
    expect(statement.due.amount).toBe(owed);
    // 40 % of what was kept: the reduced payment; the community one came and went.
    expect(statement.entries.map((e) => e.kind).sort()).toEqual(["reversal", "share", "share"]);
    expect(statement.entries.reduce((n, e) => n + e.amount.amount, 0)).toBe(owed);
    expect(await member.locator("#owed").textContent()).toMatch(major(owed));
    expect(await member.locator("#due").textContent()).toMatch(major(owed));
    expect(await member.getByRole("link", { name: "Descargar el estado de cuenta (CSV)" }).count()).toBe(1);
    expect(await noSideScroll(member)).toBeLessThanOrEqual(360);
    await member.screenshot({ path: join(artifacts, "host-statement-es.png"), fullPage: true });

    // Every host's statement agrees with the ledger, to the cent.
    for (const id of hostIds) {
      const s = await asAdmin<Statement>(`/api/hosts/${id}/statement`);
      const b = ledger.balances.find((x) => (x.party ?? x.account) === `host:${id}`)!;
      expect(s.owed.amount).toBe(b.owed?.amount ?? b.balance);
    }
  });

  it("the host's member edits its profile: region and what it achieved", async () => {
    await member.goto(`${e2e.url}/es/hosts/${hostIds[0]}`);
    await member.getByRole("button", { name: "Editar el perfil" }).click();
    const form = member.locator(`#host-${hostIds[0]}-edit`);
    await form.getByLabel("Región (opcional)").fill("Puno, Capachica");
    await form
      .getByRole("group", { name: "Lo que lograron", exact: true })
      .getByLabel("Español")
      .fill("Recibimos a 1 200 visitantes al año en casas de la comunidad.");
    await form.getByRole("button", { name: "Guardar el perfil" }).click();
    await member.getByText("Perfil guardado.").waitFor();
    await member.getByText("Recibimos a 1 200 visitantes al año", { exact: false }).waitFor();
    expect(await member.locator("dl.facts").first().textContent()).toContain("Puno, Capachica");
    expect(await noSideScroll(member)).toBeLessThanOrEqual(360);
    await member.goto(`${e2e.url}/es/hosts/${hostIds[0]}/statement`); // where the last step reads it again
    await member.getByRole("table", { name: "Movimientos" }).waitFor();
  });

  it("the admin pays the second host what is due by bank transfer, with its reference", async () => {
    await openAdmin();
    const form = admin.locator("#payout-form");
    await form.getByLabel("A quién se paga").selectOption({ label: HOSTS[1].name });
    await form.locator("#payout-due").waitFor();
    const due = (await asAdmin<Statement>(`/api/hosts/${hostIds[1]}/statement`)).due;
    expect(due.amount).toBeGreaterThan(0);
    expect(await form.locator("#payout-due").textContent()).toMatch(major(due.amount));
    await form.getByRole("button", { name: "Pagar todo lo adeudado" }).click();
    await form.getByLabel("Medio").selectOption("bank_transfer");
    await form.getByLabel("Referencia (número de operación, recibo)").fill("BCP-0042-7781");
    await form.getByRole("button", { name: "Pagar", exact: true }).click();
    await form.getByText(/^Pagado: /).waitFor();
    expect(await form.getByText(/^Pagado: /).textContent()).toMatch(major(due.amount));
    const after = await asAdmin<Statement>(`/api/hosts/${hostIds[1]}/statement`);
    expect(after.due.amount).toBe(0);
    expect(after.paid.amount).toBe(due.amount);
  });

  it("and the first host by a Stripe transfer to its connected account", async () => {
    const form = admin.locator("#payout-form");
    await form.getByLabel("A quién se paga").selectOption({ label: HOSTS[0].name });
    await expect.poll(() => form.locator("#payout-due").count()).toBe(1);
    const due = (await asAdmin<Statement>(`/api/hosts/${hostIds[0]}/statement`)).due;
    await expect.poll(() => form.locator("#payout-due").textContent()).toMatch(major(due.amount));
    await form.getByRole("button", { name: "Pagar todo lo adeudado" }).click();
    await form.getByLabel("Medio").selectOption("stripe");
    await form.getByRole("button", { name: "Pagar", exact: true }).click();
    await expect.poll(() => form.getByText(/^Pagado: /).textContent()).toMatch(major(due.amount));
    const after = await asAdmin<Statement>(`/api/hosts/${hostIds[0]}/statement`);
    expect(after.due.amount).toBe(0);

    const payouts = await asAdmin<{ items: { party: string; method: string; amount: Money; transferId?: string }[] }>(
      "/api/payouts",
    );
    const byParty = new Map(payouts.items.map((p) => [p.party, p]));
    expect(byParty.get(`host:${hostIds[1]}`)?.method).toBe("bank_transfer");
    expect(byParty.get(`host:${hostIds[0]}`)?.method).toBe("stripe");
    expect(byParty.get(`host:${hostIds[0]}`)?.transferId).toBeTruthy();
    const list = admin.locator("table.payouts");
    await expect
      .poll(() => list.locator(`tr[data-party="host:${hostIds[0]}"]`).textContent())
      .toContain("Transferencia por Stripe");
    expect(await list.locator(`tr[data-party="host:${hostIds[1]}"]`).textContent()).toContain("BCP-0042-7781");
    expect(await noSideScroll(admin)).toBeLessThanOrEqual(360);
    await admin.screenshot({ path: join(artifacts, "payouts-es.png"), fullPage: true });
  });

  it("a payout run pays every other party with something due, with a progress bar and its summary", async () => {
    const run = admin.locator("#payout-run");
    await run.getByLabel("Moneda (código ISO: PEN, USD, CAD…)").fill("USD");
    await run.getByLabel("Medio para anfitriones sin Stripe").selectOption("cash");
    await run.getByLabel("Referencia (número de operación, recibo)").fill("Caja Achacachi 12");
    await run.getByRole("button", { name: "Iniciar la ronda" }).click();
    await run.getByText("La ronda terminó.").waitFor({ timeout: 20_000 });
    const bar = run.locator("progress");
    expect(await bar.getAttribute("value")).toBe(await bar.getAttribute("max"));
    // The third host (no Stripe account) is paid in cash; the operator and the fund are not paid out.
    await expect.poll(() => run.locator(".run-paid").textContent()).toContain(HOSTS[2].name);
    expect(await run.locator(".run-paid").textContent()).not.toContain(HOSTS[0].name);
    expect(await run.locator(".run-skipped").textContent()).toContain("Operador (Rutas)");
    expect(await run.locator(".run-skipped").textContent()).toContain("Fondo solidario");
    expect((await asAdmin<Statement>(`/api/hosts/${hostIds[2]}/statement`)).due.amount).toBe(0);
  });

  it("the member's statement now shows the payout and nothing due", async () => {
    await member.reload();
    await member.getByRole("table", { name: "Movimientos" }).locator('tr[data-kind="payout"]').waitFor();
    expect(await member.locator("#due").textContent()).toMatch(major(0));
  });

  it("no page of ours logged a script error", () => {
    expect(pageErrors).toEqual([]);
  });
});
