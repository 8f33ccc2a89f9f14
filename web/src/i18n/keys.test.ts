/**
 * EN, ES and FR must be complete: every key in all three, no empty string, and the
 * same {{variables}} in each translation (a missing one would print nothing).
 */
import { describe, expect, it } from "vitest";
import en from "./en.json";
import es from "./es.json";
import fr from "./fr.json";
import xen from "./extra-exchange-admin.en.json";
import xes from "./extra-exchange-admin.es.json";
import xfr from "./extra-exchange-admin.fr.json";
import { CONTENT_LANGUAGES } from "./languages";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const variables = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

/** Each language with its extra bundles (fetched with the code that reads them, i18n.ts). */
const extras = { en: [xen], es: [xes], fr: [xfr] };
const languages = {
  en: flatten(Object.assign({}, en, ...extras.en)),
  es: flatten(Object.assign({}, es, ...extras.es)),
  fr: flatten(Object.assign({}, fr, ...extras.fr)),
};
const allKeys = [...new Set(Object.values(languages).flatMap((m) => [...m.keys()]))].sort();

describe("translations", () => {
  it.each(Object.entries(languages))("%s has every key, none empty", (_lang, strings) => {
    expect(allKeys.filter((k) => !strings.has(k))).toEqual([]);
    expect([...strings].filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
  });

  it("uses the same interpolation variables in every language", () => {
    const mismatches = allKeys.flatMap((key) => {
      const expected = variables(languages.en.get(key) ?? "");
      return (["es", "fr"] as const)
        .filter((l) => JSON.stringify(variables(languages[l].get(key) ?? "")) !== JSON.stringify(expected))
        .map((l) => `${l}:${key}`);
    });
    expect(mismatches).toEqual([]);
  });

  it("names every content language (Quechua and Aymara with their own names) and can say which one a page shows", () => {
    for (const strings of Object.values(languages)) {
      expect(
        CONTENT_LANGUAGES.filter((l) => !strings.has(`language.${l}`) || !strings.has(`text.shownIn.${l}`)),
      ).toEqual([]);
      expect(strings.get("language.qu")).toContain("Runasimi");
      expect(strings.get("language.ay")).toContain("Aymar aru");
    }
    expect(languages.en.get("text.shownIn.qu")).toContain("Shown in Quechua");
  });

  it("keeps an extra bundle's sections out of the main one (merging would hide one or the other)", () => {
    for (const [main, more] of [
      [en, extras.en],
      [es, extras.es],
      [fr, extras.fr],
    ] as const)
      for (const extra of more) expect(Object.keys(extra).filter((k) => k in main)).toEqual([]);
  });

  it("has text to check", () => {
    expect(allKeys.length).toBeGreaterThan(50);
    expect(variables(languages.es.get("signin.sent")!)).toEqual(["email"]);
  });
});
