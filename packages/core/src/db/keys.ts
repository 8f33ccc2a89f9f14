/**
 * Every key format in the table is built here and nowhere else.
 * See README.md beside this file for the access patterns they serve.
 */
import type { OfferingKind } from "../offerings/descriptor";
import { describe } from "../offerings/registry";

export type { OfferingKind } from "../offerings/descriptor";
/** Each offering kind's partition prefix comes from its descriptor (offerings/). */
const prefix = (kind: OfferingKind) => describe(kind).keyPrefix;

export const keys = {
  person: (personId: string) => ({ pk: `PERSON#${personId}`, sk: "META" }),
  /** Uniqueness of an e-mail address: one item per address, written with attribute_not_exists. */
  email: (email: string) => ({ pk: `EMAIL#${email}`, sk: "META" }),
  magicLink: (tokenHash: string) => ({ pk: `MAGIC#${tokenHash}`, sk: "META" }),
  rateWindow: (bucket: string, subject: string, windowStart: number) => ({
    pk: `RATE#${bucket}#${subject}`,
    sk: `W#${windowStart}`,
  }),
  outbox: (email: string, mailId: string) => ({ pk: `OUTBOX#${email}`, sk: `MAIL#${mailId}` }),
  outboxPartition: (email: string) => `OUTBOX#${email}`,
  institution: (institutionId: string) => ({ pk: `INST#${institutionId}`, sk: "META" }),
  institutionListing: (name: string, institutionId: string) => ({
    gsi1pk: "INSTITUTIONS",
    gsi1sk: `${name.toLowerCase()}#${institutionId}`,
  }),
  institutionsPartition: () => "INSTITUTIONS",
  membership: (institutionId: string, personId: string) => ({ pk: `INST#${institutionId}`, sk: `MEMBER#${personId}` }),
  /** gsi1: the institutions a person administers. */
  membershipByPerson: (institutionId: string, personId: string) => ({
    gsi1pk: `PERSON#${personId}`,
    gsi1sk: `MEMBER#${institutionId}`,
  }),
  membersPrefix: () => "MEMBER#",
  host: (hostId: string) => ({ pk: `HOST#${hostId}`, sk: "META" }),
  /** gsi1: hosts by country and region, for the directory and route planning. */
  hostListing: (country: string, region: string, hostId: string) => ({
    gsi1pk: `HOSTS#${country}`,
    gsi1sk: `${region.toLowerCase()}#${hostId}`,
  }),
  hostsPartition: (country: string) => `HOSTS#${country}`,
  /** gsi2: every host, oldest first, for the directory without a country. */
  hostInAll: (createdAt: string, hostId: string) => ({ gsi2pk: "HOSTS", gsi2sk: `${createdAt}#${hostId}` }),
  allHostsPartition: () => "HOSTS",
  /** A person who may edit a host and read its statement. */
  hostMember: (hostId: string, personId: string) => ({ pk: `HOST#${hostId}`, sk: `MEMBER#${personId}` }),
  /** gsi1: the hosts a person is a member of (prefix HOST#, apart from institutions' MEMBER#). */
  hostMemberByPerson: (hostId: string, personId: string) => ({
    gsi1pk: `PERSON#${personId}`,
    gsi1sk: `HOST#${hostId}`,
  }),
  hostMembershipPrefix: () => "HOST#",
  personPartition: (personId: string) => `PERSON#${personId}`,

  // Courses
  course: (courseId: string) => ({ pk: `COURSE#${courseId}`, sk: "META" }),
  lesson: (courseId: string, lessonId: string) => ({ pk: `COURSE#${courseId}`, sk: `LESSON#${lessonId}` }),
  lessonPrefix: () => "LESSON#",
  coursePartition: (courseId: string) => `COURSE#${courseId}`,
  /** gsi1: the public catalogue, newest published first. */
  catalogueListing: (publishedAt: string, courseId: string) => ({
    gsi1pk: "CATALOGUE",
    gsi1sk: `${publishedAt}#${courseId}`,
  }),
  cataloguePartition: () => "CATALOGUE",
  /** gsi2: an institution's own courses, drafts included. */
  institutionCourse: (institutionId: string, createdAt: string, courseId: string) => ({
    gsi2pk: `INST#${institutionId}#COURSES`,
    gsi2sk: `${createdAt}#${courseId}`,
  }),
  institutionCoursesPartition: (institutionId: string) => `INST#${institutionId}#COURSES`,

  // Offerings (every kind): one item holds the offering, and its seat counters when it has seats.
  offering: (kind: OfferingKind, offeringId: string) => ({ pk: `${prefix(kind)}#${offeringId}`, sk: "META" }),
  offeringPartition: (kind: OfferingKind, offeringId: string) => `${prefix(kind)}#${offeringId}`,
  /** gsi1: the cohorts of a course, by start date. */
  cohortOfCourse: (courseId: string, startDate: string, cohortId: string) => ({
    gsi1pk: `COURSE#${courseId}#COHORTS`,
    gsi1sk: `${startDate}#${cohortId}`,
  }),
  courseCohortsPartition: (courseId: string) => `COURSE#${courseId}#COHORTS`,
  enrolment: (kind: OfferingKind, offeringId: string, personId: string) => ({
    pk: `${prefix(kind)}#${offeringId}`,
    sk: `ENROL#${personId}`,
  }),
  enrolmentPrefix: () => "ENROL#",
  /** gsi1: a person's enrolments, newest first. */
  enrolmentOfPerson: (personId: string, createdAt: string) => ({
    gsi1pk: `PERSON#${personId}`,
    gsi1sk: `ENROL#${createdAt}`,
  }),
  /** gsi2: seat holds by expiry, for the sweep that releases them. */
  holdByExpiry: (holdExpiresAt: string, enrolmentId: string) => ({
    gsi2pk: "HOLDS",
    gsi2sk: `${holdExpiresAt}#${enrolmentId}`,
  }),
  holdsPartition: () => "HOLDS",
  /** gsi1: the publications on sale, newest first. */
  publicationListing: (createdAt: string, id: string) => ({ gsi1pk: "PUBLICATIONS", gsi1sk: `${createdAt}#${id}` }),
  publicationsPartition: () => "PUBLICATIONS",
  certificate: (code: string) => ({ pk: `CERT#${code}`, sk: "META" }),

  // Learning Routes (the offering item itself is `offering("route", id)`)
  /** gsi1: published routes, newest published first. */
  routeListing: (publishedAt: string, routeId: string) => ({ gsi1pk: "ROUTES", gsi1sk: `${publishedAt}#${routeId}` }),
  routesPartition: () => "ROUTES",
  /** gsi2: an institution's own routes, drafts included. */
  institutionRoute: (institutionId: string, createdAt: string, routeId: string) => ({
    gsi2pk: `INST#${institutionId}#ROUTES`,
    gsi2sk: `${createdAt}#${routeId}`,
  }),
  institutionRoutesPartition: (institutionId: string) => `INST#${institutionId}#ROUTES`,
  /** One item per host of a route's stops, in the host's partition: the routes a host receives. */
  hostRoute: (hostId: string, routeId: string) => ({ pk: `HOST#${hostId}`, sk: `ROUTE#${routeId}` }),
  hostRoutePrefix: () => "ROUTE#",

  // Exchange programme (docs/decisions/0019-exchange-matching.md)
  exchangeOffer: (offerId: string) => ({ pk: `XOFFER#${offerId}`, sk: "META" }),
  /** gsi1: open exchange offers, newest first (closing an offer removes it). */
  exchangeOfferListing: (createdAt: string, offerId: string) => ({
    gsi1pk: "XOFFERS",
    gsi1sk: `${createdAt}#${offerId}`,
  }),
  exchangeOffersPartition: () => "XOFFERS",
  /** gsi2: an institution's offers, closed ones included, newest first. */
  institutionExchangeOffer: (institutionId: string, createdAt: string, offerId: string) => ({
    gsi2pk: `INST#${institutionId}#XOFFERS`,
    gsi2sk: `${createdAt}#${offerId}`,
  }),
  institutionExchangeOffersPartition: (institutionId: string) => `INST#${institutionId}#XOFFERS`,
  /** Every application in one partition, one item per person: the round reads them all at once. */
  exchangeApplication: (personId: string) => ({ pk: "XAPPS", sk: `APP#${personId}` }),
  exchangeApplicationsPartition: () => "XAPPS",
  /** One per offer an application lists, in the offer's partition: who applied to an offer, without a scan. */
  exchangeOfferApplicant: (offerId: string, personId: string) => ({
    pk: `XOFFER#${offerId}`,
    sk: `APPLICANT#${personId}`,
  }),
  exchangeOfferApplicantPrefix: () => "APPLICANT#",
  exchangeRound: (roundId: string) => ({ pk: `XROUND#${roundId}`, sk: "META" }),
  /** gsi1: every round, newest first. */
  exchangeRoundListing: (ranAt: string, roundId: string) => ({ gsi1pk: "XROUNDS", gsi1sk: `${ranAt}#${roundId}` }),
  exchangeRoundsPartition: () => "XROUNDS",
  /** The published input and outcome, as JSON cut into parts (an item holds at most 400 KB). */
  exchangeRoundPart: (roundId: string, n: number) => ({
    pk: `XROUND#${roundId}`,
    sk: `PART#${String(n).padStart(4, "0")}`,
  }),
  exchangeRoundPartPrefix: () => "PART#",
  /** One per applicant of a round, in the round's partition; gsi1: a person's placements, newest first. */
  exchangePlacement: (roundId: string, personId: string, ranAt: string) => ({
    pk: `XROUND#${roundId}`,
    sk: `PLACE#${personId}`,
    gsi1pk: `XPLACE#${personId}`,
    gsi1sk: `${ranAt}#${roundId}`,
  }),
  exchangePlacementKey: (roundId: string, personId: string) => ({ pk: `XROUND#${roundId}`, sk: `PLACE#${personId}` }),
  exchangePlacementPrefix: () => "PLACE#",
  exchangePlacementsOfPerson: (personId: string) => `XPLACE#${personId}`,
  /** One per offer of a round: who listed it and why each place went where; gsi1: an offer's rounds. */
  exchangeRoundOffer: (roundId: string, offerId: string, ranAt: string) => ({
    pk: `XROUND#${roundId}`,
    sk: `OFFER#${offerId}`,
    gsi1pk: `XOFFERROUNDS#${offerId}`,
    gsi1sk: `${ranAt}#${roundId}`,
  }),
  exchangeRoundsOfOffer: (offerId: string) => `XOFFERROUNDS#${offerId}`,
  /** Held while a round runs (one at a time); it carries the run's progress. */
  exchangeRoundLock: () => ({ pk: "XROUNDS", sk: "RUNNING" }),

  // Payments and the ledger
  /** The Checkout Session opened for an enrolment (one open at a time). */
  checkout: (enrolmentId: string) => ({ pk: `CHECKOUT#${enrolmentId}`, sk: "META" }),
  payment: (paymentIntentId: string) => ({ pk: `PAYMENT#${paymentIntentId}`, sk: "META" }),
  /** Marker that a Stripe event was processed; written in the same transaction as its effect. */
  stripeEvent: (eventId: string) => ({ pk: `STRIPE_EVENT#${eventId}`, sk: "META" }),
  /** Marker that a refund's reversal was posted (by the API call or by its webhook, whichever is first). */
  refundApplied: (refundId: string) => ({ pk: `REFUND#${refundId}`, sk: "META" }),
  posting: (postingId: string) => ({ pk: `POSTING#${postingId}`, sk: "META" }),
  ledgerLine: (account: string, currency: string, sortKey: string) => ({
    pk: `ACCOUNT#${account}#${currency}`,
    sk: sortKey,
  }),
  ledgerAccountPartition: (account: string, currency: string) => `ACCOUNT#${account}#${currency}`,
  /** gsi1: the lines of one offering (a cohort's or a route's ledger). */
  offeringLedgerLine: (kind: OfferingKind, offeringId: string, sortKey: string) => ({
    gsi1pk: `LEDGER#${prefix(kind)}#${offeringId}`,
    gsi1sk: sortKey,
  }),
  offeringLedgerPartition: (kind: OfferingKind, offeringId: string) => `LEDGER#${prefix(kind)}#${offeringId}`,
  /** gsi2: the lines of every offering of one institution. */
  institutionLedgerLine: (institutionId: string, sortKey: string) => ({
    gsi2pk: `LEDGER#INST#${institutionId}`,
    gsi2sk: sortKey,
  }),
  institutionLedgerPartition: (institutionId: string) => `LEDGER#INST#${institutionId}`,
  /** gsi1: a person's payments, for receipts. */
  paymentOfPerson: (personId: string, createdAt: string) => ({
    gsi1pk: `PERSON#${personId}`,
    gsi1sk: `PAY#${createdAt}`,
  }),
  paymentOfPersonPrefix: () => "PAY#",

  // Payouts (decision 0018)
  /** One party's running balance in one currency (owed, paid, due, available), kept by postingWrites. */
  partyBalance: (party: string, currency: string) => ({ pk: `BALANCE#${party}`, sk: `CUR#${currency}` }),
  /** gsi1: every party's balance in one currency, for a payout run. */
  partyBalanceListing: (party: string, currency: string) => ({ gsi1pk: `BALANCES#${currency}`, gsi1sk: party }),
  partyBalancesPartition: (currency: string) => `BALANCES#${currency}`,
  payout: (payoutId: string) => ({ pk: `PAYOUT#${payoutId}`, sk: "META" }),
  /** An Idempotency-Key of POST /api/payouts: the payout it made (or is making). */
  payoutKey: (key: string) => ({ pk: `PAYOUT_KEY#${key}`, sk: "META" }),
  /** gsi1: every paid payout, newest last; gsi2: one party's. */
  payoutListing: (createdAt: string, payoutId: string) => ({ gsi1pk: "PAYOUTS", gsi1sk: `${createdAt}#${payoutId}` }),
  payoutsPartition: () => "PAYOUTS",
  payoutOfParty: (party: string, createdAt: string, payoutId: string) => ({
    gsi2pk: `PAYOUTS#${party}`,
    gsi2sk: `${createdAt}#${payoutId}`,
  }),
  partyPayoutsPartition: (party: string) => `PAYOUTS#${party}`,
  payoutRun: (runId: string) => ({ pk: `PAYOUT_RUN#${runId}`, sk: "META" }),
  /** A host's Stripe connected account (written by payouts, beside the host's own item). */
  hostConnect: (hostId: string) => ({ pk: `HOST#${hostId}`, sk: "CONNECT" }),

  // The audit trail (append-only; no TTL). Sort keys are `<at>#<id>` so every read is a time range.
  /** One partition per calendar month (UTC) for the platform admin's view. */
  auditEntry: (at: string, id: string) => ({ pk: `AUDIT#${at.slice(0, 7)}`, sk: `${at}#${id}` }),
  auditMonthPartition: (month: string) => `AUDIT#${month}`,
  /** gsi1: one institution's entries, for its admins. */
  auditOfInstitution: (institutionId: string, at: string, id: string) => ({
    gsi1pk: `AUDIT#INST#${institutionId}`,
    gsi1sk: `${at}#${id}`,
  }),
  auditInstitutionPartition: (institutionId: string) => `AUDIT#INST#${institutionId}`,
  /** gsi2: one actor's entries (a person's id, or `system`). */
  auditOfActor: (actorId: string, at: string, id: string) => ({
    gsi2pk: `AUDIT#ACTOR#${actorId}`,
    gsi2sk: `${at}#${id}`,
  }),
  auditActorPartition: (actorId: string) => `AUDIT#ACTOR#${actorId}`,

  // Portal: announcements (docs/decisions/0021-announcements-calendar-directory.md)
  announcement: (id: string) => ({ pk: `ANN#${id}`, sk: "META" }),
  /**
   * gsi1: every announcement by its last day (end date, else start date). Those ending today or
   * later are the current list (ascending); the rest are the archive (descending). Never deleted.
   */
  announcementListing: (lastDay: string, id: string) => ({ gsi1pk: "ANNS", gsi1sk: `${lastDay}#${id}` }),
  announcementsPartition: () => "ANNS",
  // Portal: demand board, observatory (docs/decisions/0022-demand-observatory-report.md)
  /** One per person per topic × language: a repeat finds it and is not counted again. */
  demandRequest: (topic: string, language: string, personId: string) => ({
    pk: `DEMAND#${topic}#${language}`,
    sk: `REQ#${personId}`,
  }),
  /** The counter of one topic × language (atomic ADD); gsi1: every counter, for the board. */
  demandCounter: (topic: string, language: string) => ({ pk: `DEMAND#${topic}#${language}`, sk: "COUNT" }),
  demandCounterListing: (topic: string, language: string) => ({ gsi1pk: "DEMANDS", gsi1sk: `${topic}#${language}` }),
  demandCountersPartition: () => "DEMANDS",
  /** An institution's demand alert (threshold, topics); gsi1: every alert, read when demand grows. */
  demandAlert: (institutionId: string) => ({ pk: `INST#${institutionId}`, sk: "DEMAND_ALERT" }),
  demandAlertListing: (institutionId: string) => ({ gsi1pk: "DEMAND_ALERTS", gsi1sk: institutionId }),
  demandAlertsPartition: () => "DEMAND_ALERTS",
  /** The threshold level an institution was last told about for one topic × language (conditional write). */
  demandNotified: (institutionId: string, topic: string, language: string) => ({
    pk: `INST#${institutionId}`,
    sk: `DEMAND_NOTIFIED#${topic}#${language}`,
  }),
  /** The observatory's latest figures (one item, recomputed when stale). */
  observatorySnapshot: () => ({ pk: "OBSERVATORY", sk: "SNAPSHOT" }),
  // Alerts and digests (decision 0023)
  /** One per person: what they want to hear about and how often; it also carries the period marker. */
  subscription: (personId: string) => ({ pk: `PERSON#${personId}`, sk: "SUBSCRIPTION" }),
  /**
   * gsi1 (sparse: absent when `off`): the subscribers of a frequency by the last period they were
   * handled in (`0` never), so `gsi1sk < <current period>` reads only those still due.
   */
  subscriptionDue: (frequency: string, lastPeriod: string, personId: string) => ({
    gsi1pk: `DIGESTS#${frequency}`,
    gsi1sk: `${lastPeriod}#${personId}`,
  }),
  subscribersPartition: (frequency: string) => `DIGESTS#${frequency}`,
  /** gsi2 on a cohort's offering item: every cohort by creation, for the digests' new cohorts. */
  cohortCreated: (createdAt: string, cohortId: string) => ({ gsi2pk: "COHORTS", gsi2sk: `${createdAt}#${cohortId}` }),
  cohortsCreatedPartition: () => "COHORTS",
} as const;
