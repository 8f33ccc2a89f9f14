/**
 * What makes one kind of offering different from another, in one value. Enrolment, holds,
 * waitlists, checkout, webhooks, refunds, receipts and the ledger read a kind's descriptor and
 * never branch on its name: adding a kind (a route, a service booking, an exchange place) is
 * adding one descriptor to the registry. See docs/decisions/0009-offerings.md.
 */
import type { Share } from "../ledger/split";
import type { PricingGroup } from "../people/countries";
import type { Locale, Localized } from "../text";

/** A registered kind's name ("cohort", "publication", ...). */
export type OfferingKind = string;

/** The fields every offering item has, whatever else its capability stores. */
export type Offering = {
  kind: OfferingKind;
  id: string;
  /** The record the offering belongs to (a cohort's course); the offering itself when it stands alone. */
  parentId: string;
  institutionId: string;
  title: Localized;
  prices: Price[];
  /** Who shares each payment (basis points summing to 10 000); see ledger/split.ts. */
  feeShares: Share[];
  /** Kinds with seats: how many, and how many are taken (active + held). */
  capacity?: number;
  seatsTaken?: number;
  /** Kinds with dates. */
  startDate?: string;
  endDate?: string;
  enrolmentDeadline?: string;
  /** Set by the first payment's activation (enrolment/seats.ts markFirstPaid); what was sold is frozen from then. */
  firstPaidAt?: string;
};
export type Seated = { capacity: number; seatsTaken: number };
export type Dated = { startDate: string; endDate: string; enrolmentDeadline: string };

export type Price = { group: PricingGroup; amount: number; currency: string };

/** An enrolment as the descriptor sees it: its stored attributes, including kind-specific ones. */
export type EnrolmentRecord = { id: string; kind: OfferingKind; offeringId: string; parentId: string } & Record<
  string,
  unknown
>;

/** Web paths, without the leading `/<locale>/`. */
export type OfferingLinks = {
  /** The offering's public page. */
  page: string;
  /** Where the participant uses what they enrolled in or bought. */
  open: string;
};

export type OfferingKindDescriptor = {
  kind: OfferingKind;
  /** Partition key prefix of the offering item and its enrolments (`COHORT#<id>`). */
  keyPrefix: string;
  /** The start of its enrolment ids (`c.<offering>.<person>`): short, unique, no dot. */
  idCode: string;
  /** What it is called, in the UI languages (pages, e-mails). */
  label: Record<Locale, string>;
  /** Its name in "… not found." errors. */
  notFoundName: string;
  /** Seats limited by capacity, with a waitlist when full; false: no limit (a document). */
  hasSeats: boolean;
  /** Runs on dates and closes at an enrolment deadline. */
  hasDates: boolean;
  /** The fee plan of a new offering; the party `institution` stands for the offering's institution. */
  defaultFeeShares: Share[];
  links: (e: EnrolmentRecord) => OfferingLinks;
  /** Where Stripe Checkout sends the payer back after paying. */
  afterPayment: (e: EnrolmentRecord) => string;
  /** Kind-specific fields an enrolment shows (a cohort's course and progress), from its record and offering. */
  enrolmentFields?: (e: EnrolmentRecord, offering: Offering | null) => Record<string, unknown>;
};

/** A plan with `institution` made concrete: `institution:<id>` of the offering's institution. */
export const planFor = (plan: readonly Share[], institutionId: string): Share[] =>
  plan.map((s) => ({
    party: s.party === "institution" ? `institution:${institutionId}` : s.party,
    basisPoints: s.basisPoints,
  }));
