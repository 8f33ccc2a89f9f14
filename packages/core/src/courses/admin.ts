/** What an institution admin sees of a cohort: who enrolled, their status and progress, as a table. */
import { stringify } from "csv-stringify/sync";
import type { Actor } from "../actor";
import * as Enrolment from "../enrolment";
import * as Institutions from "../institutions";
import * as People from "../people";
import * as Courses from "./index";
import { type CohortEnrolment, cohortKind } from "./kind";
import { progressOf } from "./learning";
import { toMajor } from "../money";

export type CohortEnrolmentRow = {
  id: string;
  personId: string;
  name: string;
  email: string;
  country: string;
  pricingGroup: string;
  status: Enrolment.EnrolmentStatus;
  waitlistPosition: number | null;
  price: string;
  lessonsDone: number;
  lessonsTotal: number;
  progressPercent: number;
  certificateCode: string | null;
  enrolledAt: string;
};

export async function cohortEnrolments(actor: Actor, cohortId: string): Promise<CohortEnrolmentRow[]> {
  const cohort = await Courses.getCohort(cohortId);
  await Institutions.requireAdmin(actor, cohort.institutionId);
  const [course, enrolments] = await Promise.all([
    Courses.get(cohort.parentId),
    Enrolment.listForOffering(cohortKind.kind, cohortId) as Promise<(CohortEnrolment & Enrolment.EnrolResult)[]>,
  ]);
  const people = await People.getMany(enrolments.map((e) => e.personId));
  const total = course?.lessonCount ?? 0;
  return enrolments
    .map((e) => {
      const p = people.get(e.personId);
      const progress = progressOf(e, total);
      return {
        id: e.id,
        personId: e.personId,
        name: p?.name ?? "",
        email: e.email,
        country: p?.country ?? "",
        pricingGroup: People.pricingGroupOf(p?.country, p?.organisationType),
        status: e.status,
        waitlistPosition: e.waitlistPosition ?? null,
        price: e.price ? `${toMajor(e.price.amount, e.price.currency)} ${e.price.currency}` : "free",
        lessonsDone: progress.done.length,
        lessonsTotal: total,
        progressPercent: progress.percent,
        certificateCode: e.certificateCode ?? null,
        enrolledAt: e.createdAt,
      };
    })
    .sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0) || a.enrolledAt.localeCompare(b.enrolledAt));
}

/** Cells a spreadsheet would run as a formula (a participant's name is theirs to choose) are quoted. */
export const spreadsheetSafe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export function toCsv(rows: CohortEnrolmentRow[]): string {
  return stringify(rows, {
    header: true,
    columns: Object.keys(rows[0] ?? { id: "" }),
    cast: { string: spreadsheetSafe },
  });
}
