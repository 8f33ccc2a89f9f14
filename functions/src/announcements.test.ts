/**
 * Announcements over HTTP (API.md "Portal"): who may publish (an institution's admins for it, a
 * platform admin for the programme), 400s naming each field with nothing written, the public list
 * filtered by topic, country and dates and paged by cursor, and the archive of past items, which
 * stay readable and are never deleted.
 */
import { Actor, Institutions } from "@rutas/core";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";

const { call, signIn } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
let institutionId: string;
let otherInstitutionId: string;
let admin: string;
let otherAdmin: string;
let stranger: string;
let platform: string;

beforeAll(async () => {
  const inst = await Institutions.create(Actor.system, { name: "FLACSO Ecuador", country: "EC", type: "university" });
  const other = await Institutions.create(Actor.system, { name: "CUSO International", country: "CA", type: "ngo" });
  institutionId = inst.id;
  otherInstitutionId = other.id;
  await Institutions.addMember(Actor.system, inst.id, { email: "flacso-ann@example.org", role: "admin" });
  await Institutions.addMember(Actor.system, other.id, { email: "cuso-ann@example.org", role: "admin" });
  admin = (await signIn("flacso-ann@example.org")).token;
  otherAdmin = (await signIn("cuso-ann@example.org")).token;
  stranger = (await signIn("stranger-ann@example.org")).token;
  platform = (await signIn("admin@example.org")).token;
}, 60_000);

const body = (over: Record<string, unknown> = {}) => ({
  institutionId,
  kind: "conference",
  title: { es: "Foro andino de gobiernos locales", en: "Andean local government forum" },
  body: { es: "Tres días de intercambio en Quito.", fr: "Trois jours d'échanges à Quito." },
  topics: ["local-public-administration"],
  countries: ["EC"],
  startDate: day(30),
  endDate: day(32),
  url: "https://example.org/foro",
  ...over,
});
/** `null`: signed out. */
const post = (over: Record<string, unknown> = {}, token: string | null = admin) =>
  call("POST", "/api/announcements", { token: token ?? undefined, body: body(over) });
const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);

describe("publishing", () => {
  it("an institution admin publishes for their institution: 201 {id}; anyone reads it", async () => {
    const res = await post();
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String) });
    const got = await call("GET", `/api/announcements/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id: res.body.id,
      institutionId,
      kind: "conference",
      title: { en: "Andean local government forum" },
      topics: ["local-public-administration"],
      countries: ["EC"],
      startDate: day(30),
      endDate: day(32),
      url: "https://example.org/foro",
      archived: false,
    });
  });

  it("signed out 401; another institution's admin, or a stranger, 403; no institutionId: platform admins only", async () => {
    expect((await post({}, null)).status).toBe(401);
    expect((await post({}, stranger)).status).toBe(403);
    expect((await post({}, otherAdmin)).status).toBe(403);
    expect((await post({ institutionId: undefined }, admin)).status).toBe(403);
    expect((await post({ institutionId: undefined }, stranger)).status).toBe(403);
    const programme = await post({ institutionId: undefined }, platform);
    expect(programme.status).toBe(201);
    expect((await call("GET", `/api/announcements/${programme.body.id}`)).body.institutionId).toBeUndefined();
    // A platform admin may also publish for any institution.
    expect((await post({ institutionId: otherInstitutionId }, platform)).status).toBe(201);
  });

  it("a well-formed institution id that names nothing is 404", async () => {
    expect((await post({ institutionId: "01JD8X0Q9ZK5N6W3B2C4D5E6F7" }, platform)).status).toBe(404);
  });

  it("bad input is a 400 naming every field, and nothing is written", async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ url: "javascript:alert(1)" }, ["url"]],
      [{ url: "ftp://example.org/file" }, ["url"]],
      [{ url: "/relative/path" }, ["url"]],
      [{ endDate: day(29) }, ["endDate"]],
      [{ topics: ["astrology"] }, ["topics.0"]],
      [{ topics: [] }, ["topics"]],
      [{ countries: ["XX"] }, ["countries.0"]],
      [{ countries: [] }, ["countries"]],
      [{ kind: "party" }, ["kind"]],
      [{ title: {} }, ["title"]],
      [{ startDate: "2027-02-30" }, ["startDate"]],
      [{ title: { de: "Forum" } }, ["title.de"]],
      [{ title: { es: "" } }, ["title.es"]],
      [{ url: "mailto:a@example.org", endDate: day(1), title: {} }, ["url", "endDate", "title"]],
    ];
    for (const [over, fields] of cases) {
      const res = await post({ ...over, countries: over.countries ?? ["UY"] });
      const where = JSON.stringify(over);
      expect(res.status, where).toBe(400);
      expect(res.headers.get("content-type"), where).toBe("application/problem+json");
      const named = res.body.errors.map((e: { path: string }) => e.path);
      for (const f of fields) expect(named, where).toContain(f);
    }
    // Nothing was written: no announcement names Uruguay, current or archived.
    expect(ids(await call("GET", "/api/announcements?country=UY"))).toEqual([]);
    expect(ids(await call("GET", "/api/announcements?country=UY&archived=true"))).toEqual([]);
  });
});

describe("the public list", () => {
  it("filters by topic and country, soonest-ending first, and pages with a cursor", async () => {
    const late = (await post({ countries: ["BO"], startDate: day(50), endDate: undefined })).body.id;
    const soon = (await post({ countries: ["BO", "PE"], startDate: day(5), endDate: day(6) })).body.id;
    const call_ = (
      await post({
        countries: ["BO"],
        kind: "call",
        topics: ["social-participation"],
        startDate: day(-10),
        endDate: day(20),
      })
    ).body.id;
    await post({ countries: ["PE"], startDate: day(8) }); // another country

    const all = await call("GET", "/api/announcements?country=BO");
    expect(all.status).toBe(200);
    expect(ids(all)).toEqual([soon, call_, late]); // by last day: day 6, day 20, day 50
    expect(all.body.nextCursor).toBeNull();

    const byTopic = await call("GET", "/api/announcements?country=BO&topic=social-participation");
    expect(ids(byTopic)).toEqual([call_]);

    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const res = await call("GET", `/api/announcements?country=BO&limit=1${q}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      paged.push(...ids(res));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(paged).toEqual([soon, call_, late]);
  });

  it("filters by the dates an announcement overlaps (from, to)", async () => {
    const a = (await post({ countries: ["CL"], startDate: day(10), endDate: day(12) })).body.id;
    const b = (await post({ countries: ["CL"], startDate: day(40), endDate: undefined })).body.id;
    const c = (await post({ countries: ["CL"], startDate: day(0), endDate: day(60) })).body.id;
    expect(ids(await call("GET", `/api/announcements?country=CL&from=${day(11)}&to=${day(20)}`))).toEqual([a, c]);
    expect(ids(await call("GET", `/api/announcements?country=CL&from=${day(13)}`))).toEqual([b, c]);
    expect(ids(await call("GET", `/api/announcements?country=CL&to=${day(5)}`))).toEqual([c]);
    const backwards = await call("GET", `/api/announcements?from=${day(5)}&to=${day(1)}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((e: { path: string }) => e.path)).toEqual(["to"]);
  });

  it("past announcements are archived: out of the list, in ?archived=true most recent first, still readable", async () => {
    const older = (await post({ countries: ["PY"], startDate: day(-30), endDate: day(-20) })).body.id;
    const recent = (await post({ countries: ["PY"], startDate: day(-3), endDate: undefined })).body.id;
    const today = (await post({ countries: ["PY"], startDate: day(-2), endDate: day(0) })).body.id;
    expect(ids(await call("GET", "/api/announcements?country=PY"))).toEqual([today]);
    const archive = await call("GET", "/api/announcements?country=PY&archived=true");
    expect(archive.status).toBe(200);
    expect(ids(archive)).toEqual([recent, older]);
    expect(archive.body.items.every((i: { archived: boolean }) => i.archived)).toBe(true);
    const got = await call("GET", `/api/announcements/${older}`);
    expect(got.status).toBe(200);
    expect(got.body.archived).toBe(true);
    expect(ids(await call("GET", `/api/announcements?country=PY&archived=true&from=${day(-25)}`))).toEqual([
      recent,
      older,
    ]);
    expect(ids(await call("GET", `/api/announcements?country=PY&archived=true&from=${day(-10)}`))).toEqual([recent]);
  });

  it("a cursor it did not issue is a 400 naming cursor", async () => {
    const res = await call("GET", "/api/announcements?cursor=bm9wZQ");
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: "cursor", message: expect.any(String) }]);
  });
});

describe("changing an announcement", () => {
  it("by the same admins; dates move it between the list and the archive; null removes optional fields", async () => {
    const id = (await post({ countries: ["AR"] })).body.id;
    const patch = (b: Record<string, unknown>, token: string | null = admin) =>
      call("PATCH", `/api/announcements/${id}`, { token: token ?? undefined, body: b });
    expect((await patch({ kind: "event" }, null)).status).toBe(401);
    expect((await patch({ kind: "event" }, otherAdmin)).status).toBe(403);
    expect((await patch({ kind: "event" }, stranger)).status).toBe(403);

    const bad = await patch({ url: "javascript:void(0)", endDate: day(1) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["endDate", "url"]);
    expect((await call("GET", `/api/announcements/${id}`)).body.url).toBe("https://example.org/foro");

    const ok = await patch({ kind: "training", title: { fr: "Atelier" }, url: null, endDate: null });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ kind: "training", title: { fr: "Atelier" } });
    expect(ok.body.url).toBeUndefined();
    expect(ok.body.endDate).toBeUndefined();
    expect((await patch({ url: "http://example.org/taller" }, platform)).body.url).toBe("http://example.org/taller");

    const moved = await patch({ startDate: day(-9), endDate: day(-8) });
    expect(moved.body.archived).toBe(true);
    expect(ids(await call("GET", "/api/announcements?country=AR"))).toEqual([]);
    expect(ids(await call("GET", "/api/announcements?country=AR&archived=true"))).toEqual([id]);
  });

  it("a programme-wide announcement is changed by platform admins only", async () => {
    const id = (await post({ institutionId: undefined }, platform)).body.id;
    expect((await call("PATCH", `/api/announcements/${id}`, { token: admin, body: { kind: "call" } })).status).toBe(
      403,
    );
    expect((await call("PATCH", `/api/announcements/${id}`, { token: platform, body: { kind: "call" } })).status).toBe(
      200,
    );
  });

  it("concurrent edits: each is applied whole or refused 409 stale, and only applied ones are audited", async () => {
    const id = (await post({ countries: ["CR"] })).body.id;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call("PATCH", `/api/announcements/${id}`, { token: admin, body: { title: { en: `Version ${i}` } } }),
      ),
    );
    const applied = results.filter((r) => r.status === 200);
    expect(applied.length).toBeGreaterThanOrEqual(1);
    for (const r of results.filter((r) => r.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe("stale");
    }
    const final = (await call("GET", `/api/announcements/${id}`)).body;
    expect(applied.map((r) => r.body.title.en)).toContain(final.title.en);
    const audit = await call("GET", "/api/audit?action=announcement.updated&limit=200", { token: platform });
    expect(audit.body.items.filter((e: { target: { id: string } }) => e.target.id === id)).toHaveLength(applied.length);
  });

  it("every publication and change is in the audit trail", async () => {
    const id = (await post({ countries: ["MX"] })).body.id;
    await call("PATCH", `/api/announcements/${id}`, { token: admin, body: { kind: "project" } });
    const created = await call("GET", "/api/audit?action=announcement.created", { token: platform });
    const updated = await call("GET", "/api/audit?action=announcement.updated", { token: platform });
    expect(created.body.items.map((e: { target: { id: string } }) => e.target.id)).toContain(id);
    expect(updated.body.items.map((e: { target: { id: string } }) => e.target.id)).toContain(id);
  });

  it("an unknown announcement is 404", async () => {
    expect((await call("GET", "/api/announcements/01JD8X0Q9ZK5N6W3B2C4D5E6F7")).status).toBe(404);
    expect(
      (
        await call("PATCH", "/api/announcements/01JD8X0Q9ZK5N6W3B2C4D5E6F7", {
          token: platform,
          body: { kind: "call" },
        })
      ).status,
    ).toBe(404);
  });
});
