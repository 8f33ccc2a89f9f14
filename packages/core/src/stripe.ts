/**
 * The one Stripe client, created lazily with its API version pinned. Pointed at
 * the local Stripe-compatible server by STRIPE_API_URL (development and tests),
 * at Stripe itself otherwise — nothing else in the code changes.
 */
import Stripe from "stripe";
import { config } from "./config";
import { Unavailable } from "./errors";

export const STRIPE_API_VERSION = "2026-10-28.endive" as const;

let cached: { key: string; client: Stripe } | undefined;

export function stripe(): Stripe {
  const s = config().stripe;
  if (!s.secretKey) throw new Unavailable("Payments are not configured (STRIPE_SECRET_KEY).");
  const key = `${s.secretKey}|${s.apiUrl ?? ""}`;
  if (!cached || cached.key !== key) {
    const local = s.apiUrl ? new URL(s.apiUrl) : undefined;
    cached = {
      key,
      client: new Stripe(s.secretKey, {
        apiVersion: STRIPE_API_VERSION,
        maxNetworkRetries: 2,
        timeout: 15_000,
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
