/**
 * A place on an exchange offer as an offering kind: what an accepted participant pays for, when the
 * offer has a participation fee. No seats (the matching round, not enrolment, decides who gets a
 * place) and the offer's dates; enrolment closes on its first day. The offering's id is the offer's.
 */
import type { Dated, Offering, OfferingKindDescriptor } from "../offerings/descriptor";

export type ExchangePlace = Offering & Dated;

export const placeKind: OfferingKindDescriptor = {
  kind: "exchange_place",
  keyPrefix: "XPLACE",
  idCode: "x",
  label: { en: "Exchange place", es: "Plaza de intercambio", fr: "Place d'échange" },
  notFoundName: "Exchange place",
  hasSeats: false,
  hasDates: true,
  // Mostly to the hosting institution, as a route's default plan.
  defaultFeeShares: [
    { party: "institution", basisPoints: 8500 },
    { party: "operator", basisPoints: 1000 },
    { party: "solidarity_fund", basisPoints: 500 },
  ],
  links: (e) => ({ page: `exchange/offers/${e.offeringId}`, open: "exchange/application" }),
  afterPayment: (e) => `exchange/application?paid=${encodeURIComponent(e.id)}&session={CHECKOUT_SESSION_ID}`,
};
