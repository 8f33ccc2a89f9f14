/** What an institution admin sees of a cohort: who enrolled, their status and progress, as a table. */
import { stringify } from "csv-stringify/sync";
import type { Actor } from "../actor";
import * as Enrolment from "../enrolment";
import * as Institutions from "../institutions";
import * as Courses from "./index";
import { type CohortEnrolment, cohortKind } from "./kind";
import { progressOf } from "./learning";

export type CohortEnrolmentRow = Enrolment.RosterRow & {
  lessonsDone: number;
  lessonsTotal: number;
  progressPercent: number;
  certificateCode: string | null;
};

export async function cohortEnrolments(actor: Actor, cohortId: string): Promise<CohortEnrolmentRow[]> {
  const cohort = await Courses.getCohort(cohortId);
  await Institutions.requireAdmin(actor, cohort.institutionId);
  const course = await Courses.get(cohort.parentId);
  const total = course?.lessonCount ?? 0;
  return Enrolment.roster(cohortKind.kind, cohortId, (e: CohortEnrolment & Enrolment.EnrolResult) => {
    const progress = progressOf(e, total);
    return {
      lessonsDone: progress.done.length,
      lessonsTotal: total,
      progressPercent: progress.percent,
      certificateCode: e.certificateCode ?? null,
    };
  });
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
