/**
 * What the platform offers now, defined once for the calendar feed, the directory (and the digests
 * to come), so a count in the directory and an event in the calendar never disagree:
 * - a cohort is open while its enrolment deadline has not passed (a full one still takes a
 *   waitlist), and it belongs to a published course;
 * - a Learning Route is offered while published and not yet over (its last day is today or later);
 * - an exchange offer is offered while open (as its public list says); its application deadline is
 *   an event while it has not passed.
 * Dates are UTC days. Every read here is a Query on a key (no Scan); the lists are bounded by
 * `max`, and cohorts are read per course, never across every course ever given
 * (docs/decisions/0021-announcements-calendar-directory.md).
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Course } from "../courses";
import type { Cohort } from "../courses/kind";
import { getAll } from "../db/batch";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import type { Offer } from "../exchange/offers";
import type { LearningRoute } from "../learning-routes/kind";
import { routeKind } from "../learning-routes/kind";

/** The longest a cohort runs (courses/index.ts MAX_DAYS): an open cohort started no earlier. */
const LONGEST_COHORT_DAYS = 28;

export const dayOf = (now: Date) => now.toISOString().slice(0, 10);
const daysBefore = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

type Filter = { expression: string; values: Record<string, unknown>; names?: Record<string, string> };

/** Reads a key's items (gsi1 or gsi2, or the table) page by page until done or `max` are found. */
async function read(input: {
  index?: "gsi1" | "gsi2";
  key: string;
  partition: string;
  /** A lower bound on the index's sort key. */
  after?: string;
  beginsWith?: string;
  filters: Filter[];
  max: number;
  descending?: boolean;
}): Promise<Record<string, unknown>[]> {
  const sk = input.index ? `${input.index}sk` : "sk";
  const values: Record<string, unknown> = { ":p": input.partition };
  const names: Record<string, string> = {};
  let condition = `${input.key} = :p`;
  if (input.after !== undefined) {
    condition += ` AND ${sk} >= :after`;
    values[":after"] = input.after;
  } else if (input.beginsWith !== undefined) {
    condition += ` AND begins_with(${sk}, :prefix)`;
    values[":prefix"] = input.beginsWith;
  }
  for (const f of input.filters) {
    Object.assign(values, f.values);
    Object.assign(names, f.names ?? {});
  }
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: input.index,
        KeyConditionExpression: condition,
        FilterExpression: input.filters.length ? input.filters.map((f) => f.expression).join(" AND ") : undefined,
        ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
        ExpressionAttributeValues: values,
        ScanIndexForward: !input.descending,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start && items.length < input.max);
  return items.slice(0, input.max);
}

const topicFilter = (topic?: string): Filter[] =>
  topic ? [{ expression: "contains(topics, :topic)", values: { ":topic": topic } }] : [];

/** Published courses, newest published first, optionally of one topic. */
export async function publishedCourses(q: { topic?: string; max: number }): Promise<Course[]> {
  return (await read({
    index: "gsi1",
    key: "gsi1pk",
    partition: keys.cataloguePartition(),
    filters: topicFilter(q.topic),
    max: q.max,
    descending: true,
  })) as Course[];
}

/** An institution's published courses (drafts left out). */
export async function institutionCourses(institutionId: string, max: number): Promise<Course[]> {
  return (await read({
    index: "gsi2",
    key: "gsi2pk",
    partition: keys.institutionCoursesPartition(institutionId),
    filters: [
      { expression: "#status = :published", values: { ":published": "published" }, names: { "#status": "status" } },
    ],
    max,
  })) as Course[];
}

/** A course's cohorts still taking enrolments, soonest first. */
export async function openCohorts(courseId: string, now: Date): Promise<Cohort[]> {
  const today = dayOf(now);
  return (await read({
    index: "gsi1",
    key: "gsi1pk",
    partition: keys.courseCohortsPartition(courseId),
    // A cohort's deadline is on or before its last day, at most 28 days after its first.
    after: daysBefore(today, LONGEST_COHORT_DAYS),
    filters: [{ expression: "enrolmentDeadline >= :today", values: { ":today": today } }],
    max: 100,
  })) as Cohort[];
}

const notOver = (today: string): Filter => ({
  expression: "#status = :published AND endDate >= :today",
  values: { ":published": "published", ":today": today },
  names: { "#status": "status" },
});

/** Published routes not yet over, newest published first, by a country they pass through and a topic. */
export async function publishedRoutes(
  q: { topic?: string; country?: string; max: number },
  now: Date,
): Promise<LearningRoute[]> {
  const filters = [notOver(dayOf(now)), ...topicFilter(q.topic)];
  if (q.country) filters.push({ expression: "contains(countries, :country)", values: { ":country": q.country } });
  return (await read({
    index: "gsi1",
    key: "gsi1pk",
    partition: keys.routesPartition(),
    filters,
    max: q.max,
    descending: true,
  })) as LearningRoute[];
}

/** An institution's published routes not yet over. */
export async function institutionRoutes(institutionId: string, now: Date, max: number): Promise<LearningRoute[]> {
  return (await read({
    index: "gsi2",
    key: "gsi2pk",
    partition: keys.institutionRoutesPartition(institutionId),
    filters: [notOver(dayOf(now))],
    max,
  })) as LearningRoute[];
}

/** The published routes not yet over that stop at a host's place (its index items, then the routes). */
export async function hostRoutes(hostId: string, now: Date, max: number): Promise<LearningRoute[]> {
  const refs = await read({
    key: "pk",
    partition: keys.host(hostId).pk,
    beginsWith: keys.hostRoutePrefix(),
    filters: [],
    max,
  });
  const today = dayOf(now);
  const routes = (await getAll(
    refs.map((r) => keys.offering(routeKind.kind, r.routeId as string)),
  )) as unknown as LearningRoute[];
  return routes.filter((r) => r.status === "published" && r.endDate >= today);
}

const openFilter: Filter = {
  expression: "#status = :open",
  values: { ":open": "open" },
  names: { "#status": "status" },
};

/** Open exchange offers, newest first, by host country and topic; with `now`, only those whose deadline has not passed. */
export async function openOffers(q: { topic?: string; country?: string; max: number }, now?: Date): Promise<Offer[]> {
  const filters = [openFilter, ...topicFilter(q.topic)];
  if (q.country) filters.push({ expression: "country = :country", values: { ":country": q.country } });
  if (now) filters.push({ expression: "applicationDeadline >= :today", values: { ":today": dayOf(now) } });
  return (await read({
    index: "gsi1",
    key: "gsi1pk",
    partition: keys.exchangeOffersPartition(),
    filters,
    max: q.max,
    descending: true,
  })) as Offer[];
}

/** An institution's open exchange offers. */
export async function institutionOffers(institutionId: string, max: number): Promise<Offer[]> {
  return (await read({
    index: "gsi2",
    key: "gsi2pk",
    partition: keys.institutionExchangeOffersPartition(institutionId),
    filters: [openFilter],
    max,
  })) as Offer[];
}
