/**
 * Signed unsubscribe links: `v1.<personId>.<HMAC-SHA256(secret, "unsubscribe:v1:<personId>")>`.
 * They do not expire (an old digest's link must still work, RFC 8058) and can do one thing only:
 * turn that person's digests off. The secret is config().unsubscribeSecret (decision 0023).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "../config";
import { Invalid } from "../errors";

const SHAPE = /^v1\.([0-9A-HJKMNP-TV-Z]{26})\.([A-Za-z0-9_-]{43})$/;

const signature = (personId: string) =>
  createHmac("sha256", config().unsubscribeSecret).update(`unsubscribe:v1:${personId}`).digest();

export const unsubscribeToken = (personId: string) => `v1.${personId}.${signature(personId).toString("base64url")}`;

/** The person a token names; a malformed or forged token is a 400 naming `token`. */
export function verifyUnsubscribeToken(token: string): string {
  const m = SHAPE.exec(token);
  const given = m ? Buffer.from(m[2], "base64url") : undefined;
  if (!m || !given || given.length !== 32 || !timingSafeEqual(given, signature(m[1])))
    throw Invalid.field("token", "This unsubscribe link is not valid; open the one in your latest e-mail.");
  return m[1];
}

/** The link a digest carries (and its List-Unsubscribe header names): the API's own page. */
export const unsubscribeUrl = (personId: string) =>
  `${config().appUrl}/api/unsubscribe?token=${encodeURIComponent(unsubscribeToken(personId))}`;
