/**
 * The exchange programme through the app's typed client. Shapes are inferred from the API's routes;
 * the few fields still being added (issue 11: an offer's fees and preparatory course, the enrolment
 * an accepted place opens) are small local types marked `PENDING(issue 11, fees)`, to drop once the
 * API sends them.
 */
import type { InferRequestType, InferResponseType } from "hono/client";
import { api } from "../api/client";
import { Failure, read } from "../api/load";

type Api = typeof api;
type Money = { amount: number; currency: string };
export type PriceInput = { group: "standard" | "reduced" | "community"; amount: number; currency: string };
export type FeeShare = { party: string; basisPoints: number };

/** PENDING(issue 11, fees): the offer's prices, fee plan and preparatory course. */
type OfferFees = { prices?: PriceInput[]; feeShares?: FeeShare[]; preparatoryCourseId?: string };
export type Offer = InferResponseType<Api["exchange"]["offers"][":id"]["$get"], 200> & OfferFees;
export type OfferKind = Offer["kind"];
export const KINDS: OfferKind[] = ["study_visit", "internship", "market_exploration", "technology_transfer"];
export type OfferInput = InferRequestType<Api["exchange"]["offers"]["$post"]>["json"] & OfferFees;
export type OfferQuery = InferRequestType<Api["exchange"]["offers"]["$get"]>["query"];
export type TopicId = NonNullable<OfferQuery["topic"]>;

/** PENDING(issue 11, fees): the enrolment an accepted place opens, and the offer's preparatory course. */
type PlaceFees = { enrolmentId?: string; preparatoryCourseId?: string };
type ApplicationView = InferResponseType<Api["me"]["exchange-application"]["$get"], 200>;
/** What the latest round says about me, once a round placed or passed over me. */
export type Assignment = NonNullable<ApplicationView["assignment"]> & PlaceFees;
export type Application = Omit<ApplicationView, "assignment"> & { assignment?: Assignment };
export type Applicant = InferResponseType<Api["exchange"]["offers"][":id"]["applicants"]["$get"], 200>["items"][number];
export type Round = InferResponseType<Api["exchange"]["rounds"][":id"]["$get"], 200>;
export type RoundSummary = InferResponseType<Api["exchange"]["rounds"]["$get"], 200>["items"][number];
export type RoundProgress = InferResponseType<Api["exchange"]["rounds"]["progress"]["$get"], 200>;
export type RoundRun = InferResponseType<Api["exchange"]["rounds"]["$post"], 201>;
export type Accepted = InferResponseType<Api["me"]["exchange-placement"]["accept"]["$post"], 200> &
  PlaceFees & { enrolmentStatus?: "active" | "pending_payment" };
export type Placement = InferResponseType<Api["exchange"]["offers"][":id"]["placements"]["$get"], 200>["items"][number];
export type { Money };

export const exchangeApi = api.exchange;
export const applicationApi = api.me["exchange-application"];
export const placementApi = api.me["exchange-placement"];

/** My application, or null when I have none yet (404). */
export const loadApplication = (): Promise<Application | null> =>
  applicationApi
    .$get()
    .then(read)
    .catch((err) => {
      if (err instanceof Failure && err.status === 404) return null;
      throw err;
    }) as Promise<Application | null>;

/**
 * My application as known for who is signed in now: undefined while that is not known yet (an
 * answer read before the session was known does not count), null when I have none.
 */
export type Mine = { who: string; app: Application | null };
export const loadMine = (me: { id: string } | null | undefined): Promise<Mine | null> =>
  me ? loadApplication().then((app) => ({ who: me.id, app })) : Promise.resolve(null);
export const mineNow = (mine: Mine | null | undefined, me: { id: string } | null | undefined) =>
  me && mine?.who === me.id ? mine.app : undefined;

/** Today + n days, as the API counts days (UTC). */
export const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
