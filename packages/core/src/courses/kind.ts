/** A course cohort as an offering kind: seats, dates, lessons to open after paying. */
import type { Enrolment } from "../enrolment/model";
import type { Dated, Offering, OfferingKindDescriptor, Seated } from "../offerings/descriptor";

/** A cohort: a course run on dates with seats; it carries the course's lesson count for progress. */
export type Cohort = Offering & Seated & Dated & { lessonCount: number };
/** A cohort enrolment keeps the learner's progress on the same item. */
export type CohortEnrolment = Enrolment & { lessonsDone?: string[]; certificateCode?: string };

export type FeeShareInput = { party: "institution" | "operator" | "solidarity_fund"; basisPoints: number };
/** A course's default plan: most to the institution that teaches it; see docs/decisions/0008. */
export const DEFAULT_COURSE_FEE_SHARES: FeeShareInput[] = [
  { party: "institution", basisPoints: 8000 },
  { party: "operator", basisPoints: 1500 },
  { party: "solidarity_fund", basisPoints: 500 },
];

export const cohortKind: OfferingKindDescriptor = {
  kind: "cohort",
  keyPrefix: "COHORT",
  idCode: "c",
  label: { en: "Course", es: "Curso", fr: "Cours" },
  notFoundName: "Cohort",
  hasSeats: true,
  hasDates: true,
  defaultFeeShares: DEFAULT_COURSE_FEE_SHARES,
  links: (e) => ({ page: `courses/${e.parentId}`, open: `learning/${e.id}` }),
  afterPayment: (e) => `learning?paid=${encodeURIComponent(e.id)}&session={CHECKOUT_SESSION_ID}`,
  enrolmentFields: (e, offering) => ({
    cohortId: e.offeringId,
    courseId: e.parentId,
    lessonsDone: Array.isArray(e.lessonsDone) ? e.lessonsDone.length : 0,
    ...(typeof e.certificateCode === "string" ? { certificateCode: e.certificateCode } : {}),
    ...(offering && "lessonCount" in offering ? { lessonCount: (offering as Cohort).lessonCount } : {}),
  }),
};
