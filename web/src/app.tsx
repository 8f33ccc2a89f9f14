/**
 * The shell: the language comes from the URL prefix (a URL without one is
 * redirected to the chosen language), a header with the language switcher,
 * and the page for the rest of the path.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { Redirect, useLocation, useSearch } from "wouter-preact";
import { Header } from "./components/header";
import { NotFound } from "./components/not-found";
import { type I18n, I18nContext, activate } from "./i18n/i18n";
import { type Lang, splitPath } from "./i18n/languages";
import { matchRoute } from "./routes";

/** Keeps the strings in step with the URL's language; shows the old ones until the new arrive. */
function useLanguage(initial: I18n, wanted: Lang | null): I18n {
  const [current, setCurrent] = useState(initial);
  const latest = useRef(wanted);
  latest.current = wanted;
  useEffect(() => {
    if (!wanted || wanted === current.lang) return;
    activate(wanted).then(
      (next) => latest.current === next.lang && setCurrent(next),
      () => undefined, // offline: keep the current language; the next navigation tries again
    );
  }, [wanted]);
  return current;
}

/** After a client-side navigation, move focus to the new content (as a page load would). */
function useFocusOnNavigate(path: string) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById("main")?.focus();
  }, [path]);
}

export function App({ initial }: { initial: I18n }) {
  const [path] = useLocation();
  const search = useSearch();
  const { lang, rest } = splitPath(path);
  const i18n = useLanguage(initial, lang);
  useFocusOnNavigate(path);

  if (!lang) return <Redirect to={`/${i18n.lang}${rest}${search ? `?${search}` : ""}`} replace />;
  const match = matchRoute(rest);
  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip" href="#main">
        {i18n.t("nav.skip")}
      </a>
      <Header rest={rest} />
      <main id="main" tabIndex={-1}>
        {match ? <match.page.Page key={rest} params={match.params} /> : <NotFound />}
      </main>
    </I18nContext.Provider>
  );
}
