/**
 * Short courses (2–4 weeks): a course holds its text in any content language
 * (EN/ES/FR, Quechua, Aymara) on one record, is given in one of them (`language`),
 * and keeps its outline, and its lessons as separate items; cohorts are offerings run by the
 * shared enrolment machinery. Drafts are visible only to their institution.
 */
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import MarkdownIt from "markdown-it";
import { ulid } from "ulid";
import { type Actor, requirePerson } from "../actor";
import { putAll } from "../db/batch";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { filteredPage } from "../db/pagination";
import { publishDraft } from "../db/publish";
import { transact } from "../db/transact";
import * as Audit from "../audit";
import * as Enrolment from "../enrolment";
import * as Offerings from "../offerings";
import { type Cohort, type FeeShareInput, cohortKind } from "./kind";

export { DEFAULT_COURSE_FEE_SHARES, type FeeShareInput, type Cohort } from "./kind";
import { Conflict, Invalid, NotFound } from "../errors";
import * as Institutions from "../institutions";
import * as People from "../people";
import type { ContentLanguage, Localized } from "../text";
import { CONTENT_LANGUAGES, languagesOf } from "../text";
import type { TopicId } from "../topics";

export const MIN_DAYS = 14;
export const MAX_DAYS = 28;

export type LessonInput = { title: string; body: string };
export type CourseInput = {
  institutionId: string;
  feeShares?: FeeShareInput[];
  title: Localized;
  summary: Localized;
  topics: TopicId[];
  language: ContentLanguage;
  modules: { title: string; lessons: LessonInput[] }[];
};
export type Outline = { title: string; lessons: { id: string; title: string }[] }[];
export type Course = {
  id: string;
  institutionId: string;
  title: Localized;
  summary: Localized;
  topics: TopicId[];
  language: ContentLanguage;
  status: "draft" | "published";
  modules: Outline;
  lessonCount: number;
  feeShares: { party: string; basisPoints: number }[];
  createdAt: string;
  publishedAt?: string;
};
export type CohortInput = {
  startDate: string;
  endDate: string;
  capacity: number;
  enrolmentDeadline: string;
  prices: Enrolment.Price[];
};
export type CohortView = {
  id: string;
  courseId: string;
  startDate: string;
  endDate: string;
  enrolmentDeadline: string;
  capacity: number;
  seatsLeft: number;
  waiting: number;
  prices: Enrolment.Price[];
  price?: Enrolment.ChargedPrice | null;
};

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true });
/** Lesson bodies are Markdown; raw HTML is escaped and links are vetted by markdown-it. */
export const renderMarkdown = (body: string) => markdown.render(body);

/** A course's title for an audit entry: the first language it has, cut short. */
const titleOf = (title: Localized) => (Object.values(title).find(Boolean) ?? "").slice(0, 200);
const lessonId = (m: number, l: number) => `${m + 1}-${l + 1}`;
const searchText = (c: Pick<CourseInput, "title" | "summary">) =>
  [...Object.values(c.title), ...Object.values(c.summary)]
    .join(" ")
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "");

/** The attributes a course record has; the item's keys and index attributes are left behind. */
const COURSE_FIELDS = [
  "id",
  "institutionId",
  "title",
  "summary",
  "topics",
  "language",
  "status",
  "modules",
  "lessonCount",
  "feeShares",
  "createdAt",
  "publishedAt",
] as const satisfies readonly (keyof Course)[];

function fromItem(item: Record<string, unknown>): Course {
  return Object.fromEntries(COURSE_FIELDS.map((k) => [k, item[k]])) as Course;
}

export async function create(actor: Actor, input: CourseInput): Promise<Course> {
  await Institutions.requireAdmin(actor, input.institutionId);
  if (!languagesOf(input.title).length)
    throw Invalid.field("title", `A title is needed in at least one of ${CONTENT_LANGUAGES.join(", ")}.`);
  const lessonTotal = input.modules.reduce((n, m) => n + m.lessons.length, 0);
  if (lessonTotal === 0) throw Invalid.field("modules", "A course needs at least one lesson.");
  const plan = input.feeShares ?? cohortKind.defaultFeeShares;
  const total = plan.reduce((n, s) => n + s.basisPoints, 0);
  if (total !== 10_000) throw Invalid.field("feeShares", `Basis points must sum to 10000; they sum to ${total}.`);
  if (new Set(plan.map((s) => s.party)).size !== plan.length)
    throw Invalid.field("feeShares", "Each party appears once.");
  const id = ulid();
  const createdAt = new Date().toISOString();
  const modules: Outline = input.modules.map((m, mi) => ({
    title: m.title,
    lessons: m.lessons.map((l, li) => ({ id: lessonId(mi, li), title: l.title })),
  }));
  const course: Course = {
    id,
    institutionId: input.institutionId,
    title: input.title,
    summary: input.summary,
    topics: input.topics,
    language: input.language,
    status: "draft",
    modules,
    lessonCount: lessonTotal,
    feeShares: Offerings.planFor(plan, input.institutionId),
    createdAt,
  };
  // Lessons first, the course record last: a course exists only once all its lessons do.
  const lessonItems = input.modules.flatMap((m, mi) =>
    m.lessons.map((l, li) => ({
      ...keys.lesson(id, lessonId(mi, li)),
      type: "Lesson",
      id: lessonId(mi, li),
      title: l.title,
      body: l.body,
    })),
  );
  await putAll(lessonItems);
  const out = await transact([
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.course(id),
          ...keys.institutionCourse(input.institutionId, createdAt, id),
          type: "Course",
          ...course,
          searchText: searchText(input),
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    Audit.write(actor, {
      action: "course.created",
      target: { kind: "course", id },
      institutionId: input.institutionId,
      details: { title: titleOf(input.title), language: input.language, lessons: lessonTotal },
    }),
  ]);
  if (!out.ok) throw new Conflict("A course with this id exists already.");
  return course;
}

async function load(id: string): Promise<Course | null> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.course(id) }));
  return out.Item ? fromItem(out.Item) : null;
}

/** A course as the actor may see it: drafts only for their institution's admins. */
export async function getVisible(actor: Actor, id: string): Promise<Course> {
  const course = await load(id);
  if (!course) throw new NotFound("Course");
  if (course.status !== "published" && !(await Institutions.isAdmin(actor, course.institutionId)))
    throw new NotFound("Course");
  return course;
}

export async function publish(actor: Actor, id: string): Promise<Course> {
  const course = await load(id);
  if (!course) throw new NotFound("Course");
  await Institutions.requireAdmin(actor, course.institutionId);
  if (course.status === "published") return course;
  const publishedAt = new Date().toISOString();
  const l = keys.catalogueListing(publishedAt, id);
  // Only the call that moves the draft writes (and records) anything: a concurrent one finds it published.
  const out = await transact([
    publishDraft(keys.course(id), l, publishedAt),
    Audit.write(actor, {
      action: "course.published",
      target: { kind: "course", id },
      institutionId: course.institutionId,
      details: { title: titleOf(course.title) },
    }),
  ]);
  if (!out.ok) return (await load(id)) ?? { ...course, status: "published", publishedAt };
  return { ...course, status: "published", publishedAt };
}

export type CatalogueQuery = { topic?: string; language?: string; q?: string; cursor?: string; limit?: number };

/** The public catalogue, newest first, filtered by topic, delivery language and words. */
export async function catalogue(query: CatalogueQuery): Promise<{ items: Course[]; nextCursor: string | null }> {
  const limit = Math.min(query.limit ?? 20, 50);
  const filters: string[] = [];
  const values: Record<string, unknown> = {};
  if (query.topic) {
    filters.push("contains(topics, :topic)");
    values[":topic"] = query.topic;
  }
  if (query.language) {
    filters.push("#language = :language");
    values[":language"] = query.language;
  }
  const words = (query.q ?? "")
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 5);
  words.forEach((w, i) => {
    filters.push(`contains(searchText, :w${i})`);
    values[`:w${i}`] = w;
  });
  const page = await filteredPage({
    partition: keys.cataloguePartition(),
    filters,
    values,
    names: query.language ? { "#language": "language" } : undefined,
    cursor: query.cursor,
    limit,
  });
  return { items: page.items.map(fromItem), nextCursor: page.nextCursor };
}

/** An institution's own courses, drafts included (its admins only). */
export async function listForInstitution(actor: Actor, institutionId: string): Promise<Course[]> {
  await Institutions.requireAdmin(actor, institutionId);
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :p",
      ExpressionAttributeValues: { ":p": keys.institutionCoursesPartition(institutionId) },
      ScanIndexForward: false,
    }),
  );
  return (out.Items ?? []).map(fromItem);
}

/** Whole days from start to end, counting both. */
export function daysInclusive(startDate: string, endDate: string): number {
  return Math.round((Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / 86_400_000) + 1;
}

export async function addCohort(actor: Actor, courseId: string, input: CohortInput): Promise<CohortView> {
  const course = await load(courseId);
  if (!course) throw new NotFound("Course");
  await Institutions.requireAdmin(actor, course.institutionId);
  const days = daysInclusive(input.startDate, input.endDate);
  if (days < MIN_DAYS || days > MAX_DAYS) {
    const message = `A cohort lasts ${MIN_DAYS} to ${MAX_DAYS} days counting both ends; ${input.startDate}..${input.endDate} is ${days}.`;
    throw new Invalid(message, [
      { path: "startDate", message },
      { path: "endDate", message },
    ]);
  }
  if (input.enrolmentDeadline > input.endDate) {
    throw Invalid.field("enrolmentDeadline", "The enrolment deadline must be on or before the last day.");
  }
  Enrolment.validatePrices(input.prices);
  const id = ulid();
  const offering: Cohort = {
    kind: cohortKind.kind,
    id,
    parentId: courseId,
    institutionId: course.institutionId,
    title: course.title,
    startDate: input.startDate,
    endDate: input.endDate,
    enrolmentDeadline: input.enrolmentDeadline,
    capacity: input.capacity,
    seatsTaken: 0,
    prices: input.prices,
    feeShares: course.feeShares,
    lessonCount: course.lessonCount,
  };
  const createdAt = new Date().toISOString();
  const extra = {
    ...keys.cohortOfCourse(courseId, input.startDate, id),
    ...keys.cohortCreated(createdAt, id),
    createdAt,
  };
  await Offerings.create(offering, extra, undefined, [
    Audit.write(actor, {
      action: "cohort.created",
      target: { kind: "cohort", id },
      institutionId: course.institutionId,
      details: { courseId, startDate: input.startDate, endDate: input.endDate, capacity: input.capacity },
    }),
  ]);
  return cohortView(offering, 0);
}

function cohortView(o: Cohort, waiting: number, group?: People.PricingGroup): CohortView {
  return {
    id: o.id,
    courseId: o.parentId,
    startDate: o.startDate,
    endDate: o.endDate,
    enrolmentDeadline: o.enrolmentDeadline,
    capacity: o.capacity,
    seatsLeft: Math.max(0, o.capacity - o.seatsTaken),
    waiting,
    prices: o.prices,
    ...(group ? { price: Enrolment.priceFor(o.prices, group) } : {}),
  };
}

/** The course page: the course and its cohorts, each with the actor's own price when signed in. */
export async function detail(actor: Actor, id: string): Promise<Course & { cohorts: CohortView[] }> {
  const course = await getVisible(actor, id);
  const [cohorts, person] = await Promise.all([
    ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p",
        ExpressionAttributeValues: { ":p": keys.courseCohortsPartition(id) },
      }),
    ),
    actor.kind === "person" ? People.get(actor.id) : Promise.resolve(null),
  ]);
  const group = person ? People.pricingGroupOf(person.country, person.organisationType) : undefined;
  const offerings = (cohorts.Items ?? []) as Cohort[];
  // Only a full cohort can have a queue: count it there, skip the query elsewhere.
  const waiting = await Promise.all(
    offerings.map((o) => (o.seatsTaken >= o.capacity ? Enrolment.waitlistLength("cohort", o.id) : 0)),
  );
  return { ...course, cohorts: offerings.map((o, i) => cohortView(o, waiting[i], group)) };
}

export async function getCohort(cohortId: string): Promise<Cohort> {
  const cohort = (await Offerings.get(cohortKind.kind, cohortId)) as Cohort | null;
  if (!cohort) throw new NotFound("Cohort");
  return cohort;
}

/** Enrols in a cohort of a published course. */
export async function enrolInCohort(actor: Actor, cohortId: string) {
  requirePerson(actor);
  const cohort = await getCohort(cohortId);
  const course = await load(cohort.parentId);
  if (!course || course.status !== "published") throw new NotFound("Cohort");
  return Enrolment.enrol(actor, "cohort", cohortId);
}

export async function lesson(courseId: string, id: string): Promise<{ id: string; title: string; html: string }> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.lesson(courseId, id) }));
  if (!out.Item) throw new NotFound("Lesson");
  return { id, title: out.Item.title as string, html: renderMarkdown(out.Item.body as string) };
}

/** Institution admins preview any lesson of their courses, drafts included. */
export async function previewLesson(actor: Actor, courseId: string, id: string) {
  const course = await load(courseId);
  if (!course) throw new NotFound("Course");
  await Institutions.requireAdmin(actor, course.institutionId);
  return lesson(courseId, id);
}

export function assertCohortRunning(cohort: Cohort) {
  const today = new Date().toISOString().slice(0, 10);
  if (today < cohort.startDate)
    throw new Conflict(`Lessons open when the cohort starts, on ${cohort.startDate}.`, "not_started");
}

export { load as get };
