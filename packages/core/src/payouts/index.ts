/**
 * Payouts: paying parties (hosts, institutions) what the ledger says is due to them, by Stripe
 * Connect transfer or a manual method with its reference; runs that pay every party in a
 * currency; hosts' Stripe onboarding. See decision 0018 and each file.
 */
export {
  METHODS,
  MANUAL_METHODS,
  type Method,
  type ManualMethod,
  type Money,
  type Payout,
  type PayoutInput,
  pay,
  get,
} from "./pay";
export { list, toCsv, type ListQuery } from "./list";
export { createRun, getRun, step, type Run, DEFAULT_STEP, MAX_STEP } from "./runs";
export { startOnboarding, onboardingStatus, accountUpdated, connectedAccount } from "./connect";
