/**
 * Journey, in Spanish, on a 360 px phone: sign in through the local outbox, edit
 * the profile, reload, see the server-derived pricing group; then switch to English.
 * Runs the real stack: DynamoDB Local + the local server serving /api and web/dist.
 * Needs `npm run build:web` first (the root `npm test` does it).
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../functions/src/server";
import { configure } from "../../packages/core/src/config";
import { ddbRaw } from "../../packages/core/src/db/client";
import { type LocalDynamo, freePort, startLocalDynamo } from "../../packages/core/src/db/local";
import { ensureTable } from "../../packages/core/src/db/table";

const here = dirname(fileURLToPath(import.meta.url));
const webDist = resolve(here, "../dist");
const artifacts = resolve(here, "../../.test-artifacts");

let dynamo: LocalDynamo | undefined;
let server: RunningServer | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(webDist, "index.html"))) throw new Error(`No web build in ${webDist}: run \`npm run build:web\` first.`);
  dynamo = await startLocalDynamo();
  const port = await freePort();
  const tableName = `e2e-web-${process.pid}-${Date.now().toString(36)}`;
  configure({
    stage: "local",
    tableName,
    dynamoEndpoint: dynamo.endpoint,
    region: "local",
    appUrl: `http://127.0.0.1:${port}`,
    adminEmails: ["admin@example.org"],
  });
  await ensureTable(ddbRaw(), tableName);
  server = await startServer({ port, host: "127.0.0.1", webDist, log: () => {} });
  expect(server.url).toBe(`http://127.0.0.1:${port}`); // the origin the e-mailed link points at
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-quic",
      "--no-first-run",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ locale: "es-PE", viewport: { width: 360, height: 740 } });
  page = await context.newPage();
  // A CSP violation or a script error shows up here; the journey must have none. Chromium
  // also logs the 400 (emptied name) and 401 (signed out) the journey provokes on purpose.
  page.on("pageerror", (err) => pageErrors.push(String(err)));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !/status of 40[01]/.test(msg.text())) pageErrors.push(msg.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await dynamo?.stop();
});

async function newestLink(email: string): Promise<string> {
  const res = await fetch(`${server!.url}/api/dev/outbox?to=${encodeURIComponent(email)}`);
  expect(res.status).toBe(200);
  const mails = (await res.json()) as { to: string; subject: string; link?: string }[];
  expect(mails[0]?.link).toBeTruthy();
  return mails[0].link!;
}

describe("sign in and edit the profile, in Spanish, on a phone", () => {
  const email = `ana.${Date.now().toString(36)}@example.org`;

  it("opens in the browser's language (Spanish) and redirects / to /es", async () => {
    await page.goto(`${server!.url}/`);
    await page.waitForURL(/\/es$/);
    await expect.poll(() => page.locator("h1").textContent()).toContain("Canadá a los Andes");
    expect(await page.getAttribute("html", "lang")).toBe("es");
    expect(await page.getByRole("heading", { name: "Rutas de Aprendizaje" }).count()).toBe(1);
  });

  it("asks for a sign-in link and says to check the e-mail", async () => {
    await page.getByRole("link", { name: "Entrar con tu correo" }).click();
    await page.waitForURL(/\/es\/signin$/);
    await page.getByLabel("Correo electrónico").fill(email);
    await page.getByRole("button", { name: "Envíame un enlace" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Revisa tu correo");
  });

  it("signs in with the e-mailed link and lands on the profile", async () => {
    const link = await newestLink(email);
    expect(link).toContain("/es/signin?token=");
    await page.goto(link);
    await page.waitForURL(/\/es\/profile$/);
    await page.getByLabel("Nombre completo").waitFor();
    expect(await page.getByText(email).count()).toBe(1);
  });

  it("saves name, country and organisation type, and shows them after a reload", async () => {
    await page.getByLabel("Nombre completo").fill("Ana Quispe");
    await page.getByLabel("País donde vives").selectOption("PE");
    await page.getByLabel("Tipo de organización").selectOption("ngo");
    await page.getByLabel("Quechua").check();
    await page.getByRole("button", { name: "Guardar" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Tu perfil se guardó");

    await page.reload();
    await page.getByLabel("Nombre completo").waitFor();
    expect(await page.getByLabel("Nombre completo").inputValue()).toBe("Ana Quispe");
    expect(await page.getByLabel("País donde vives").inputValue()).toBe("PE");
    expect(await page.locator("#country option:checked").textContent()).toBe("Perú");
    expect(await page.getByLabel("Tipo de organización").inputValue()).toBe("ngo");
    expect(await page.getByLabel("Quechua").isChecked()).toBe(true);
    expect(await page.locator("#pricing-group").textContent()).toBe("reducido");
    expect(await page.locator("#side").textContent()).toContain("Sur");
  });

  it("shows a field error next to the field, tied to it for screen readers", async () => {
    await page.getByLabel("Nombre completo").fill("");
    await page.getByRole("button", { name: "Guardar" }).click();
    const name = page.getByLabel("Nombre completo");
    await expect.poll(() => name.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(`#${await name.getAttribute("aria-describedby")}`).textContent()).toContain("Revisa este campo");
    await page.reload();
    await page.getByLabel("Nombre completo").waitFor();
  });

  it("fits a 360 px screen without horizontal scrolling", async () => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, "profile-es.png"), fullPage: true });
  });

  it("switches to English on the same page and remembers it", async () => {
    await page.getByRole("link", { name: "English" }).click();
    await page.waitForURL(/\/en\/profile$/);
    await expect.poll(() => page.locator("h1").textContent()).toBe("My profile");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.locator("#pricing-group").textContent()).toBe("reduced");
    expect(await page.evaluate(() => localStorage.getItem("rutas.lang"))).toBe("en");
    await page.goto(`${server!.url}/`);
    await page.waitForURL(/\/en$/);
  });

  it("signs out: the profile then asks to sign in again", async () => {
    await page.goto(`${server!.url}/en/profile`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/en$/);
    await page.goto(`${server!.url}/en/profile`);
    await page.waitForURL(/\/en\/signin$/);
  });

  it("had no script errors or CSP violations", () => {
    expect(pageErrors).toEqual([]);
  });
});
