/**
 * Dates, money and text held in several languages, written for the reader:
 * the page's language, in the reader's own region when the browser names one
 * (es → es-PE for a browser set to Peruvian Spanish).
 */
import type { ContentLang, Lang } from "./i18n/languages";
import { CONTENT_LANGUAGES } from "./i18n/languages";

export const locale = (lang: Lang) => globalThis.navigator?.languages?.find((l) => l.split("-")[0] === lang) ?? lang;

const day = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);
const dateFormat = (lang: Lang) =>
  new Intl.DateTimeFormat(locale(lang), { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** "2027-03-01" → "1 mar 2027" (a calendar day: no time zone shift). */
export const formatDate = (lang: Lang, iso: string) => dateFormat(lang).format(day(iso));

/** "1–14 mar 2027". */
export const formatDates = (lang: Lang, start: string, end: string) =>
  dateFormat(lang).formatRange(day(start), day(end));

/** A moment (ISO timestamp) as the reader's local time of day. */
export const formatTime = (lang: Lang, iso: string) =>
  new Intl.DateTimeFormat(locale(lang), { timeStyle: "short" }).format(new Date(iso));

/** Minor units (cents, céntimos) of a currency → "S/ 45.00", "45,00 $ CA". */
export function formatMoney(lang: Lang, price: { amount: number; currency: string }): string {
  const f = new Intl.NumberFormat(locale(lang), { style: "currency", currency: price.currency });
  return f.format(price.amount / 10 ** (f.resolvedOptions().maximumFractionDigits ?? 2));
}

/** How many minor units make one major unit (100 for CAD; 1 for JPY or CLP). */
export const minorPerMajor = (currency: string) =>
  10 ** (new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2);

/** A file's size for people: "820 kB", "1,4 MB". */
export function formatSize(lang: Lang, bytes: number): string {
  const [value, unit] =
    bytes >= 1_000_000 ? [bytes / 1_000_000, "megabyte"] : [Math.max(1, Math.round(bytes / 1000)), "kilobyte"];
  return new Intl.NumberFormat(locale(lang), { style: "unit", unit, maximumFractionDigits: 1 }).format(value);
}

export type Localized = Partial<Record<ContentLang, string>>;

/**
 * The text in the reader's language, else in the record's own language (`own`: a course's
 * `language`), else the first language it has; `lang` says which was used, `fallback` that
 * it is not the reader's (the page then says which language it shows).
 */
export function pick(
  text: Localized,
  lang: Lang,
  own?: ContentLang,
): { text: string; lang: ContentLang; fallback: boolean } {
  if (text[lang]) return { text: text[lang], lang, fallback: false };
  const other = [own, ...CONTENT_LANGUAGES].find((l) => l && text[l]) ?? lang;
  return { text: text[other] ?? "", lang: other, fallback: true };
}

export const languagesOf = (text: Localized): ContentLang[] => CONTENT_LANGUAGES.filter((l) => text[l]);

/** Today's date as the API counts it (UTC). */
export const today = () => new Date().toISOString().slice(0, 10);
