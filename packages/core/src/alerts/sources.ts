/**
 * What a digest can list, one source per kind of news. Each source is read ONCE per job run for
 * the widest window any due subscriber needs, and the job filters per subscriber in memory, so the
 * catalogue is never read once per subscriber (decision 0023). A source is a plain function: the
 * announcements source (packages/core/src/announcements) plugs into DEFAULT_SOURCES the same way.
 */
import { getAll } from "../db/batch";
import { tableName } from "../db/client";
import { keys } from "../db/keys";
import { queryAll } from "../db/query";
import type { ContentLanguage, Localized } from "../text";

export type DigestKind = "course" | "cohort" | "route" | "exchange_offer" | "exchange_deadline" | "announcement";
/** The order sections appear in a digest. */
export const KINDS: DigestKind[] = ["cohort", "course", "route", "exchange_offer", "exchange_deadline", "announcement"];

export type DigestItem = {
  kind: DigestKind;
  id: string;
  /** When it became news (ISO): a digest lists the items with `since < at <= until`. */
  at: string;
  title: Localized;
  /** The record's own language, for the fallback when the reader's is missing. */
  language?: ContentLanguage;
  topics: string[];
  /** Empty: not tied to a country (an online course), shown whatever countries were chosen. */
  countries: string[];
  /** The page under /<locale>/, e.g. `courses/<id>`. */
  path: string;
  startDate?: string;
  endDate?: string;
  deadline?: string;
};
export type DigestWindow = { since: string; until: string; now: Date };
/** Everything new in the window, whoever it is for; the job picks per subscriber. */
export type DigestSource = { name: string; read: (window: DigestWindow) => Promise<DigestItem[]> };

/** How long before an exchange offer's application deadline a digest reminds of it. */
export const DEADLINE_NOTICE_DAYS = 7;

/** `<time>#<id>` sort keys strictly after `since` and at or before `until`. */
const between = (since: string, until: string) => [`${since}#~`, `${until}#~`] as const;

async function listing(index: "gsi1" | "gsi2", partition: string, window: DigestWindow) {
  const [from, to] = between(window.since, window.until);
  return queryAll({
    TableName: tableName(),
    IndexName: index,
    KeyConditionExpression: `${index}pk = :p AND ${index}sk BETWEEN :from AND :to`,
    ExpressionAttributeValues: { ":p": partition, ":from": from, ":to": to },
  });
}

const today = (now: Date) => now.toISOString().slice(0, 10);

/** Courses published in the window. */
export const coursesSource: DigestSource = {
  name: "courses",
  read: async (w) =>
    (await listing("gsi1", keys.cataloguePartition(), w)).map((c) => ({
      kind: "course" as const,
      id: c.id as string,
      at: c.publishedAt as string,
      title: c.title as Localized,
      language: c.language as ContentLanguage,
      topics: (c.topics as string[]) ?? [],
      countries: [],
      path: `courses/${c.id}`,
    })),
};

/** Cohorts added in the window to published courses, still open for enrolment; one BatchGet of their courses. */
export const cohortsSource: DigestSource = {
  name: "cohorts",
  read: async (w) => {
    const cohorts = (await listing("gsi2", keys.cohortsCreatedPartition(), w)).filter(
      (c) => (c.enrolmentDeadline as string) >= today(w.now),
    );
    if (!cohorts.length) return [];
    const courses = new Map(
      (await getAll([...new Set(cohorts.map((c) => c.parentId as string))].map((id) => keys.course(id)))).map((c) => [
        c.id as string,
        c,
      ]),
    );
    return cohorts.flatMap((c) => {
      const course = courses.get(c.parentId as string);
      if (!course || course.status !== "published") return [];
      return [
        {
          kind: "cohort" as const,
          id: c.id as string,
          at: c.createdAt as string,
          title: course.title as Localized,
          language: course.language as ContentLanguage,
          topics: (course.topics as string[]) ?? [],
          countries: [],
          path: `courses/${course.id}`,
          startDate: c.startDate as string,
          endDate: c.endDate as string,
          deadline: c.enrolmentDeadline as string,
        },
      ];
    });
  },
};

/** Learning Routes published in the window, still open for enrolment. */
export const routesSource: DigestSource = {
  name: "routes",
  read: async (w) =>
    (await listing("gsi1", keys.routesPartition(), w))
      .filter((r) => (r.enrolmentDeadline as string) >= today(w.now))
      .map((r) => ({
        kind: "route" as const,
        id: r.id as string,
        at: r.publishedAt as string,
        title: r.title as Localized,
        topics: (r.topics as string[]) ?? [],
        countries: (r.countries as string[]) ?? [],
        path: `routes/${r.id}`,
        startDate: r.startDate as string,
        endDate: r.endDate as string,
        deadline: r.enrolmentDeadline as string,
      })),
};

/**
 * Open exchange offers (one read of the open list): an offer posted in the window, and a reminder
 * DEADLINE_NOTICE_DAYS before its application deadline (never before it was posted, so a digest
 * that lists a new offer does not remind of it too).
 */
export const exchangeSource: DigestSource = {
  name: "exchange",
  read: async (w) => {
    const open = await queryAll({
      TableName: tableName(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :p",
      FilterExpression: "#status = :open",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":p": keys.exchangeOffersPartition(), ":open": "open" },
    });
    const items: DigestItem[] = [];
    for (const o of open) {
      const deadline = o.applicationDeadline as string;
      if (deadline < today(w.now)) continue;
      const base = {
        id: o.id as string,
        title: o.title as Localized,
        topics: (o.topics as string[]) ?? [],
        countries: [o.country as string],
        path: `exchange/offers/${o.id}`,
        startDate: o.startDate as string,
        endDate: o.endDate as string,
        deadline,
      };
      const createdAt = o.createdAt as string;
      if (createdAt > w.since && createdAt <= w.until) items.push({ ...base, kind: "exchange_offer", at: createdAt });
      const notice = new Date(Date.parse(`${deadline}T00:00:00Z`) - DEADLINE_NOTICE_DAYS * 86_400_000).toISOString();
      const remindAt = notice > createdAt ? notice : createdAt;
      if (remindAt > w.since && remindAt <= w.until) items.push({ ...base, kind: "exchange_deadline", at: remindAt });
    }
    return items;
  },
};

/** The sources every run reads. Announcements: add `announcementsSource` here once it exists. */
/**
 * Announcements published in the window and not yet over. Their index is by last day (decision
 * 0021), so this reads the current ones once and keeps those created in the window.
 */
export const announcementsSource: DigestSource = {
  name: "announcements",
  read: async (w) =>
    (
      await queryAll({
        TableName: tableName(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p AND gsi1sk >= :today",
        ExpressionAttributeValues: { ":p": keys.announcementsPartition(), ":today": today(w.now) },
      })
    )
      .filter((a) => (a.createdAt as string) > w.since && (a.createdAt as string) <= w.until)
      .map((a) => ({
        kind: "announcement" as const,
        id: a.id as string,
        at: a.createdAt as string,
        title: a.title as Localized,
        topics: (a.topics as string[]) ?? [],
        countries: (a.countries as string[]) ?? [],
        path: `announcements/${a.id}`,
        startDate: a.startDate as string,
        ...(a.endDate ? { endDate: a.endDate as string } : {}),
      })),
};

export const DEFAULT_SOURCES: DigestSource[] = [
  coursesSource,
  cohortsSource,
  routesSource,
  exchangeSource,
  announcementsSource,
];
