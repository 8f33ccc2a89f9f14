/**
 * The portal's calendar feed (RFC 5545, built by ical-generator): what is open or coming — open
 * cohorts of published courses, published Learning Routes not yet over, the application deadlines
 * of open exchange offers, and current announcements — filtered by topic and country, written in
 * one UI language. Calendar apps subscribe to it and poll it; each item keeps one UID for good
 * (`<kind>-<id>@rutas`; a cohort's is the one its single-event download uses), and its DTSTAMP is
 * when the item itself last changed, so the same data always gives the same bytes.
 *
 * A course is given online, so its country is its institution's; a route's are the countries it
 * passes through; an offer's is where it takes place; an announcement's are the ones it names.
 * Past items leave the feed (calendar apps then drop them). Each source is bounded (`MAX_PER_SOURCE`)
 * — see docs/decisions/0021-announcements-calendar-directory.md.
 */
import ical, { type ICalCalendar } from "ical-generator";
import { decodeTime } from "ulid";
import * as Announcements from "../announcements";
import { config } from "../config";
import { getAll } from "../db/batch";
import { keys } from "../db/keys";
import * as Open from "../portal/open-now";
import { type Locale, pick } from "../text";
import { topics as TOPICS } from "../topics";

export type FeedQuery = { topic?: string; country?: string; lang?: Locale };
/** The most items one source adds to a feed (and the most courses whose cohorts are read). */
export const MAX_PER_SOURCE = 300;
const COHORT_READS_AT_ONCE = 16;

export type FeedEvent = {
  uid: string;
  /** What it is: a course's cohort, a route, an offer's deadline, or an announcement's kind. */
  kind: "cohort" | "route" | "exchange_deadline" | Announcements.Kind;
  /** First day and last day (inclusive), UTC calendar days. */
  startDate: string;
  endDate: string;
  summary: string;
  description: string;
  url: string;
  /** When the item last changed. */
  stamp: Date;
  topics: string[];
};

const LABELS: Record<FeedEvent["kind"], Record<Locale, string>> = {
  cohort: { en: "Course", es: "Curso", fr: "Cours" },
  route: { en: "Learning Route", es: "Ruta de Aprendizaje", fr: "Route d'apprentissage" },
  exchange_deadline: {
    en: "Application deadline",
    es: "Cierre de postulaciones",
    fr: "Date limite de candidature",
  },
  event: { en: "Event", es: "Evento", fr: "Événement" },
  conference: { en: "Conference", es: "Conferencia", fr: "Conférence" },
  call: { en: "Call", es: "Convocatoria", fr: "Appel" },
  training: { en: "Training", es: "Capacitación", fr: "Formation" },
  project: { en: "Project", es: "Proyecto", fr: "Projet" },
};
const CALENDAR: Record<Locale, { name: string; description: string }> = {
  en: { name: "Rutas", description: "Courses, Learning Routes, exchange deadlines and announcements." },
  es: {
    name: "Rutas",
    description: "Cursos, Rutas de Aprendizaje, cierres de intercambio y anuncios.",
  },
  fr: {
    name: "Rutas",
    description: "Cours, Routes d'apprentissage, dates limites d'échange et annonces.",
  },
};

/** "Course: Water" / "Cours : Eau" (French puts a space before the colon). */
const summaryOf = (kind: FeedEvent["kind"], title: string, lang: Locale) =>
  `${LABELS[kind][lang]}${lang === "fr" ? " : " : ": "}${title}`;
const pageUrl = (lang: Locale, path: string) => `${config().appUrl}/${lang}/${path}`;
const stampOf = (...candidates: (string | undefined)[]) => {
  const at = candidates.find(Boolean);
  return at ? new Date(at) : new Date(0);
};
const ulidTime = (id: string) => {
  try {
    return new Date(decodeTime(id));
  } catch {
    return new Date(0);
  }
};

async function cohortEvents(q: FeedQuery, lang: Locale, now: Date): Promise<FeedEvent[]> {
  const courses = await Open.publishedCourses({ topic: q.topic, max: MAX_PER_SOURCE });
  let candidates = courses;
  if (q.country) {
    // Online courses: the country is the institution's.
    const ids = [...new Set(courses.map((c) => c.institutionId))];
    const institutions = await getAll(ids.map((id) => keys.institution(id)));
    const here = new Set(institutions.filter((i) => i.country === q.country).map((i) => i.id as string));
    candidates = courses.filter((c) => here.has(c.institutionId));
  }
  const events: FeedEvent[] = [];
  for (let i = 0; i < candidates.length && events.length < MAX_PER_SOURCE; i += COHORT_READS_AT_ONCE) {
    const chunk = candidates.slice(i, i + COHORT_READS_AT_ONCE);
    const cohorts = await Promise.all(chunk.map((c) => Open.openCohorts(c.id, now)));
    chunk.forEach((course, n) => {
      for (const cohort of cohorts[n]) {
        const url = pageUrl(lang, `courses/${course.id}`);
        events.push({
          uid: `cohort-${cohort.id}@rutas`,
          kind: "cohort",
          startDate: cohort.startDate,
          endDate: cohort.endDate,
          summary: summaryOf("cohort", pick(course.title, lang, course.language), lang),
          description: [pick(course.summary, lang, course.language), url].filter(Boolean).join("\n\n"),
          url,
          stamp: ulidTime(cohort.id),
          topics: course.topics,
        });
      }
    });
  }
  return events.slice(0, MAX_PER_SOURCE);
}

async function routeEvents(q: FeedQuery, lang: Locale, now: Date): Promise<FeedEvent[]> {
  const routes = await Open.publishedRoutes({ topic: q.topic, country: q.country, max: MAX_PER_SOURCE }, now);
  return routes.map((r) => {
    const url = pageUrl(lang, `routes/${r.id}`);
    return {
      uid: `route-${r.id}@rutas`,
      kind: "route",
      startDate: r.startDate,
      endDate: r.endDate,
      summary: summaryOf("route", pick(r.title, lang), lang),
      description: [pick(r.summary ?? {}, lang), url].filter(Boolean).join("\n\n"),
      url,
      stamp: stampOf((r as { updatedAt?: string }).updatedAt, r.publishedAt, r.createdAt),
      topics: r.topics,
    };
  });
}

async function deadlineEvents(q: FeedQuery, lang: Locale, now: Date): Promise<FeedEvent[]> {
  const offers = await Open.openOffers({ topic: q.topic, country: q.country, max: MAX_PER_SOURCE }, now);
  return offers.map((o) => {
    const url = pageUrl(lang, `exchange/offers/${o.id}`);
    return {
      uid: `exchange-deadline-${o.id}@rutas`,
      kind: "exchange_deadline",
      startDate: o.applicationDeadline,
      endDate: o.applicationDeadline,
      summary: summaryOf("exchange_deadline", pick(o.title, lang), lang),
      description: [pick(o.description, lang), url].filter(Boolean).join("\n\n"),
      url,
      stamp: stampOf((o as { updatedAt?: string }).updatedAt, o.createdAt),
      topics: o.topics,
    };
  });
}

async function announcementEvents(q: FeedQuery, lang: Locale, now: Date): Promise<FeedEvent[]> {
  const items = await Announcements.current({ topic: q.topic, country: q.country }, MAX_PER_SOURCE, now);
  return items.map((a) => {
    const url = pageUrl(lang, `announcements/${a.id}`);
    return {
      uid: `announcement-${a.id}@rutas`,
      kind: a.kind,
      startDate: a.startDate,
      endDate: Announcements.lastDayOf(a),
      summary: summaryOf(a.kind, pick(a.title, lang), lang),
      description: [pick(a.body, lang).slice(0, 2000), a.url, url].filter(Boolean).join("\n\n"),
      url,
      stamp: new Date(a.updatedAt),
      topics: a.topics,
    };
  });
}

/** Every event of the feed, soonest first (ties: by UID, so the order is stable). */
export async function events(q: FeedQuery, now = new Date()): Promise<FeedEvent[]> {
  const lang = q.lang ?? "en";
  const all = (
    await Promise.all([
      cohortEvents(q, lang, now),
      routeEvents(q, lang, now),
      deadlineEvents(q, lang, now),
      announcementEvents(q, lang, now),
    ])
  ).flat();
  return all.sort((a, b) => a.startDate.localeCompare(b.startDate) || a.uid.localeCompare(b.uid));
}

const utcDay = (d: string) => new Date(`${d}T00:00:00Z`);
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000);
const topicName = (id: string, lang: Locale) => TOPICS.find((t) => t.id === id)?.name[lang] ?? id;

/** The events as one VCALENDAR of all-day VEVENTs (DTEND exclusive, as RFC 5545 says). */
export function render(list: FeedEvent[], lang: Locale = "en"): string {
  const cal: ICalCalendar = ical({
    name: CALENDAR[lang].name,
    description: CALENDAR[lang].description,
    prodId: { company: "rutas", product: "portal", language: lang.toUpperCase() },
    // Asks calendar apps to poll hourly (REFRESH-INTERVAL, X-PUBLISHED-TTL), as Cache-Control does.
    ttl: 3600,
  });
  for (const e of list) {
    cal.createEvent({
      id: e.uid,
      allDay: true,
      start: utcDay(e.startDate),
      end: nextDay(e.endDate),
      stamp: e.stamp,
      summary: e.summary,
      description: e.description,
      url: e.url,
      categories: e.topics.map((t) => ({ name: topicName(t, lang) })),
    });
  }
  // Every content line ends with CRLF (RFC 5545 3.1), the last one too; ical-generator leaves it off.
  const text = cal.toString();
  return text.endsWith("\r\n") ? text : `${text}\r\n`;
}

/** The feed for a query: `GET /api/calendar.ics`. */
export async function feed(q: FeedQuery, now = new Date()): Promise<string> {
  return render(await events(q, now), q.lang ?? "en");
}
