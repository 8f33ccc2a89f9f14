/**
 * Journey, in Spanish, on a 360 px phone: sign in through the local outbox, edit
 * the profile, reload, see the server-derived pricing group; then switch to English.
 * Runs the real stack: DynamoDB Local + the local server serving /api and web/dist.
 * Needs `npm run build:web` first (the root `npm test` does it).
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { Config } from "@rutas/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, artifacts, startE2E } from "./harness";

let e2e: E2E;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  e2e = await startE2E({ config: { adminEmails: ["admin@example.org"] } });
  expect(e2e.url).toBe(Config.config().appUrl); // the origin the e-mailed link points at
  // A CSP violation or a script error shows up here; the journey must have none. Chromium
  // also logs the 400 (emptied name) and 401 (signed out) the journey provokes on purpose.
  ({ page, errors: pageErrors } = await e2e.phone("es-PE", { expected: (msg) => /status of 40[01]/.test(msg.text()) }));
});

afterAll(() => e2e?.stop());

describe("sign in and edit the profile, in Spanish, on a phone", () => {
  const email = `ana.${Date.now().toString(36)}@example.org`;

  it("opens in the browser's language (Spanish) and redirects / to /es", async () => {
    await page.goto(`${e2e.url}/`);
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
    const link = await e2e.newestLink(email);
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
    expect(await page.locator(`#${await name.getAttribute("aria-describedby")}`).textContent()).toContain(
      "Revisa este campo",
    );
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
    await page.goto(`${e2e.url}/`);
    await page.waitForURL(/\/en$/);
  });

  it("signs out: the profile then asks to sign in again", async () => {
    await page.goto(`${e2e.url}/en/profile`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/en$/);
    await page.goto(`${e2e.url}/en/profile`);
    await page.waitForURL(/\/en\/signin$/);
  });

  it("had no script errors or CSP violations", () => {
    expect(pageErrors).toEqual([]);
  });
});
