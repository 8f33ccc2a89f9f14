// Ids shaped like Stripe's (prefix + random base62) so code that checks prefixes behaves as it would against Stripe.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function random(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return out;
}

export const newId = {
  checkoutSession: () => `cs_test_${random(58)}`,
  paymentIntent: () => `pi_${random(24)}`,
  charge: () => `ch_${random(24)}`,
  balanceTransaction: () => `txn_${random(24)}`,
  paymentMethod: () => `pm_${random(24)}`,
  event: () => `evt_${random(24)}`,
  refund: () => `re_${random(24)}`,
  transfer: () => `tr_${random(24)}`,
  transferReversal: () => `trr_${random(24)}`,
  destinationPayment: () => `py_${random(24)}`,
  destinationPaymentRefund: () => `pyr_${random(24)}`,
  account: () => `acct_${random(16)}`,
  request: () => `req_${random(14)}`,
  secret: () => random(24),
  linkToken: () => random(32),
};

/** Unix seconds, as every Stripe timestamp is. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
