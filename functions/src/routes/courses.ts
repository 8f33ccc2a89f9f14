import { createRoute, z } from "@hono/zod-openapi";
import { Courses, Topics } from "@rutas/core";
import { body, json, problems, router } from "../http/openapi";
import { ChargedPrice, ContentLanguage, IdParam, IsoDate, LessonId, Localized, PriceSchema, Ulid } from "./schemas";

const Outline = z.array(
  z.object({ title: z.string(), lessons: z.array(z.object({ id: z.string(), title: z.string() })) }),
);
const CourseSummary = z
  .object({
    id: z.string(),
    institutionId: z.string(),
    title: Localized,
    summary: Localized,
    topics: z.array(z.string()),
    language: ContentLanguage,
    status: z.enum(["draft", "published"]),
    lessonCount: z.number().int(),
    publishedAt: z.string().optional(),
  })
  .openapi("CourseSummary");
const Cohort = z
  .object({
    id: z.string(),
    courseId: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    enrolmentDeadline: z.string(),
    capacity: z.number().int(),
    seatsLeft: z.number().int(),
    waiting: z.number().int(),
    prices: z.array(PriceSchema),
    price: ChargedPrice.optional(),
  })
  .openapi("Cohort");
const CourseDetail = CourseSummary.extend({ modules: Outline, cohorts: z.array(Cohort) }).openapi("Course");

const CourseInput = z
  .strictObject({
    institutionId: Ulid,
    title: Localized,
    summary: Localized,
    topics: z.array(z.enum(Topics.TOPIC_IDS)).min(1).max(5),
    language: ContentLanguage,
    modules: z
      .array(
        z.strictObject({
          title: z.string().trim().min(1).max(200),
          lessons: z
            .array(z.strictObject({ title: z.string().trim().min(1).max(200), body: z.string().min(1).max(50_000) }))
            .min(1)
            .max(30),
        }),
      )
      .min(1)
      .max(12),
  })
  .openapi("CourseInput");

const summaryOf = (c: Courses.Course) => ({
  id: c.id,
  institutionId: c.institutionId,
  title: c.title,
  summary: c.summary,
  topics: c.topics,
  language: c.language,
  status: c.status,
  lessonCount: c.lessonCount,
  publishedAt: c.publishedAt,
});
const Id = IdParam;

const create = createRoute({
  method: "post",
  path: "/courses",
  tags: ["courses"],
  summary: "Create a draft course (admin of the institution)",
  request: { body: body(CourseInput) },
  responses: { 201: json(CourseSummary, "Created"), ...problems(400, 401, 403, 404) },
});
const catalogue = createRoute({
  method: "get",
  path: "/courses",
  tags: ["courses"],
  summary: "Public catalogue of published courses",
  request: {
    query: z.object({
      topic: z.enum(Topics.TOPIC_IDS).optional(),
      language: ContentLanguage.optional(),
      q: z.string().max(100).optional(),
      cursor: z.string().max(2000).optional(),
      limit: z.coerce.number().int().min(1).max(50).optional(),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(CourseSummary), nextCursor: z.string().nullable() })),
    ...problems(400),
  },
});
const detail = createRoute({
  method: "get",
  path: "/courses/{id}",
  tags: ["courses"],
  summary: "A course with its cohorts; each cohort's price is the signed-in person's own",
  request: { params: Id },
  responses: { 200: json(CourseDetail), ...problems(404) },
});
const publish = createRoute({
  method: "post",
  path: "/courses/{id}/publish",
  tags: ["courses"],
  summary: "Publish a draft course",
  request: { params: Id },
  responses: { 200: json(z.object({ id: z.string(), status: z.literal("published") })), ...problems(401, 403, 404) },
});
const addCohort = createRoute({
  method: "post",
  path: "/courses/{id}/cohorts",
  tags: ["courses"],
  summary: "Add a cohort of 14 to 28 days (counting both ends)",
  request: {
    params: Id,
    body: body(
      z.strictObject({
        startDate: IsoDate,
        endDate: IsoDate,
        capacity: z.number().int().min(1).max(10_000),
        enrolmentDeadline: IsoDate,
        prices: z.array(PriceSchema).max(3),
      }),
    ),
  },
  responses: { 201: json(Cohort, "Created"), ...problems(400, 401, 403, 404) },
});
const institutionCourses = createRoute({
  method: "get",
  path: "/institutions/{id}/courses",
  tags: ["courses"],
  summary: "An institution's courses, drafts included (its admins)",
  request: { params: Id },
  responses: { 200: json(z.object({ items: z.array(CourseSummary) })), ...problems(401, 403, 404) },
});
const preview = createRoute({
  method: "get",
  path: "/courses/{id}/lessons/{lessonId}",
  tags: ["courses"],
  summary: "Preview a lesson (the institution's admins)",
  request: { params: z.object({ id: Ulid, lessonId: LessonId }) },
  responses: {
    200: json(z.object({ id: z.string(), title: z.string(), html: z.string() })),
    ...problems(401, 403, 404),
  },
});

export const courseRoutes = router()
  .openapi(create, async (c) => c.json(summaryOf(await Courses.create(c.get("actor"), c.req.valid("json"))), 201))
  .openapi(catalogue, async (c) => {
    const page = await Courses.catalogue(c.req.valid("query"));
    return c.json({ items: page.items.map(summaryOf), nextCursor: page.nextCursor }, 200);
  })
  .openapi(detail, async (c) => {
    const d = await Courses.detail(c.get("actor"), c.req.valid("param").id);
    return c.json({ ...summaryOf(d), modules: d.modules, cohorts: d.cohorts }, 200);
  })
  .openapi(publish, async (c) => {
    const course = await Courses.publish(c.get("actor"), c.req.valid("param").id);
    return c.json({ id: course.id, status: "published" as const }, 200);
  })
  .openapi(addCohort, async (c) =>
    c.json(await Courses.addCohort(c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .openapi(institutionCourses, async (c) => {
    const items = await Courses.listForInstitution(c.get("actor"), c.req.valid("param").id);
    return c.json({ items: items.map(summaryOf) }, 200);
  })
  .openapi(preview, async (c) => {
    const { id, lessonId } = c.req.valid("param");
    return c.json(await Courses.previewLesson(c.get("actor"), id, lessonId), 200);
  });
