/**
 * The supply side of the demand board: open cohorts of published courses per topic × language.
 * A cohort is open while its enrolment deadline has not passed (today UTC ≤ enrolmentDeadline).
 * Reads: the catalogue partition (published courses, projected) and, per course, the cohorts whose
 * start is recent enough to still take enrolments (a cohort lasts at most MAX_DAYS and its deadline is
 * on or before its last day) — bounded by the published catalogue, never a Scan — and remembered
 * by the process for SUPPLY_TTL_MS.
 */
import { MAX_DAYS } from "../courses";
import { tableName } from "../db/client";
import { keys } from "../db/keys";
import { queryAll } from "../db/query";

export type CourseSupply = { id: string; topics: string[]; language: string; cohorts: { enrolmentDeadline: string }[] };

const today = () => new Date().toISOString().slice(0, 10);
const daysBefore = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** Published courses with their cohorts starting from `since` (all cohorts when absent). */
export async function publishedCourses(opts: { since?: string } = {}): Promise<CourseSupply[]> {
  const courses = await queryAll<{ id: string; topics?: string[]; language: string }>({
    TableName: tableName(),
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :p",
    ExpressionAttributeValues: { ":p": keys.cataloguePartition() },
    ProjectionExpression: "id, topics, #language",
    ExpressionAttributeNames: { "#language": "language" },
  });
  return mapLimit(courses, 16, async (c) => ({
    id: c.id,
    topics: c.topics ?? [],
    language: c.language,
    cohorts: await queryAll<{ enrolmentDeadline: string }>({
      TableName: tableName(),
      IndexName: "gsi1",
      KeyConditionExpression: opts.since ? "gsi1pk = :p AND gsi1sk >= :since" : "gsi1pk = :p",
      ExpressionAttributeValues: {
        ":p": keys.courseCohortsPartition(c.id),
        ...(opts.since ? { ":since": opts.since } : {}),
      },
      ProjectionExpression: "enrolmentDeadline",
    }),
  }));
}

/**
 * How long one process keeps the open-cohort counts: the public board (and the portal's home page)
 * would otherwise read the whole catalogue on every view. A new cohort shows within a minute.
 */
export const SUPPLY_TTL_MS = 60_000;
let memo: { at: number; value: Promise<Map<string, number>> } | null = null;

/** Forgets the remembered supply (a test that has just changed it; a job that wants it now). */
export const forgetSupply = () => {
  memo = null;
};

/** `topic|language` → open cohorts of published courses given in that language on that topic. */
export async function openCohorts(): Promise<Map<string, number>> {
  if (memo && Date.now() - memo.at < SUPPLY_TTL_MS) return memo.value;
  const value = countOpenCohorts();
  memo = { at: Date.now(), value };
  value.catch(() => {
    if (memo?.value === value) memo = null; // a failed read is not remembered
  });
  return value;
}

async function countOpenCohorts(): Promise<Map<string, number>> {
  const now = today();
  const courses = await publishedCourses({ since: daysBefore(now, MAX_DAYS) });
  const by = new Map<string, number>();
  for (const c of courses) {
    const open = c.cohorts.filter((k) => k.enrolmentDeadline >= now).length;
    if (!open) continue;
    for (const t of c.topics) by.set(`${t}|${c.language}`, (by.get(`${t}|${c.language}`) ?? 0) + open);
  }
  return by;
}

/** Runs `fn` over `items` with at most `limit` at once, keeping order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
