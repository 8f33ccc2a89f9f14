/**
 * Countries for the profile: the five the programme mostly serves first, then every
 * ISO 3166-1 country, named and sorted in the reader's language by Intl (no name
 * tables shipped). The server checks the code; this list only helps choose one.
 */
import type { Lang } from "../i18n/languages";

export const COMMON_COUNTRIES = ["CA", "PE", "BO", "EC", "CO"];

// The 249 assigned ISO 3166-1 alpha-2 codes, two letters each.
const ISO_3166 =
  "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

export const ALL_COUNTRIES: string[] = ISO_3166.match(/../g) ?? [];

export type Country = { code: string; name: string };

export function countryOptions(lang: Lang): { common: Country[]; others: Country[] } {
  const names = new Intl.DisplayNames([lang], { type: "region" });
  const named = (code: string): Country => ({ code, name: names.of(code) ?? code });
  const collator = new Intl.Collator(lang);
  return {
    common: COMMON_COUNTRIES.map(named),
    others: ALL_COUNTRIES.filter((c) => !COMMON_COUNTRIES.includes(c))
      .map(named)
      .sort((a, b) => collator.compare(a.name, b.name)),
  };
}
