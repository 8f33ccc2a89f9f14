/** A publication as an offering kind: no seats, no dates; the buyer downloads it from its page. */
import { DEFAULT_COURSE_FEE_SHARES } from "../courses/kind";
import type { OfferingKindDescriptor } from "../offerings/descriptor";

export const publicationKind: OfferingKindDescriptor = {
  kind: "publication",
  keyPrefix: "PUB",
  idCode: "p",
  label: { en: "Document", es: "Documento", fr: "Document" },
  notFoundName: "Publication",
  hasSeats: false,
  hasDates: false,
  // Sold by the institution that wrote it, shared as its courses are.
  defaultFeeShares: DEFAULT_COURSE_FEE_SHARES,
  links: (e) => ({ page: `publications/${e.offeringId}`, open: `publications/${e.offeringId}` }),
  afterPayment: (e) => `publications/${e.offeringId}?paid=1`,
  enrolmentFields: (e) => ({ publicationId: e.offeringId }),
};
