/** Alerts: subscriptions by topic and country, the scheduled digest, one-click unsubscribe (decision 0023). */
export * from "./subscriptions";
export * from "./digest";
export * from "./sources";
export { renderDigest, unsubscribePage, MAX_ITEMS } from "./render";
export { unsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from "./token";
