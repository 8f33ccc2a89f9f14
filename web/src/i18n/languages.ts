/**
 * Which language a visitor sees. Rule: the URL prefix (/en, /es, /fr) wins, so a
 * shared link shows what its sender saw; else the choice remembered on this device;
 * else the browser's preferred languages; else English.
 */
export const LANGUAGES = ["en", "es", "fr"] as const;
export type Lang = (typeof LANGUAGES)[number];
/**
 * The languages a record's own text may be written in (and a course given in): the UI's
 * three, Quechua and Aymara. The UI itself stays EN/ES/FR.
 */
export const CONTENT_LANGUAGES = ["en", "es", "fr", "qu", "ay"] as const;
export type ContentLang = (typeof CONTENT_LANGUAGES)[number];

const STORAGE_KEY = "rutas.lang";

export const isLang = (value: unknown): value is Lang => LANGUAGES.includes(value as Lang);

/** "/es/profile" → { lang: "es", rest: "/profile" }; "/profile" → { lang: null, rest: "/profile" }. */
export function splitPath(path: string): { lang: Lang | null; rest: string } {
  const m = /^\/([^/]+)(\/.*)?$/.exec(path);
  if (m && isLang(m[1])) return { lang: m[1], rest: (m[2] ?? "").replace(/\/+$/, "") };
  return { lang: null, rest: path.replace(/\/+$/, "") };
}

export function chooseLanguage(input: { path: string; stored: string | null; preferred: readonly string[] }): Lang {
  const fromUrl = splitPath(input.path).lang;
  if (fromUrl) return fromUrl;
  if (isLang(input.stored)) return input.stored;
  for (const tag of input.preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLang(base)) return base;
  }
  return "en";
}

function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode, strict settings): fall through to the browser's languages
  }
}

export function browserLanguage(): Lang {
  return chooseLanguage({
    path: location.pathname,
    stored: stored(),
    preferred: navigator.languages ?? [navigator.language],
  });
}

export function rememberLanguage(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered on this device; the URL prefix still carries the choice.
  }
}
