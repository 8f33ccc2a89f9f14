/** Builders for tests: real records written through core verbs, never hand-made items. */
import { type PersonActor, system } from "../actor";
import * as Courses from "../courses";
import * as Institutions from "../institutions";
import * as People from "../people";

export async function person(email: string, profile: People.ProfileFields = {}): Promise<PersonActor> {
  const p = await People.findOrCreateByEmail(email, profile);
  return { kind: "person", id: p.id, email: p.email, roles: ["participant"] };
}

export async function institutionWithAdmin(name = "Universidad Nacional de San Antonio Abad del Cusco") {
  const inst = await Institutions.create(system, { name, country: "PE", type: "university" });
  const adminEmail = `admin-${inst.id.toLowerCase()}@example.org`;
  await Institutions.addMember(system, inst.id, { email: adminEmail, role: "admin" });
  return { institution: inst, admin: await person(adminEmail) };
}

export const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

export async function publishedCourseWithCohort(opts: {
  capacity: number;
  prices?: Courses.CohortInput["prices"];
  startOffset?: number;
  lessons?: number;
}) {
  const { institution, admin } = await institutionWithAdmin();
  const lessons = opts.lessons ?? 2;
  const course = await Courses.create(admin, {
    institutionId: institution.id,
    title: { es: "Gestión comunitaria del agua", en: "Community water management" },
    summary: { es: "Qochas, riego y organización comunal.", en: "Reservoirs, irrigation and community organisation." },
    topics: ["community-natural-resources"],
    language: "es",
    modules: [
      {
        title: "Módulo 1",
        lessons: Array.from({ length: lessons }, (_, i) => ({
          title: `Lección ${i + 1}`,
          body: `# Lección ${i + 1}\n\nTexto **importante**.`,
        })),
      },
    ],
  });
  await Courses.publish(admin, course.id);
  const start = opts.startOffset ?? 0;
  const cohort = await Courses.addCohort(admin, course.id, {
    startDate: isoDay(start),
    endDate: isoDay(start + 13),
    capacity: opts.capacity,
    enrolmentDeadline: isoDay(start + 7),
    prices: opts.prices ?? [],
  });
  return { institution, admin, course, cohort };
}
