/** Prices per pricing group; the server picks the person's group, the client never sends an amount. */
import { Invalid } from "../errors";
import type { PricingGroup } from "../people/countries";
import type { Price } from "./descriptor";

export type { Price } from "./descriptor";
export type ChargedPrice = Price;
export const PRICING_GROUPS = ["standard", "reduced", "community"] as const;

/** The price a person pays: their group's, else the standard one; null when free. */
export function priceFor(prices: Price[], group: PricingGroup): ChargedPrice | null {
  if (prices.length === 0) return null;
  const p = prices.find((x) => x.group === group) ?? prices.find((x) => x.group === "standard");
  if (!p || p.amount === 0) return null;
  return { group: p.group, amount: p.amount, currency: p.currency };
}

/** Checks a price list: integers ≥ 0 in minor units, one per group, a standard one whenever any is set. */
export function validatePrices(prices: Price[], path = "prices"): void {
  const errors: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  prices.forEach((p, i) => {
    if (seen.has(p.group))
      errors.push({ path: `${path}.${i}.group`, message: `Pricing group ${p.group} appears twice.` });
    seen.add(p.group);
    if (!Number.isInteger(p.amount) || p.amount < 0)
      errors.push({ path: `${path}.${i}.amount`, message: "Amount must be a whole number of minor units ≥ 0." });
  });
  if (prices.length && !seen.has("standard"))
    errors.push({ path, message: "A standard price is required whenever prices are set." });
  if (new Set(prices.map((p) => p.currency)).size > 1)
    errors.push({ path, message: "All prices of one offering use one currency." });
  if (errors.length) throw new Invalid("Invalid prices.", errors);
}
