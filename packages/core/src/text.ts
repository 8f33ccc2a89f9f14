/** Text held in several languages on one record, and how a reader's language is chosen. */
export const LOCALES = ["en", "es", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export type Localized = Partial<Record<Locale, string>>;

/** The text in the wanted language, else the first language the record has. */
export function pick(text: Localized, locale: Locale): string {
  return text[locale] ?? LOCALES.map((l) => text[l]).find((t) => t !== undefined) ?? "";
}

export function languagesOf(text: Localized): Locale[] {
  return LOCALES.filter((l) => text[l] !== undefined && text[l] !== "");
}

/** A person's language for e-mails: the first of their languages we write in, else English. */
export function localeOf(languages: readonly string[] | undefined): Locale {
  return (languages ?? []).find((l): l is Locale => (LOCALES as readonly string[]).includes(l)) ?? "en";
}
