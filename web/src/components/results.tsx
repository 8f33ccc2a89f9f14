/**
 * The parts every public list page has (courses, routes, exchange offers): a topic filter, the
 * pages of results as the filters in the URL ask (usePages), and a results section
 * that says it is loading or empty, offers a retry on failure and a "more" button while a next page
 * exists. The list itself is the page's own.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { type Failed, failedOf } from "../api/load";
import { useT } from "../i18n/i18n";
import type { Topic } from "../topics";
import { LoadFailure } from "./status";

export function TopicSelect(props: {
  value: string;
  topics: Topic[];
  onChange: (e: { currentTarget: { value: string } }) => void;
}) {
  const { lang, t } = useT();
  return (
    <div class="field">
      <label for="topic">{t("catalogue.topic")}</label>
      <select id="topic" name="topic" value={props.value} onChange={props.onChange}>
        <option value="">{t("catalogue.anyTopic")}</option>
        {props.topics.map((tp) => (
          <option key={tp.id} value={tp.id}>
            {tp.name[lang]}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Results(props: {
  busy: boolean;
  /** Null until the first page arrives. */
  count: number | null;
  empty: string;
  failed: Failed | null;
  retry: () => void;
  more?: () => void;
  children: ComponentChildren;
}) {
  const { t } = useT();
  return (
    <section aria-labelledby="results" aria-busy={props.busy}>
      <h2 id="results" class="visually-hidden">
        {t("catalogue.results")}
      </h2>
      <p role="status" class="muted">
        {props.count === null && props.busy ? t("common.loading") : props.count === 0 ? props.empty : ""}
      </p>
      {props.children}
      {props.failed && <LoadFailure failed={props.failed} retry={props.retry} />}
      {props.more && !props.failed && (
        <button type="button" class="secondary" disabled={props.busy} onClick={props.more}>
          {props.busy ? t("common.loading") : t("catalogue.more")}
        </button>
      )}
    </section>
  );
}

type Page<T> = { items: T[]; nextCursor?: string | null };

/**
 * A list read page by page for the filters in the URL: reloaded from the first page when `deps`
 * change (the search, the reader), more appended with `load(next)`. A page that arrives after the
 * filters changed is dropped, so a slow answer never overwrites a newer one.
 */
export function usePages<T>(fetchPage: (cursor?: string) => Promise<Page<T>>, deps: unknown[]) {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | undefined>(undefined);
  const [failed, setFailed] = useState<Failed | null>(null);
  const [busy, setBusy] = useState(false);
  const latest = useRef(0);

  async function load(cursor?: string) {
    const mine = ++latest.current;
    setBusy(true);
    setFailed(null);
    try {
      const page = await fetchPage(cursor);
      if (mine !== latest.current) return;
      setItems((before) => (cursor && before ? [...before, ...page.items] : page.items));
      setNext(page.nextCursor ?? undefined);
    } catch (err) {
      if (mine === latest.current) setFailed(failedOf(err));
    } finally {
      if (mine === latest.current) setBusy(false);
    }
  }
  useEffect(() => {
    setItems(null);
    void load();
  }, deps);
  /** Retry what failed: the next page when some are shown, else the first. */
  const retry = () => load(items?.length ? next : undefined);
  return { items, next, failed, busy, load, retry };
}
