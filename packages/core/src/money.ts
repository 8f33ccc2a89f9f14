import type { Locale } from "./text";

/**
 * Money is integers in minor units with an ISO 4217 currency. How many minor units make
 * a major one depends on the currency (CLP has none, most have 100): Intl knows.
 */
export const minorUnitsPer = (currency: string) =>
  10 ** (new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2);

export const toMajor = (amount: number, currency: string) => {
  const per = minorUnitsPer(currency);
  return (amount / per).toFixed(Math.round(Math.log10(per)));
};

/** An amount for people to read, in their language's conventions (en-CA, es-PE, fr-CA). */
export const formatMoney = (amount: number, currency: string, locale: Locale) =>
  new Intl.NumberFormat({ en: "en-CA", es: "es-PE", fr: "fr-CA" }[locale], { style: "currency", currency }).format(
    amount / minorUnitsPer(currency),
  );
