/**
 * The parts every public list page has (courses, routes): a topic filter, and a results section
 * that says it is loading or empty, offers a retry on failure and a "more" button while a next page
 * exists. The list itself is the page's own.
 */
import type { ComponentChildren } from "preact";
import type { Failed } from "../api/load";
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
