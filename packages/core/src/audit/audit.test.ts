import { describe, expect, it, vi } from "vitest";
import { type PersonActor, system } from "../actor";
import * as Courses from "../courses";
import { Forbidden, Invalid } from "../errors";
import * as Hosts from "../hosts";
import * as Institutions from "../institutions";
import * as Publications from "../publications";
import { person } from "../testing/fixtures";
import * as Audit from "./index";

const platformAdmin = async (requestId?: string): Promise<PersonActor> => ({
  ...(await person("admin@example.org")),
  roles: ["participant", "platform_admin"],
  ...(requestId ? { requestId } : {}),
});

/** Every entry of one institution (its admins' view), oldest first. */
const trailOf = async (institutionId: string) =>
  (await Audit.list(system, { institutionId, limit: 1000 })).items.reverse();

async function institutionWithAdmin(name: string, requestId: string) {
  const admin = await platformAdmin(requestId);
  const inst = await Institutions.create(admin, { name, country: "PE", type: "university" });
  const email = `admin-${inst.id.toLowerCase()}@example.org`;
  await Institutions.addMember(admin, inst.id, { email, role: "admin" });
  return { inst, instAdmin: { ...(await person(email)), requestId: `req-${inst.id}` } };
}

const courseInput = (institutionId: string) => ({
  institutionId,
  title: { es: "Gestión del agua" },
  summary: { es: "Qochas y riego." },
  topics: ["community-natural-resources" as const],
  language: "es" as const,
  modules: [{ title: "M1", lessons: [{ title: "L1", body: "Texto" }] }],
});

describe("each admin action writes exactly one entry, with who, what and the request", () => {
  it("institutions, members, courses, cohorts, publications, hosts", async () => {
    const admin = await platformAdmin("req-platform");
    const { inst, instAdmin } = await institutionWithAdmin("Universidad del Altiplano", "req-platform");

    const course = await Courses.create(instAdmin, courseInput(inst.id));
    await Courses.publish(instAdmin, course.id);
    await Courses.publish(instAdmin, course.id); // already published: nothing happens, nothing recorded
    const cohort = await Courses.addCohort(instAdmin, course.id, {
      startDate: "2027-03-01",
      endDate: "2027-03-14",
      capacity: 10,
      enrolmentDeadline: "2027-02-20",
      prices: [],
    });
    const pub = await Publications.create(instAdmin, {
      institutionId: inst.id,
      title: { es: "Atlas" },
      description: { es: "Mapas" },
      prices: [],
    });
    await Publications.uploadFile(instAdmin, pub.id, {
      name: "atlas.pdf",
      contentType: "application/pdf",
      bytes: new Uint8Array([37, 80, 68, 70]),
    });

    const trail = await trailOf(inst.id);
    expect(trail.map((e) => [e.action, e.target])).toEqual([
      ["institution.created", { kind: "institution", id: inst.id }],
      ["institution.member_added", { kind: "person", id: instAdmin.id }],
      ["course.created", { kind: "course", id: course.id }],
      ["course.published", { kind: "course", id: course.id }],
      ["cohort.created", { kind: "cohort", id: cohort.id }],
      ["publication.created", { kind: "publication", id: pub.id }],
      ["publication.file_uploaded", { kind: "publication", id: pub.id }],
    ]);
    const who = { kind: "person", id: admin.id, email: admin.email };
    const them = { kind: "person", id: instAdmin.id, email: instAdmin.email };
    expect(trail.map((e) => [e.actor, e.requestId, e.institutionId])).toEqual([
      [who, "req-platform", inst.id],
      [who, "req-platform", inst.id],
      ...Array.from({ length: 5 }, () => [them, `req-${inst.id}`, inst.id]),
    ]);
    expect(trail[1].details).toEqual({ email: instAdmin.email, role: "admin" });
    expect(trail[6].details).toMatchObject({ name: "atlas.pdf", size: 4, wasOnSale: false });

    const host = await Hosts.create(admin, { name: "Comunidad Raqchi", kind: "organisation", country: "PE" });
    const mine = await Audit.list(admin, { actorId: admin.id, action: "host.created" });
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({
      target: { kind: "host", id: host.id },
      actor: who,
      requestId: "req-platform",
      details: { name: "Comunidad Raqchi", kind: "organisation", country: "PE" },
    });
    expect(mine.items[0].institutionId).toBeUndefined();
  });

  it("jobs act as the system and are recorded as such", async () => {
    const inst = await Institutions.create(system, { name: "Ministerio", country: "PE", type: "government" });
    const [entry] = await trailOf(inst.id);
    expect(entry.actor).toEqual({ kind: "system" });
    expect(entry.requestId).toBeUndefined();
    expect((await Audit.list(system, { actorId: "system", action: "institution.created" })).items).toContainEqual(
      entry,
    );
  });

  it("a refused action writes nothing: another institution's admin publishing a course", async () => {
    const a = await institutionWithAdmin("Universidad A", "req-a");
    const b = await institutionWithAdmin("Universidad B", "req-b");
    const course = await Courses.create(a.instAdmin, courseInput(a.inst.id));
    const before = await trailOf(a.inst.id);
    await expect(Courses.publish(b.instAdmin, course.id)).rejects.toBeInstanceOf(Forbidden);
    await expect(
      Institutions.addMember(b.instAdmin, a.inst.id, { email: "x@example.org", role: "admin" }),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(Hosts.create(b.instAdmin, { name: "H", kind: "talent", country: "PE" })).rejects.toBeInstanceOf(
      Forbidden,
    );
    expect(await trailOf(a.inst.id)).toEqual(before);
    expect((await Audit.list(system, { actorId: b.instAdmin.id })).items).toEqual([]);
    // Bad input is refused before anything is written, and recorded nowhere either.
    await expect(
      Courses.addCohort(a.instAdmin, course.id, {
        startDate: "2027-03-01",
        endDate: "2027-05-01",
        capacity: 1,
        enrolmentDeadline: "2027-02-01",
        prices: [],
      }),
    ).rejects.toBeInstanceOf(Invalid);
    expect(await trailOf(a.inst.id)).toEqual(before);
  });
});

describe("the same admin action 50 times at once", () => {
  it("adding the same member: one membership, one entry", async () => {
    const { inst, instAdmin } = await institutionWithAdmin("Universidad Concurrente", "req-c");
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        Institutions.addMember(instAdmin, inst.id, { email: "new.staff@example.org", role: "admin" }),
      ),
    );
    expect(new Set(results.map((r) => r.personId)).size).toBe(1);
    expect(new Set(results.map((r) => r.addedAt)).size).toBe(1); // every call reports the one membership
    const added = (await trailOf(inst.id)).filter(
      (e) => e.action === "institution.member_added" && e.target.id === results[0].personId,
    );
    expect(added).toHaveLength(1);
    expect(added[0].actor).toMatchObject({ id: instAdmin.id });
  });

  it("publishing the same course: published once, one entry", async () => {
    const { inst, instAdmin } = await institutionWithAdmin("Universidad Simultánea", "req-s");
    const course = await Courses.create(instAdmin, courseInput(inst.id));
    const results = await Promise.all(Array.from({ length: 50 }, () => Courses.publish(instAdmin, course.id)));
    expect(new Set(results.map((r) => r.publishedAt)).size).toBe(1);
    const published = (await trailOf(inst.id)).filter((e) => e.action === "course.published");
    expect(published).toHaveLength(1);
  });
});

describe("reading the trail", () => {
  it("is refused to non-admins and to other institutions' admins", async () => {
    const a = await institutionWithAdmin("Universidad Lectora", "req-r");
    const b = await institutionWithAdmin("Universidad Ajena", "req-r2");
    const nobody = await person("nobody@example.org");
    await expect(Audit.list(nobody, {})).rejects.toBeInstanceOf(Forbidden);
    await expect(Audit.list(a.instAdmin, {})).rejects.toBeInstanceOf(Forbidden);
    await expect(Audit.list(a.instAdmin, { institutionId: b.inst.id })).rejects.toBeInstanceOf(Forbidden);
    const own = await Audit.list(a.instAdmin, { institutionId: a.inst.id });
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((e) => e.institutionId === a.inst.id)).toBe(true);
  });

  it("pages through a range newest first, across monthly partitions, with a cursor only it issued", async () => {
    const { inst } = await institutionWithAdmin("Universidad Paginada", "req-p");
    // Two earlier months' partitions (only the clock is faked; DynamoDB is real).
    const now = new Date();
    const lastMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
    const [before, after] = [new Date(lastMonth - 1).toISOString(), new Date(lastMonth).toISOString()];
    const from = new Date(lastMonth - 40 * 86_400_000).toISOString().slice(0, 10);
    const earlier: string[] = [];
    try {
      for (const at of [before, after]) {
        vi.useFakeTimers({ toFake: ["Date"] });
        vi.setSystemTime(new Date(at));
        earlier.push((await Institutions.create(system, { name: `Archivo ${at}`, country: "PE", type: "other" })).id);
        vi.useRealTimers();
      }
    } finally {
      vi.useRealTimers();
    }
    const today = new Date().toISOString().slice(0, 10);
    const all: Audit.Entry[] = [];
    let cursor: string | undefined;
    do {
      const page = await Audit.list(system, { from, to: today, limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const ats = all.map((e) => `${e.at}#${e.id}`);
    expect(ats).toEqual([...ats].sort().reverse());
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(all.filter((e) => e.institutionId === inst.id)).toHaveLength(2);
    const old = all.filter((e) => earlier.includes(e.target.id));
    expect(old.map((e) => [e.at, e.target.id])).toEqual([
      [after, earlier[1]],
      [before, earlier[0]],
    ]);
    expect(all.at(-1)!.target.id).toBe(earlier[0]);
    const firstDay = await Audit.list(system, { from: after.slice(0, 10), to: after.slice(0, 10) });
    expect(firstDay.items.map((e) => e.target.id)).toEqual([earlier[1]]);

    const page = await Audit.list(system, { limit: 1 });
    await expect(Audit.list(system, { institutionId: inst.id, cursor: page.nextCursor! })).rejects.toBeInstanceOf(
      Invalid,
    );
    await expect(Audit.list(system, { from: "2027-01-02", to: "2027-01-01" })).rejects.toBeInstanceOf(Invalid);
    await expect(Audit.list(system, { from: "2020-01-01", to: "2027-01-01" })).rejects.toBeInstanceOf(Invalid);
    expect((await Audit.list(system, { from: "2020-01-01", to: "2020-12-31" })).items).toEqual([]);
  });

  it("CSV cells a spreadsheet would run are quoted (a client chooses its X-Request-Id)", async () => {
    const inst = await Institutions.create(
      { ...(await platformAdmin()), requestId: "=cmd-calc" },
      { name: "-Instituto", country: "PE", type: "other" },
    );
    const [entry] = await trailOf(inst.id);
    const csv = Audit.toCsv([entry]);
    const [header, row] = csv.trim().split("\n");
    expect(header).toBe(Audit.CSV_COLUMNS.join(","));
    expect(row).toContain("institution.created");
    expect(row).toContain(",'=cmd-calc,");
    expect(row).not.toMatch(/,=/);
  });
});
