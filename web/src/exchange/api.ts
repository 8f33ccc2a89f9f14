/**
 * The exchange programme through the app's typed client: every shape is inferred from the API's own
 * routes (as courses/types.ts does), so it cannot drift from what the server sends.
 */
import type { InferRequestType, InferResponseType } from "hono/client";
import { api } from "../api/client";
import { Failure, read } from "../api/load";

type Api = typeof api;
export type Offer = InferResponseType<Api["exchange"]["offers"][":id"]["$get"], 200>;
export type Price = Offer["prices"][number];
export type OfferKind = Offer["kind"];
export const KINDS: OfferKind[] = ["study_visit", "internship", "market_exploration", "technology_transfer"];
export type OfferInput = InferRequestType<Api["exchange"]["offers"]["$post"]>["json"];
export type OfferQuery = InferRequestType<Api["exchange"]["offers"]["$get"]>["query"];
export type TopicId = NonNullable<OfferQuery["topic"]>;

type ApplicationView = InferResponseType<Api["me"]["exchange-application"]["$get"], 200>;
/** What the latest round says about me, once a round placed or passed over me. */
export type Assignment = NonNullable<ApplicationView["assignment"]>;
export type Application = Omit<ApplicationView, "assignment"> & { assignment?: Assignment };
export type Applicant = InferResponseType<Api["exchange"]["offers"][":id"]["applicants"]["$get"], 200>["items"][number];
export type Round = InferResponseType<Api["exchange"]["rounds"][":id"]["$get"], 200>;
export type RoundSummary = InferResponseType<Api["exchange"]["rounds"]["$get"], 200>["items"][number];
export type RoundProgress = InferResponseType<Api["exchange"]["rounds"]["progress"]["$get"], 200>;
export type RoundRun = InferResponseType<Api["exchange"]["rounds"]["$post"], 201>;
export type Accepted = InferResponseType<Api["me"]["exchange-placement"]["accept"]["$post"], 200>;
export type Placement = InferResponseType<Api["exchange"]["offers"][":id"]["placements"]["$get"], 200>["items"][number];

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
