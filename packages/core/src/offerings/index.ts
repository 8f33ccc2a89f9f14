/** Offerings: everything sold through the one enrolment, checkout and ledger machinery. */
export * from "./descriptor";
export { register, describe, isKind, byIdCode, all as kinds } from "./registry";
export { get, getMany, create, itemTitle } from "./store";
export { priceFor, validatePrices, PRICING_GROUPS, type ChargedPrice } from "./prices";
