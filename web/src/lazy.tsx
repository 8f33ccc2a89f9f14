/**
 * Route-level code splitting without preact/compat: a page's chunk is fetched on
 * first use (or preloaded by main.tsx) and kept; a failed fetch on a poor link
 * can be retried without reloading the app.
 */
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useT } from "./i18n/i18n";

/** What every page receives: the ":name" segments of its route pattern. */
export type PageProps = { params: Record<string, string> };
export type LazyPage = { preload: () => Promise<unknown>; Page: ComponentType<PageProps> };

export function lazyPage(load: () => Promise<{ default: ComponentType<PageProps> }>): LazyPage {
  let loaded: ComponentType<PageProps> | undefined;
  let pending: Promise<ComponentType<PageProps>> | undefined;
  const preload = () =>
    (pending ??= load().then(
      (m) => (loaded = m.default),
      (err) => {
        pending = undefined;
        throw err;
      },
    ));

  function Page(props: PageProps) {
    const { t } = useT();
    const [, loadedNow] = useState(0);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (!loaded && !failed)
        preload().then(
          () => loadedNow((n) => n + 1),
          () => setFailed(true),
        );
    }, [failed]);
    if (loaded) {
      const Loaded = loaded;
      return <Loaded {...props} />;
    }
    if (failed) {
      return (
        <div role="alert">
          <p>{t("common.loadFailed")}</p>
          <button type="button" onClick={() => setFailed(false)}>
            {t("common.retry")}
          </button>
        </div>
      );
    }
    return (
      <p role="status" class="muted">
        {t("common.loading")}
      </p>
    );
  }
  return { preload, Page };
}
