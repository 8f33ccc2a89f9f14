/**
 * The one Stripe client, created lazily with its API version pinned. Pointed at
 * the local Stripe-compatible server by STRIPE_API_URL (development and tests),
 * at Stripe itself otherwise — nothing else in the code changes.
 * A Stripe that stops answering fails the request after `budgets.stripeMs`, with no automatic
 * retry (a second attempt would not fit the API budget; decision 0015). Every write we make
 * carries an idempotency key, so the caller's own retry cannot charge or refund twice.
 */
import Stripe from "stripe";
import { config } from "./config";
import { Unavailable } from "./errors";

export const STRIPE_API_VERSION = "2026-10-28.endive" as const;

let cached: { key: string; client: Stripe } | undefined;

export function stripe(): Stripe {
  const s = config().stripe;
  if (!s.secretKey) throw new Unavailable("Payments are not configured (STRIPE_SECRET_KEY).");
  const timeout = config().budgets.stripeMs;
  const key = `${s.secretKey}|${s.apiUrl ?? ""}|${timeout}`;
  if (!cached || cached.key !== key) {
    const local = s.apiUrl ? new URL(s.apiUrl) : undefined;
    cached = {
      key,
      client: new Stripe(s.secretKey, {
        apiVersion: STRIPE_API_VERSION,
        maxNetworkRetries: 0,
        timeout,
        appInfo: { name: "Rutas" },
        ...(local
          ? {
              host: local.hostname,
              port: Number(local.port || 80),
              protocol: local.protocol.replace(":", "") as "http" | "https",
            }
          : {}),
      }),
    };
  }
  return cached.client;
}

export { Stripe };
