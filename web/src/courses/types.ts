/** Course shapes as the API sends them (inferred from its routes: they cannot drift). */
import type { InferResponseType } from "hono/client";
import type { api } from "../api/client";

export type CourseSummary = InferResponseType<typeof api.courses.$get, 200>["items"][number];
export type CourseDetail = InferResponseType<(typeof api.courses)[":id"]["$get"], 200>;
export type Cohort = CourseDetail["cohorts"][number];
export type EnrolmentView = InferResponseType<(typeof api.cohorts)[":id"]["enrolments"]["$post"], 201>;
/** An item of "my enrolments": an enrolment plus its offering's title, dates and lesson count. */
export type MyEnrolment = InferResponseType<(typeof api.me.enrolments)["$get"], 200>["items"][number];
export type Overview = InferResponseType<(typeof api.enrolments)[":id"]["$get"], 200>;
export type Progress = Overview["progress"];
