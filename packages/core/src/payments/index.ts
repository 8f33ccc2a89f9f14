/**
 * Online cost recovery with Stripe Checkout, for every offering kind: checkout, the webhook
 * effects, refunds, and the payment record. One file per verb; see each for its invariants.
 */
export { checkout } from "./checkout";
export { verifyEvent, processEvent, type EventOutcome } from "./webhooks";
export { applyRefund, refund } from "./refunds";
export { type PaymentRecord, getPayment, paymentOfEnrolment, listMine } from "./record";
