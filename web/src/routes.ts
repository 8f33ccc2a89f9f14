/**
 * The route table. URLs are /:lang/<page>; each page is its own chunk, so a
 * visitor downloads only the page they open (budget: 60 kB gzip per first load).
 * A pattern segment ":name" matches one path segment and reaches the page as params.name.
 */
import { splitPath } from "./i18n/languages";
import { type LazyPage, lazyPage } from "./lazy";

export const routes: [pattern: string, page: LazyPage][] = [
  ["", lazyPage(() => import("./pages/home"))],
  ["/signin", lazyPage(() => import("./pages/signin"))],
  ["/profile", lazyPage(() => import("./pages/profile"))],
  ["/courses", lazyPage(() => import("./pages/catalogue"))],
  ["/courses/:id", lazyPage(() => import("./pages/course"))],
  ["/learning", lazyPage(() => import("./pages/learning"))],
  ["/learning/:enrolmentId", lazyPage(() => import("./pages/enrolment"))],
  ["/learning/:enrolmentId/:lessonId", lazyPage(() => import("./pages/lesson"))],
  ["/verify/:code", lazyPage(() => import("./pages/verify"))],
  ["/publications", lazyPage(() => import("./pages/publications"))],
  ["/publications/:id", lazyPage(() => import("./pages/publication"))],
  ["/routes", lazyPage(() => import("./pages/routes"))],
  ["/routes/:id", lazyPage(() => import("./pages/route"))],
  ["/exchange", lazyPage(() => import("./pages/exchange"))],
  ["/exchange/application", lazyPage(() => import("./pages/exchange-application"))],
  ["/exchange/offers/:id", lazyPage(() => import("./pages/exchange-offer"))],
  ["/exchange/rounds/:id", lazyPage(() => import("./pages/exchange-round"))],
  ["/hosts/:id", lazyPage(() => import("./pages/host"))],
  ["/hosts/:id/statement", lazyPage(() => import("./pages/statement"))],
  ["/admin", lazyPage(() => import("./pages/admin"))],
];

export type Match = { page: LazyPage; params: Record<string, string> };

/** "/courses/01J…" → the course page with { id: "01J…" }; null when nothing matches. */
export function matchRoute(rest: string): Match | null {
  const parts = rest.split("/");
  for (const [pattern, page] of routes) {
    const want = pattern.split("/");
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = want.every((w, i) => {
      if (!w.startsWith(":")) return w === parts[i];
      if (!parts[i]) return false;
      try {
        params[w.slice(1)] = decodeURIComponent(parts[i]);
      } catch {
        return false; // malformed %-escape: no page has such an id
      }
      return true;
    });
    if (ok) return { page, params };
  }
  return null;
}

/** Starts fetching the page for a URL, in parallel with the language strings. */
export function preloadRoute(path: string): Promise<unknown> {
  return (
    matchRoute(splitPath(path).rest)
      ?.page.preload()
      .catch(() => undefined) ?? Promise.resolve()
  );
}
