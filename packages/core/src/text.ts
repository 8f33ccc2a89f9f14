/**
 * Text held in several languages on one record, and how a reader's language is chosen.
 *
 * Two lists, kept apart on purpose (the seeds' field programmes lost Quechua speakers with
 * Spanish-only documents): the UI speaks EN/ES/FR (`LOCALES`: pages, e-mails, receipts,
 * certificates), while a record may hold its text in any content language, Quechua (`qu`)
 * and Aymara (`ay`) included, and a course may be given in one of them.
 */
export const LOCALES = ["en", "es", "fr"] as const;
/** A language the UI, e-mails and documents are written in. */
export type Locale = (typeof LOCALES)[number];
export const CONTENT_LANGUAGES = ["en", "es", "fr", "qu", "ay"] as const;
/** A language a record's own text may be written in (and a course given in). */
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];
export type Localized = Partial<Record<ContentLanguage, string>>;

export const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);
export const isContentLanguage = (value: unknown): value is ContentLanguage =>
  (CONTENT_LANGUAGES as readonly unknown[]).includes(value);

const present = (text: Localized, l: ContentLanguage | undefined): l is ContentLanguage =>
  l !== undefined && Boolean(text[l]);

/**
 * The text in the reader's language, else in the record's own language (a course's
 * `language`, when known), else in the first language it has; `language` says which was
 * shown and `fallback` that it is not the reader's, so a page can say so.
 */
export function pickWithLanguage(
  text: Localized,
  locale: Locale,
  own?: ContentLanguage,
): { text: string; language: ContentLanguage; fallback: boolean } {
  if (present(text, locale)) return { text: text[locale]!, language: locale, fallback: false };
  const language = [own, ...CONTENT_LANGUAGES].find((l) => present(text, l));
  return language
    ? { text: text[language]!, language, fallback: true }
    : { text: "", language: locale, fallback: true };
}

/** The text in the reader's language, else the record's own language, else the first it has. */
export function pick(text: Localized, locale: Locale, own?: ContentLanguage): string {
  return pickWithLanguage(text, locale, own).text;
}

export function languagesOf(text: Localized): ContentLanguage[] {
  return CONTENT_LANGUAGES.filter((l) => present(text, l));
}

/** A person's language for e-mails: the first of their languages we write in, else English. */
export function localeOf(languages: readonly string[] | undefined): Locale {
  return (languages ?? []).find(isLocale) ?? "en";
}
