/**
 * Journey on 360 px phones: an institution admin (UI in English) writes a course given in
 * Quechua, with its title and summary in Runasimi and Spanish (no English), and publishes
 * it; an English-speaking visitor finds it through the catalogue's language filter and sees
 * the Quechua text marked lang="qu" with a "Shown in Quechua" note; a Spanish-speaking
 * visitor sees the Spanish text and no note. The UI itself stays EN/ES/FR.
 * Needs `npm run build:web` first (the root `npm test` does it).
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { ConsoleMessage, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Actor, Courses, Institutions } from "../../packages/core/src/index";
import { type E2E, artifacts, noSideScroll, startE2E } from "./harness";

const stamp = Date.now().toString(36);
const adminEmail = `yaku.${stamp}@example.org`;
const quTitle = "Ayllupi yakuta kamachiy";
const esTitle = "Gestión comunal del agua";
const quSummary = "Qochakunata ruwaspa, yakuta allinta rakinakuspa, ayllunchikpi yakuta kamachisun.";
const spanishOnly = "Riego por aspersión en comunidades";

let e2e: E2E;
let admin: Page;
let visitor: Page;
let courseUrl = "";
const pageErrors: string[] = [];
const apiRefusal = (msg: ConsoleMessage) =>
  /status of 4\d\d/.test(msg.text()) && new URL(msg.location().url, e2e.url).pathname.startsWith("/api/");
const watch = (who: string) => ({ who, errors: pageErrors, expected: apiRefusal });

beforeAll(async () => {
  e2e = await startE2E();
  const institution = await Institutions.create(Actor.system, {
    name: "Asociación Yaku Kamayuq",
    country: "PE",
    type: "ngo",
  });
  await Institutions.addMember(Actor.system, institution.id, { email: adminEmail, role: "admin" });
  // A course given in Spanish: the Quechua filter must leave it out.
  const es = await Courses.create(Actor.system, {
    institutionId: institution.id,
    title: { es: spanishOnly },
    summary: { es: "Turnos de riego y mantenimiento." },
    topics: ["community-natural-resources"],
    language: "es",
    modules: [{ title: "Riego", lessons: [{ title: "Turnos", body: "El comité reparte los turnos." }] }],
  });
  await Courses.publish(Actor.system, es.id);
  ({ page: admin } = await e2e.phone("en-CA", watch("admin")));
  ({ page: visitor } = await e2e.phone("en-CA", watch("visitor")));
  await mkdir(artifacts, { recursive: true });
});

afterAll(() => e2e?.stop());

describe("a course given in Quechua, found by its language and shown in it", () => {
  it("the admin writes the title and summary in Runasimi and Spanish, gives it in Quechua and publishes it", async () => {
    await admin.goto(`${e2e.url}/es/signin`);
    await e2e.signInHere(admin, adminEmail);
    await admin.waitForURL(/\/es\/profile$/);
    await admin.goto(`${e2e.url}/en/admin`);
    await admin.getByRole("button", { name: "New course" }).click();
    const form = admin.locator("#new-course");
    for (const [legend, qu, es] of [
      ["Title", quTitle, esTitle],
      ["Summary", quSummary, "Qochas y reparto del agua en la comunidad."],
    ]) {
      const group = form.getByRole("group", { name: legend, exact: true });
      await group.getByLabel("Spanish").fill(es);
      expect(await group.getByLabel("Quechua (Runasimi)").isVisible()).toBe(false); // folded until asked for
      await group.getByText("Also in Quechua (Runasimi) or Aymara (Aymar aru)").click();
      await group.getByLabel("Quechua (Runasimi)").fill(qu);
      expect(await group.getByLabel("Quechua (Runasimi)").getAttribute("lang")).toBe("qu");
    }
    await form.getByLabel("Community natural-resource management").check();
    await form.getByLabel("Language the course is taught in").selectOption("qu");
    await form.getByLabel("Module title").fill("Yaku tarpuy, yaku pallay");
    const lesson = form.getByRole("group", { name: "Lesson 1" });
    await lesson.getByLabel("Lesson title").fill("Imataq qocha?");
    await lesson
      .getByLabel("Lesson text (Markdown)")
      .fill("**Qocha**qa huch'uy yaku hark'anan, para yakuta waqaychan.");
    expect(await noSideScroll(admin)).toBeLessThanOrEqual(360);
    await form
      .getByRole("group", { name: "Title", exact: true })
      .screenshot({ path: join(artifacts, "quechua-admin-title-en.png") });
    await form.getByRole("button", { name: "Save as draft" }).click();
    await admin.getByText("The course was saved as a draft").waitFor();

    const card = admin.locator(".courses > li", { hasText: quTitle });
    await card.getByRole("button", { name: "Publish" }).click();
    await card.getByText("The course is published").waitFor();
  });

  it("an English-speaking visitor finds it with the catalogue's language filter, shown in Quechua and saying so", async () => {
    await visitor.goto(`${e2e.url}/en/courses`);
    await visitor.getByLabel("Taught in").selectOption({ label: "Quechua (Runasimi)" });
    await visitor.getByRole("button", { name: "Search" }).click();
    await visitor.waitForURL(/\/en\/courses\?language=qu$/);
    const link = visitor.getByRole("link", { name: quTitle });
    await link.waitFor();
    const cards = visitor.locator(".courses > li");
    expect(await cards.count()).toBe(1); // the Spanish course is not listed
    expect(await cards.first().textContent()).not.toContain(spanishOnly);
    expect(await cards.first().textContent()).toContain("Shown in Quechua (Runasimi)");
    expect(await cards.first().textContent()).toContain("Taught in Quechua (Runasimi)");
    expect(await link.locator('[lang="qu"]').textContent()).toBe(quTitle); // not the Spanish, though it exists
    expect(await noSideScroll(visitor)).toBeLessThanOrEqual(360);
    await visitor.screenshot({ path: join(artifacts, "quechua-catalogue-en.png"), fullPage: true });

    await link.click();
    await visitor.waitForURL(/\/en\/courses\/[0-9A-Z]+$/);
    courseUrl = visitor.url();
    const h1 = visitor.getByRole("heading", { level: 1 });
    await h1.getByText(quTitle).waitFor();
    expect(await h1.locator('[lang="qu"]').count()).toBe(1);
    await visitor.getByText("Shown in Quechua (Runasimi)").waitFor();
    expect(await visitor.locator('.lead [lang="qu"]').textContent()).toBe(quSummary);
    expect(await visitor.locator(".outline [lang=qu]").first().textContent()).toBe("Yaku tarpuy, yaku pallay");
    expect(await visitor.locator("html").getAttribute("lang")).toBe("en"); // the UI stays English
    await visitor.screenshot({ path: join(artifacts, "quechua-course-en.png"), fullPage: true });
  });

  it("a Spanish-speaking visitor sees the Spanish text of the same course, with no note", async () => {
    await visitor.goto(courseUrl.replace("/en/", "/es/"));
    await visitor.getByRole("heading", { level: 1, name: esTitle }).waitFor();
    expect(await visitor.getByText("Texto mostrado en").count()).toBe(0);
    expect(await visitor.locator("dl.facts").textContent()).toContain("Quechua (Runasimi)");
  });

  it("logged no script error or CSP violation", () => {
    expect(pageErrors).toEqual([]);
  });
});
