/**
 * A Learning Route as an offering kind: seats, dates, and an itinerary to read (offline too) once
 * enrolled. Its fee plan is the route's own: every host of a stop has a share.
 */
import type { Dated, Offering, OfferingKindDescriptor, Seated } from "../offerings/descriptor";
import type { Localized } from "../text";

/** One stop of the itinerary: a day, the host who receives the participants there, where and what. */
export type Stop = { day: number; hostId: string; place: string; title: Localized; activity?: Localized };

/** The offering item of a route: the route itself (no parent record), with seats and dates. */
export type LearningRoute = Offering &
  Seated &
  Dated & {
    summary: Localized;
    topics: string[];
    countries: string[];
    stops: Stop[];
    status: "draft" | "published";
    /** Set by the first payment (in its transaction): from then on the plan and the prices are frozen. */
    firstPaidAt?: string;
    createdAt: string;
    publishedAt?: string;
  };

export const routeKind: OfferingKindDescriptor = {
  kind: "route",
  keyPrefix: "ROUTE",
  idCode: "r",
  label: { en: "Learning Route", es: "Ruta de Aprendizaje", fr: "Route d'apprentissage" },
  notFoundName: "Route",
  hasSeats: true,
  hasDates: true,
  // A route's plan names its hosts, so every route gives its own; this is only the plan a new
  // route's form starts from before its hosts are added.
  defaultFeeShares: [
    { party: "institution", basisPoints: 8500 },
    { party: "operator", basisPoints: 1000 },
    { party: "solidarity_fund", basisPoints: 500 },
  ],
  links: (e) => ({ page: `routes/${e.offeringId}`, open: `learning/${e.id}` }),
  afterPayment: (e) => `learning?paid=${encodeURIComponent(e.id)}&session={CHECKOUT_SESSION_ID}`,
  enrolmentFields: (e) => ({ routeId: e.offeringId }),
};
