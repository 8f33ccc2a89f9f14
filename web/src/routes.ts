/**
 * The route table. URLs are /:lang/<page>; each page is its own chunk, so a
 * visitor downloads only the page they open (budget: 60 kB gzip per first load).
 */
import { splitPath } from "./i18n/languages";
import { type LazyPage, lazyPage } from "./lazy";

export const routes: Record<string, LazyPage> = {
  "": lazyPage(() => import("./pages/home")),
  "/signin": lazyPage(() => import("./pages/signin")),
  "/profile": lazyPage(() => import("./pages/profile")),
};

/** Starts fetching the page for a URL, in parallel with the language strings. */
export function preloadRoute(path: string): Promise<unknown> {
  return routes[splitPath(path).rest]?.preload().catch(() => undefined) ?? Promise.resolve();
}
