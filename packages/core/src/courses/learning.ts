/**
 * Following a cohort: reading lessons, marking them done, and the certificate
 * that completing every lesson earns. Progress is a string set on the enrolment,
 * grown with ADD so marking a lesson twice, or from two tabs, counts once.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type Actor, requirePerson } from "../actor";
import { config } from "../config";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import * as Enrolment from "../enrolment";
import { Conflict, NotFound } from "../errors";
import * as Institutions from "../institutions";
import * as People from "../people";
import * as Text from "../text";
import * as Certificates from "./certificate";
import * as Courses from "./index";
import type { CohortEnrolment } from "./kind";

export type Progress = { done: string[]; total: number; percent: number; complete: boolean; certificateCode?: string };

export const progressOf = (e: CohortEnrolment, lessonCount: number): Progress => {
  const done = e.lessonsDone ?? [];
  return {
    done,
    total: lessonCount,
    percent: lessonCount ? Math.round((done.length / lessonCount) * 100) : 0,
    complete: lessonCount > 0 && done.length >= lessonCount,
    certificateCode: e.certificateCode,
  };
};

/** The actor's own cohort enrolment with its course and cohort. */
async function mine(actor: Actor, enrolmentId: string) {
  const who = requirePerson(actor);
  const enrolment = (await Enrolment.get(enrolmentId)) as CohortEnrolment | null;
  if (!enrolment || enrolment.personId !== who.id || enrolment.kind !== "cohort") throw new NotFound("Enrolment");
  const [course, cohort] = await Promise.all([
    Courses.get(enrolment.parentId),
    Courses.getCohort(enrolment.offeringId),
  ]);
  if (!course) throw new NotFound("Course");
  return { enrolment, course, cohort };
}

export async function overview(actor: Actor, enrolmentId: string) {
  const { enrolment, course, cohort } = await mine(actor, enrolmentId);
  return {
    enrolment,
    course: { id: course.id, title: course.title, language: course.language, modules: course.modules },
    cohort: { id: cohort.id, startDate: cohort.startDate, endDate: cohort.endDate },
    progress: progressOf(enrolment, course.lessonCount),
  };
}

function requireActive(enrolment: CohortEnrolment) {
  if (enrolment.status === "pending_payment")
    throw new Conflict("Complete the payment to open the lessons.", "payment_pending");
  if (enrolment.status !== "active")
    throw new Conflict(`Lessons are open to active enrolments; this one is ${enrolment.status}.`, "not_active");
}

export async function readLesson(actor: Actor, enrolmentId: string, lessonId: string) {
  const { enrolment, course, cohort } = await mine(actor, enrolmentId);
  requireActive(enrolment);
  Courses.assertCohortRunning(cohort);
  const lesson = await Courses.lesson(course.id, lessonId);
  return { ...lesson, done: (enrolment.lessonsDone ?? []).includes(lessonId) };
}

export async function markDone(actor: Actor, enrolmentId: string, lessonId: string): Promise<Progress> {
  const { enrolment, course, cohort } = await mine(actor, enrolmentId);
  requireActive(enrolment);
  Courses.assertCohortRunning(cohort);
  if (!course.modules.some((m) => m.lessons.some((l) => l.id === lessonId))) throw new NotFound("Lesson");
  let updated: CohortEnrolment;
  try {
    const out = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.enrolment("cohort", enrolment.offeringId, enrolment.personId),
        UpdateExpression: "ADD lessonsDone :lesson SET updatedAt = :now",
        ConditionExpression: "#status = :active",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":lesson": new Set([lessonId]),
          ":active": "active",
          ":now": new Date().toISOString(),
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    const attrs = out.Attributes as CohortEnrolment & { lessonsDone: Set<string> };
    updated = { ...attrs, lessonsDone: [...attrs.lessonsDone].sort() };
  } catch (err) {
    if ((err as Error).name === "ConditionalCheckFailedException")
      throw new Conflict("This enrolment is no longer active.");
    throw err;
  }
  const progress = progressOf(updated, course.lessonCount);
  if (progress.complete && !updated.certificateCode) {
    const [person, institution] = await Promise.all([
      People.get(updated.personId),
      Institutions.get(course.institutionId),
    ]);
    const cert = await Certificates.issue({
      enrolment: updated,
      name: person?.name ?? updated.email,
      courseTitle: course.title,
      courseLanguage: course.language,
      // Worded in the course's language when the UI speaks it; a course given in Quechua or
      // Aymara gets its certificate in the participant's own UI language (localeOf).
      language: Text.isLocale(course.language) ? course.language : Text.localeOf(person?.languages),
      institution: institution?.name ?? "",
      startDate: cohort.startDate,
      endDate: cohort.endDate,
    });
    progress.certificateCode =
      cert?.code ?? ((await Enrolment.get(enrolmentId)) as CohortEnrolment | null)?.certificateCode;
  }
  return progress;
}

export const verifyUrl = (code: string) => `${config().appUrl}/verify/${code}`;

/** The participant's certificate as a PDF in the language it was issued in (see markDone). */
export async function certificatePdf(actor: Actor, enrolmentId: string): Promise<{ code: string; pdf: Uint8Array }> {
  const { enrolment } = await mine(actor, enrolmentId);
  if (!enrolment.certificateCode) throw new NotFound("Certificate");
  const cert = await Certificates.get(enrolment.certificateCode);
  return { code: cert.code, pdf: await Certificates.pdf(cert, verifyUrl(cert.code)) };
}

/** Public verification: confirms name, course, dates, institution; nothing else. */
export async function verify(code: string) {
  const c = await Certificates.get(code);
  return {
    code: c.code,
    name: c.name,
    courseTitle: c.courseTitle,
    institution: c.institution,
    startDate: c.startDate,
    endDate: c.endDate,
    issuedAt: c.issuedAt,
    valid: true as const,
  };
}
