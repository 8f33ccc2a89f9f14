// Amounts are integers in minor units, as at Stripe; this module turns them into text and computes Stripe's standard card fee.

function digits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** e.g. formatMoney(2500, "cad", "en") → "CA$25.00"; formatMoney(2500, "pen", "es") → "PEN 25,00". */
export function formatMoney(amount: number, currency: string, locale = "en"): string {
  const d = digits(currency.toUpperCase());
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() }).format(
      amount / 10 ** d,
    );
  } catch {
    return `${(amount / 10 ** d).toFixed(d)} ${currency.toUpperCase()}`;
  }
}

/** Stripe's standard pricing for domestic cards: 2.9% + 30 minor units, rounded to the nearest unit. */
export const stripeFee = (amount: number): number => Math.round(amount * 0.029) + 30;
