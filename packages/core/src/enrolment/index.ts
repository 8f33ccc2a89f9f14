/**
 * One enrolment machinery for every offering kind (course cohorts, publications, and every kind
 * registered in offerings/): enrol, withdraw, the waitlist and its promotions, seat holds, and the
 * status transitions payments compose into their own transactions. One file per verb.
 */
export * from "./model";
export { enrol, type EnrolResult } from "./enrol";
export { withdraw } from "./withdraw";
export {
  waitlistLength,
  waitlistPosition,
  handOverSeat,
  promoteWaitlist,
  type SeatHandOver,
  HAND_OVER_ATTEMPTS,
} from "./waitlist";
export { releaseExpiredHolds } from "./holds";
export { takeSeat, releaseSeat, hasFreeSeat, markFirstPaid, type FirstPayment } from "./seats";
export * as Transitions from "./transitions";
export { listMine, listMineDetailed, listForOffering, roster, type MyEnrolment, type RosterRow } from "./lists";
// The offering types and prices, where enrolment's callers have always found them.
export {
  type Offering,
  type OfferingKind,
  type Price,
  type ChargedPrice,
  priceFor,
  validatePrices,
  PRICING_GROUPS,
} from "../offerings";
export { get as getOffering } from "../offerings/store";
