/**
 * Side and pricing group from a participant's country and organisation type.
 * The lists and their reasons are in docs/decisions/0003-pricing-groups-by-country.md.
 * The client never sends a price or a group: the server derives both here.
 */

/** Canada and other high-income countries (World Bank high-income list, FY2026, abridged to those likely here). */
const NORTH = new Set([
  "CA",
  "US",
  "GB",
  "IE",
  "FR",
  "DE",
  "ES",
  "PT",
  "IT",
  "NL",
  "BE",
  "LU",
  "CH",
  "AT",
  "DK",
  "SE",
  "NO",
  "FI",
  "IS",
  "AU",
  "NZ",
  "JP",
  "KR",
  "SG",
  "IL",
  "CZ",
  "SI",
  "EE",
  "LV",
  "LT",
  "PL",
  "HR",
  "SK",
  "GR",
  "CY",
  "MT",
  "HU",
  "UY",
  "CL",
  "PA",
]);

/** Latin America and the Caribbean, where the reduced price applies unless a community price does. */
const LATIN_AMERICA = new Set([
  "AR",
  "BO",
  "BR",
  "CO",
  "CR",
  "CU",
  "DO",
  "EC",
  "GT",
  "HN",
  "HT",
  "JM",
  "MX",
  "NI",
  "PE",
  "PY",
  "SV",
  "VE",
  "BZ",
  "GY",
  "SR",
  "TT",
  "UY",
  "CL",
  "PA",
]);

/** Organisation types whose members pay the community price wherever they live in the South. */
export const COMMUNITY_ORGANISATION_TYPES = ["rural_organisation", "community_organisation", "local_talent"] as const;
export const ORGANISATION_TYPES = [
  "university",
  "ngo",
  "government",
  "business",
  "business_association",
  ...COMMUNITY_ORGANISATION_TYPES,
  "other",
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export type Side = "north" | "south";
export type PricingGroup = "standard" | "reduced" | "community";

export function isCountryCode(code: string): boolean {
  return (
    /^[A-Z]{2}$/.test(code) &&
    new Intl.DisplayNames(["en"], { type: "region", fallback: "none" }).of(code) !== undefined
  );
}

/**
 * Canada and high-income countries are the North; every other country is the South.
 * Chile, Uruguay and Panama are high-income and Latin American: they are North for
 * pricing (standard) but listed in LATIN_AMERICA for the directory.
 */
export function sideOf(country: string | undefined): Side | null {
  if (!country) return null;
  return NORTH.has(country) ? "north" : "south";
}

export function pricingGroupOf(country: string | undefined, organisationType: string | undefined): PricingGroup {
  // Without a country we cannot justify a discount: the standard price applies.
  if (!country || NORTH.has(country)) return "standard";
  if (organisationType && (COMMUNITY_ORGANISATION_TYPES as readonly string[]).includes(organisationType))
    return "community";
  return "reduced";
}

export const isLatinAmerican = (country: string) => LATIN_AMERICA.has(country);
