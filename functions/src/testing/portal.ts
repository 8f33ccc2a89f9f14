/**
 * Fixtures for the portal's tests (calendar, directory): published courses with cohorts, routes,
 * exchange offers and announcements written through core's own verbs, as the system actor.
 */
import { Actor, Announcements, Courses, ExchangeOffers, Hosts, LearningRoutes } from "@rutas/core";

export const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

type Dates = { start: number; end: number; deadline: number };

/** A published course (Spanish title, English too) with cohorts at these day offsets from today. */
export async function course(
  institutionId: string,
  title: { en: string; es: string; fr?: string },
  topics: string[],
  cohorts: Dates[],
  publish = true,
) {
  const c = await Courses.create(Actor.system, {
    institutionId,
    title,
    summary: { en: `About ${title.en}`, es: `Sobre ${title.es}` },
    topics: topics as Courses.CourseInput["topics"],
    language: "es",
    modules: [{ title: "Uno", lessons: [{ title: "Primera", body: "Texto" }] }],
  });
  if (publish) await Courses.publish(Actor.system, c.id);
  const ids: string[] = [];
  for (const d of cohorts) {
    const cohort = await Courses.addCohort(Actor.system, c.id, {
      startDate: day(d.start),
      endDate: day(d.end),
      enrolmentDeadline: day(d.deadline),
      capacity: 10,
      prices: [],
    });
    ids.push(cohort.id);
  }
  return { id: c.id, cohorts: ids };
}

export async function host(name: string, country: string, kind: Hosts.HostKind, topics: string[] = []) {
  return (await Hosts.create(Actor.system, { name, kind, country, region: "Sur", topics })).id;
}

/** A route through one host's place; published unless told otherwise. */
export async function route(
  institutionId: string,
  hostId: string,
  o: { title: string; topics: string[]; countries: string[]; start: number; end: number; publish?: boolean },
) {
  const r = await LearningRoutes.create(Actor.system, {
    institutionId,
    title: { es: o.title, en: `${o.title} (en)` },
    topics: o.topics,
    countries: o.countries,
    startDate: day(o.start),
    endDate: day(o.end),
    enrolmentDeadline: day(o.start - 1),
    capacity: 5,
    stops: [{ day: 1, hostId, place: "Plaza", title: { es: "Parada" } }],
    prices: [],
    feeShares: [
      { party: `host:${hostId}`, basisPoints: 5000 },
      { party: "institution", basisPoints: 4000 },
      { party: "operator", basisPoints: 1000 },
    ],
  });
  if (o.publish !== false) await LearningRoutes.publish(Actor.system, r.id);
  return r.id;
}

export async function offer(
  institutionId: string,
  o: { title: string; topics: string[]; country: string; deadline: number },
) {
  return (
    await ExchangeOffers.create(Actor.system, {
      institutionId,
      kind: "study_visit",
      title: { es: o.title, en: `${o.title} (en)` },
      description: { es: "Una semana." },
      country: o.country,
      startDate: day(o.deadline + 10),
      endDate: day(o.deadline + 15),
      capacity: 2,
      topics: o.topics,
      applicationDeadline: day(o.deadline),
    })
  ).id;
}

export async function announcement(o: {
  title: { en: string; es?: string; fr?: string };
  topics: string[];
  countries: string[];
  start: number;
  end?: number;
  kind?: Announcements.Kind;
}) {
  return (
    await Announcements.create(Actor.system, {
      kind: o.kind ?? "conference",
      title: o.title,
      body: { en: "Details inside.", es: "Detalles adentro." },
      topics: o.topics,
      countries: o.countries,
      startDate: day(o.start),
      ...(o.end !== undefined ? { endDate: day(o.end) } : {}),
      url: "https://example.org/details",
    })
  ).id;
}
