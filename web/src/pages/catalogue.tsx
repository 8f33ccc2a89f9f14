/**
 * The public catalogue: a plain GET form (topic, delivery language, words) whose
 * answer is the URL itself, so a filtered list can be shared or bookmarked; then
 * the matching published courses, newest first, twenty at a time.
 */
import { useEffect, useState } from "preact/hooks";
import { Link, useLocation, useSearch } from "wouter-preact";
import { api } from "../api/client";
import { read } from "../api/load";
import { LocalText, ShownIn } from "../components/localized";
import { Results, TopicSelect, usePages } from "../components/results";
import type { CourseSummary } from "../courses/types";
import { pick } from "../format";
import { useT } from "../i18n/i18n";
import { CONTENT_LANGUAGES } from "../i18n/languages";
import { useTopics } from "../topics";
import { useTitle } from "../title";

const FILTERS = ["topic", "language", "q"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

const filtersOf = (search: string): Filters => {
  const p = new URLSearchParams(search);
  return { topic: p.get("topic") ?? "", language: p.get("language") ?? "", q: (p.get("q") ?? "").slice(0, 100) };
};
/** Only the filters that are set: an empty topic means "any", not a topic called "". */
const queryOf = (f: Filters) => Object.fromEntries(FILTERS.filter((k) => f[k].trim()).map((k) => [k, f[k].trim()]));

export default function Catalogue() {
  const { lang, t } = useT();
  const [, navigate] = useLocation();
  const search = useSearch();
  const topics = useTopics();
  const [draft, setDraft] = useState<Filters>(() => filtersOf(search));
  useTitle(t("catalogue.title"));

  const { items, next, failed, busy, load, retry } = usePages<CourseSummary>(
    (cursor) =>
      api.courses.$get({ query: { ...queryOf(filtersOf(search)), ...(cursor ? { cursor } : {}) } }).then(read),
    [search],
  );
  useEffect(() => setDraft(filtersOf(search)), [search]);

  function submit(e: Event) {
    e.preventDefault();
    const qs = new URLSearchParams(queryOf(draft)).toString();
    navigate(`/${lang}/courses${qs ? `?${qs}` : ""}`);
  }
  const set = (key: keyof Filters) => (e: { currentTarget: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.currentTarget.value }));
  const topicName = (id: string) => topics.find((tp) => tp.id === id)?.name[lang] ?? id;
  const filtered = Object.keys(queryOf(filtersOf(search))).length > 0;

  return (
    <>
      <h1>{t("catalogue.title")}</h1>
      <p>{t("catalogue.intro")}</p>
      <form class="filters" method="get" action={`/${lang}/courses`} onSubmit={submit} role="search">
        <div class="field">
          <label for="q">{t("catalogue.words")}</label>
          <input id="q" name="q" type="search" maxLength={100} value={draft.q} onInput={set("q")} />
        </div>
        <TopicSelect value={draft.topic} topics={topics} onChange={set("topic")} />
        <div class="field">
          <label for="language">{t("catalogue.language")}</label>
          <select id="language" name="language" value={draft.language} onChange={set("language")}>
            <option value="">{t("catalogue.anyLanguage")}</option>
            {CONTENT_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <p class="actions">
          <button type="submit">{t("catalogue.search")}</button>
          {filtered && <Link href={`/${lang}/courses`}>{t("catalogue.clear")}</Link>}
        </p>
      </form>

      <Results
        busy={busy}
        count={items ? items.length : null}
        empty={t(filtered ? "catalogue.noMatch" : "catalogue.none")}
        failed={failed}
        retry={retry}
        more={next ? () => load(next) : undefined}
      >
        {items && items.length > 0 && (
          <ul class="courses">
            {items.map((c) => (
              <li key={c.id}>
                <h3>
                  <Link href={`/${lang}/courses/${c.id}`}>
                    <LocalText text={c.title} own={c.language} />
                  </Link>
                </h3>
                {pick(c.title, lang, c.language).fallback && (
                  <p class="meta">
                    <ShownIn text={c.title} own={c.language} />
                  </p>
                )}
                <p class="summary">
                  <LocalText text={c.summary} own={c.language} />
                </p>
                <p class="meta">
                  {t("course.taughtIn", { language: t(`language.${c.language}`) })} ·{" "}
                  {t("course.lessons", { count: c.lessonCount })}
                </p>
                <p class="meta">{c.topics.map(topicName).join(" · ")}</p>
              </li>
            ))}
          </ul>
        )}
      </Results>
    </>
  );
}
