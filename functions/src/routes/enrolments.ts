import { createRoute, z } from "@hono/zod-openapi";
import { Courses, Enrolment, Learning, Offerings, type ActorT } from "@rutas/core";
import { CohortAdmin, Calendar } from "@rutas/core/courses/exports";
import { csv, file } from "../http/files";
import { json, problems, router } from "../http/openapi";
import {
  ChargedPrice,
  ContentLanguage,
  Csv,
  EnrolmentId,
  EnrolmentIdParam,
  IdParam,
  LessonId,
  Localized,
  wantsCsv,
} from "./schemas";

export const EnrolmentView = z
  .object({
    id: z.string(),
    /** The offering kind (cohort, publication, ...): what it is, never what to do with it. */
    kind: z.string(),
    offeringId: z.string(),
    status: z.enum(["active", "pending_payment", "waitlisted", "withdrawn", "expired", "refunded"]),
    price: ChargedPrice,
    holdExpiresAt: z.string().optional(),
    waitlistPosition: z.number().int().optional(),
    createdAt: z.string(),
    /** From the kind's descriptor: its name, whether it has seats and dates, and where the web opens it. */
    label: z.object({ en: z.string(), es: z.string(), fr: z.string() }),
    hasSeats: z.boolean(),
    hasDates: z.boolean(),
    links: z.object({ page: z.string(), open: z.string() }).openapi({ description: "Web paths after /<locale>/" }),
    // Fields a kind adds (its descriptor's enrolmentFields).
    cohortId: z.string().optional(),
    courseId: z.string().optional(),
    publicationId: z.string().optional(),
    routeId: z.string().optional(),
    certificateCode: z.string().optional(),
    lessonsDone: z.number().int().optional(),
    lessonCount: z.number().int().optional(),
  })
  .openapi("Enrolment");

type KindFields = {
  cohortId?: string;
  courseId?: string;
  publicationId?: string;
  routeId?: string;
  certificateCode?: string;
  lessonsDone?: number;
  lessonCount?: number;
};

export const enrolmentView = (e: Enrolment.EnrolResult, offering: Offerings.Offering | null = null) => {
  const kind = Offerings.describe(e.kind);
  return {
    id: e.id,
    kind: e.kind,
    offeringId: e.offeringId,
    status: e.status,
    price: e.price,
    holdExpiresAt: e.status === "pending_payment" ? e.holdExpiresAt : undefined,
    waitlistPosition: e.waitlistPosition,
    createdAt: e.createdAt,
    label: kind.label,
    hasSeats: kind.hasSeats,
    hasDates: kind.hasDates,
    links: kind.links(e),
    ...((kind.enrolmentFields?.(e, offering) ?? {}) as KindFields),
  };
};

const Id = IdParam;
const LessonParams = z.object({ id: EnrolmentId, lessonId: LessonId });
const Progress = z.object({
  done: z.array(z.string()),
  total: z.number(),
  percent: z.number(),
  complete: z.boolean(),
  certificateCode: z.string().optional(),
});

/**
 * Enrolling in an offering of a kind with seats, and its admins' list of enrolments (JSON or CSV):
 * the same two routes for every such kind (`/cohorts/:id/enrolments`, `/routes/:id/enrolments`).
 */
export function offeringEnrolments<const Segment extends string, Row extends object>(
  segment: Segment,
  kind: string,
  verbs: {
    enrol: (actor: ActorT, id: string) => Promise<Enrolment.EnrolResult>;
    list: (actor: ActorT, id: string) => Promise<Row[]>;
    toCsv: (rows: Row[]) => string;
  },
) {
  const path = `/${segment}/{id}/enrolments` as `/${Segment}/{id}/enrolments`;
  const enrol = createRoute({
    method: "post",
    path,
    tags: ["enrolment"],
    summary: "Enrol: active (free), pending_payment (seat held 30 min) or waitlisted",
    request: { params: Id },
    responses: { 201: json(EnrolmentView, "Created"), ...problems(401, 404, 409) },
  });
  const list = createRoute({
    method: "get",
    path,
    tags: ["enrolment"],
    summary: `The enrolments of one of the ${segment} (its institution's admins); ?format=csv`,
    request: { params: Id, query: z.object({ format: z.enum(["json", "csv"]).optional() }) },
    responses: {
      200: {
        description: "Enrolments",
        content: {
          "application/json": { schema: z.object({ items: z.array(z.record(z.string(), z.unknown())) }) },
          ...Csv,
        },
      },
      ...problems(401, 403, 404),
    },
  });
  return router()
    .openapi(enrol, async (c) => c.json(enrolmentView(await verbs.enrol(c.get("actor"), c.req.valid("param").id)), 201))
    .openapi(list, async (c) => {
      const { id } = c.req.valid("param");
      const rows = await verbs.list(c.get("actor"), id);
      if (wantsCsv(c.req.valid("query").format)) return csv(c, `${kind}-${id}-enrolments.csv`, verbs.toCsv(rows));
      return c.json({ items: rows as Record<string, unknown>[] }, 200);
    });
}
const calendar = createRoute({
  method: "get",
  path: "/cohorts/{id}/calendar.ics",
  tags: ["enrolment"],
  summary: "The cohort as a calendar event",
  request: { params: Id, query: z.object({ lang: z.enum(["en", "es", "fr"]).optional() }) },
  responses: {
    200: { description: "iCalendar", content: { "text/calendar": { schema: z.string() } } },
    ...problems(404),
  },
});
const withdraw = createRoute({
  method: "delete",
  path: "/enrolments/{id}",
  tags: ["enrolment"],
  summary: "Withdraw; a freed seat goes to the first waitlisted person",
  request: { params: EnrolmentIdParam },
  responses: { 200: json(EnrolmentView), ...problems(401, 404, 409) },
});
const MyEnrolment = EnrolmentView.extend({
  title: Localized,
  startDate: z.string().optional(),
  endDate: z.string().optional(),
}).openapi("MyEnrolment");
const mine = createRoute({
  method: "get",
  path: "/me/enrolments",
  tags: ["enrolment"],
  summary: "The signed-in person's enrolments, newest first, with titles, dates and queue positions",
  responses: { 200: json(z.object({ items: z.array(MyEnrolment) })), ...problems(401) },
});
const overview = createRoute({
  method: "get",
  path: "/enrolments/{id}",
  tags: ["learning"],
  summary: "One's own cohort enrolment with the course outline and progress",
  request: { params: EnrolmentIdParam },
  responses: {
    200: json(
      z.object({
        enrolment: EnrolmentView,
        course: z.object({
          id: z.string(),
          title: Localized,
          language: ContentLanguage,
          modules: z.array(
            z.object({ title: z.string(), lessons: z.array(z.object({ id: z.string(), title: z.string() })) }),
          ),
        }),
        cohort: z.object({ id: z.string(), startDate: z.string(), endDate: z.string() }),
        progress: Progress,
      }),
    ),
    ...problems(401, 404),
  },
});
const lesson = createRoute({
  method: "get",
  path: "/enrolments/{id}/lessons/{lessonId}",
  tags: ["learning"],
  summary: "A lesson (Markdown rendered safely) while the cohort runs",
  request: { params: LessonParams },
  responses: {
    200: json(z.object({ id: z.string(), title: z.string(), html: z.string(), done: z.boolean() })),
    ...problems(401, 404, 409),
  },
});
const done = createRoute({
  method: "post",
  path: "/enrolments/{id}/lessons/{lessonId}/done",
  tags: ["learning"],
  summary: "Mark a lesson done; completing the last one issues the certificate",
  request: { params: LessonParams },
  responses: { 200: json(Progress), ...problems(401, 404, 409) },
});
const certificate = createRoute({
  method: "get",
  path: "/enrolments/{id}/certificate.pdf",
  tags: ["learning"],
  summary: "The certificate as a PDF in the course's language",
  request: { params: EnrolmentIdParam },
  responses: {
    200: { description: "PDF", content: { "application/pdf": { schema: z.string() } } },
    ...problems(401, 404),
  },
});
const verify = createRoute({
  method: "get",
  path: "/certificates/{code}",
  tags: ["learning"],
  summary: "Verify a certificate (public)",
  request: { params: z.object({ code: z.string().min(4).max(20) }) },
  responses: {
    200: json(
      z.object({
        code: z.string(),
        name: z.string(),
        courseTitle: z.string(),
        institution: z.string(),
        startDate: z.string(),
        endDate: z.string(),
        issuedAt: z.string(),
        valid: z.literal(true),
      }),
    ),
    ...problems(404),
  },
});

export const enrolmentRoutes = router()
  .route(
    "/",
    offeringEnrolments("cohorts", "cohort", {
      enrol: Courses.enrolInCohort,
      list: CohortAdmin.cohortEnrolments,
      toCsv: CohortAdmin.toCsv,
    }),
  )
  .openapi(calendar, async (c) => {
    const cohort = await Courses.getCohort(c.req.valid("param").id);
    return file(
      c,
      "text/calendar; charset=utf-8",
      `cohort-${cohort.id}.ics`,
      Calendar.cohortIcs(cohort, c.req.valid("query").lang ?? "en"),
    );
  })
  .openapi(withdraw, async (c) =>
    c.json(enrolmentView(await Enrolment.withdraw(c.get("actor"), c.req.valid("param").id)), 200),
  )
  .openapi(mine, async (c) => {
    const items = await Enrolment.listMineDetailed(c.get("actor"));
    return c.json(
      {
        items: items.map((e) => ({
          ...enrolmentView(e, e.offering),
          title: e.title,
          startDate: e.startDate,
          endDate: e.endDate,
        })),
      },
      200,
    );
  })
  .openapi(overview, async (c) => {
    const o = await Learning.overview(c.get("actor"), c.req.valid("param").id);
    return c.json({ ...o, enrolment: enrolmentView(o.enrolment) }, 200);
  })
  .openapi(lesson, async (c) => {
    const { id, lessonId } = c.req.valid("param");
    return c.json(await Learning.readLesson(c.get("actor"), id, lessonId), 200);
  })
  .openapi(done, async (c) => {
    const { id, lessonId } = c.req.valid("param");
    return c.json(await Learning.markDone(c.get("actor"), id, lessonId), 200);
  })
  .openapi(certificate, async (c) => {
    const { code, pdf } = await Learning.certificatePdf(c.get("actor"), c.req.valid("param").id);
    return file(c, "application/pdf", `certificate-${code}.pdf`, pdf);
  })
  .openapi(verify, async (c) => c.json(await Learning.verify(c.req.valid("param").code), 200));
