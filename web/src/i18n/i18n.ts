/**
 * i18next core plus a tiny Preact hook (no react-i18next). Only the active
 * language's strings are downloaded: each JSON is its own chunk.
 */
import i18next, { type TFunction } from "i18next";
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Lang } from "./languages";

type Strings = { default: Record<string, unknown> };
const loaders: Record<Lang, () => Promise<Strings>> = {
  en: () => import("./en.json"),
  es: () => import("./es.json"),
  fr: () => import("./fr.json"),
};

const i18n = i18next.createInstance();
void i18n.init({
  initAsync: false,
  resources: {},
  fallbackLng: false,
  interpolation: { escapeValue: false }, // Preact escapes text already
  showSupportNotice: false,
});

export type I18n = { lang: Lang; t: TFunction };

/** Downloads the language if needed, makes it current and sets <html lang>. */
export async function activate(lang: Lang): Promise<I18n> {
  if (!i18n.hasResourceBundle(lang, "translation")) {
    i18n.addResourceBundle(lang, "translation", (await loaders[lang]()).default);
  }
  await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  return { lang, t: i18n.getFixedT(lang) };
}

export const I18nContext = createContext<I18n>(null as unknown as I18n);

export const useT = () => useContext(I18nContext);
