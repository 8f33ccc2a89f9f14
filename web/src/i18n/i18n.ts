/**
 * i18next core plus a tiny Preact hook (no react-i18next). Only the active
 * language's strings are downloaded: each JSON is its own chunk. Strings only an
 * admin section reads live in a bundle of their own (`extraLoaders`), fetched with
 * that section's code and merged in, so public pages do not download them
 * (decision 0005: splitting strings is the saving when a page nears its budget).
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

/** Bundles of strings fetched with the code that reads them, by name (files `extra-<name>.<lang>.json`: a chunk name no page or language shares). */
const extraLoaders = {
  "exchange-admin": {
    en: () => import("./extra-exchange-admin.en.json"),
    es: () => import("./extra-exchange-admin.es.json"),
    fr: () => import("./extra-exchange-admin.fr.json"),
  },
} satisfies Record<string, Record<Lang, () => Promise<Strings>>>;
export type Extra = keyof typeof extraLoaders;
/** The extra bundles asked for so far: a language switch fetches them too. */
const extras = new Set<Extra>();

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
  await Promise.all([...extras].map((name) => addExtra(name, lang)));
  await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  return { lang, t: i18n.getFixedT(lang) };
}

const added = new Set<string>();
async function addExtra(name: Extra, lang: Lang) {
  if (added.has(`${name}:${lang}`)) return;
  const strings = (await extraLoaders[name][lang]()).default;
  i18n.addResourceBundle(lang, "translation", strings, true, false);
  added.add(`${name}:${lang}`);
}

/** Fetches an extra bundle in the current language (and, from then on, in any language switched to). */
export function withStrings<T>(name: Extra, load: Promise<T>): Promise<T> {
  extras.add(name);
  return Promise.all([load, addExtra(name, i18n.language as Lang)]).then(([m]) => m);
}

export const I18nContext = createContext<I18n>(null as unknown as I18n);

export const useT = () => useContext(I18nContext);
