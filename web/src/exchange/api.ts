/**
 * The exchange programme through the app's typed client. Shapes are inferred from the API's routes;
 * the few endpoints and fields still being added (issue 11: placements, round list and progress, fees)
 * have a small local type marked `PENDING(issue 11)` and are called with `call` below, so the lead can
 * switch each to its inferred type once the route is in the API.
 */
import type { InferRequestType, InferResponseType } from "hono/client";
import { api } from "../api/client";
import { Failure, read } from "../api/load";
import { problemOf } from "../api/problem";

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

/** PENDING(issue 11, placements): what a round says about me, after a round placed or passed over me. */
export type Assignment = {
  roundId: string;
  offerId: string | null;
  status?: "assigned" | "accepted" | "declined" | "lapsed" | "unassigned";
  respondBy?: string;
  explanation: { en: string; es: string; fr: string };
  enrolmentId?: string;
  preparatoryCourseId?: string;
};
export type Application = Omit<InferResponseType<Api["me"]["exchange-application"]["$get"], 200>, "assignment"> & {
  assignment?: Assignment;
};
export type Applicant = InferResponseType<Api["exchange"]["offers"][":id"]["applicants"]["$get"], 200>["items"][number];
/** PENDING(issue 11, placements): `respondBy` on a round. */
export type Round = InferResponseType<Api["exchange"]["rounds"][":id"]["$get"], 200> & { respondBy?: string };

/** PENDING(issue 11, placements): GET /api/exchange/rounds. */
export type RoundSummary = Omit<Round, "input" | "outcome">;
/** PENDING(issue 11, placements): GET /api/exchange/rounds/progress. */
export type RoundProgress =
  | { state: "idle" }
  | {
      state: "running";
      phase: "reading" | "matching" | "writing" | "mailing";
      done: number;
      total: number;
      startedAt: string;
    };
/** PENDING(issue 11, placements): POST /api/exchange/rounds with `respondBy`. */
export type RoundRun = {
  id: string;
  assignments: Record<string, string | null>;
  inputDigest: string;
  respondBy?: string;
};
/** PENDING(issue 11, placements): POST /api/me/exchange-placement/accept. */
export type Accepted = {
  status: "accepted";
  offerId: string;
  enrolmentId: string;
  enrolmentStatus: "active" | "pending_payment";
  preparatoryCourseId?: string;
};
/** PENDING(issue 11, placements): GET /api/exchange/offers/:id/placements. */
export type Placement = {
  personId: string;
  name: string | null;
  rank: number | null;
  roundId: string;
  outcome: "placed" | "higher_choice" | "full" | "not_ranked";
  status?: string;
  why: { en: string; es: string; fr: string };
};
export type { Money };

export const exchangeApi = api.exchange;
export const applicationApi = api.me["exchange-application"];

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

/**
 * A JSON request as the typed client makes it (same headers, cookie and problem+json failures), for
 * the routes the client does not know yet (PENDING(issue 11)).
 */
export async function call<T>(method: "GET" | "POST" | "PUT" | "PATCH", path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api${path}`, {
    method,
    credentials: "same-origin",
    headers: { "X-Rutas-CSRF": "1", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.ok) return (await res.json()) as T;
  throw new Failure(res.status, await problemOf(res));
}

/** Today + n days, as the API counts days (UTC). */
export const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
