/**
 * Learning Routes on offer: a plain GET form (country, topic) whose answer is the URL, then
 * the published routes with their dates, countries and the reader's price, twenty at a time.
 */
import { useEffect, useState } from "preact/hooks";
import { Link, useLocation, useSearch } from "wouter-preact";
import { read } from "../api/load";
import { LocalText } from "../components/localized";
import { Results, TopicSelect, usePages } from "../components/results";
import { formatDates } from "../format";
import { useT } from "../i18n/i18n";
import { type RouteView, type TopicId, routesApi } from "../learning-routes/api";
import { countryName, routePriceText } from "../learning-routes/itinerary";
import { COMMON_COUNTRIES } from "../profile/countries";
import { useMe } from "../session";
import { useTitle } from "../title";
import { useTopics } from "../topics";

type Filters = { country: string; topic: string };
const filtersOf = (search: string): Filters => {
  const p = new URLSearchParams(search);
  return { country: p.get("country") ?? "", topic: p.get("topic") ?? "" };
};
/** The API query: empty filters left out; a topic from the URL is one of the ids, or the API says 400. */
const queryOf = (f: Filters) =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v)) as { country?: string; topic?: TopicId };

export default function Routes() {
  const i18n = useT();
  const { lang, t } = i18n;
  const [, navigate] = useLocation();
  const search = useSearch();
  const me = useMe();
  const topics = useTopics();
  const [draft, setDraft] = useState<Filters>(() => filtersOf(search));
  useTitle(t("routes.title"));

  const { items, next, failed, busy, load, retry } = usePages<RouteView>(
    (cursor) =>
      routesApi.routes.$get({ query: { ...queryOf(filtersOf(search)), ...(cursor ? { cursor } : {}) } }).then(read),
    [search, me?.id],
  );
  useEffect(() => setDraft(filtersOf(search)), [search]);

  function submit(e: Event) {
    e.preventDefault();
    const qs = new URLSearchParams(queryOf(draft)).toString();
    navigate(`/${lang}/routes${qs ? `?${qs}` : ""}`);
  }
  const set = (key: keyof Filters) => (e: { currentTarget: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.currentTarget.value }));
  const topicName = (id: string) => topics.find((tp) => tp.id === id)?.name[lang] ?? id;
  const countries = [...new Set([...COMMON_COUNTRIES, ...(items ?? []).flatMap((r) => r.countries)])];

  return (
    <>
      <h1>{t("routes.title")}</h1>
      <p class="lead">{t("routes.intro")}</p>
      <form class="filters" method="get" action={`/${lang}/routes`} onSubmit={submit} role="search">
        <div class="field">
          <label for="country">{t("routes.country")}</label>
          <select id="country" name="country" value={draft.country} onChange={set("country")}>
            <option value="">{t("routes.anyCountry")}</option>
            {countries.map((c) => (
              <option key={c} value={c}>
                {countryName(lang, c)}
              </option>
            ))}
          </select>
        </div>
        <TopicSelect value={draft.topic} topics={topics} onChange={set("topic")} />
        <p class="actions">
          <button type="submit">{t("catalogue.search")}</button>
        </p>
      </form>
      <Results
        busy={busy}
        count={items ? items.length : null}
        empty={t("routes.none")}
        failed={failed}
        retry={retry}
        more={next ? () => load(next) : undefined}
      >
        {items && items.length > 0 && (
          <ul class="courses">
            {items.map((r) => (
              <li key={r.id}>
                <h3>
                  <Link href={`/${lang}/routes/${r.id}`}>
                    <LocalText text={r.title} mark />
                  </Link>
                </h3>
                {r.summary && (
                  <p class="summary">
                    <LocalText text={r.summary} />
                  </p>
                )}
                <p class="meta">
                  {formatDates(lang, r.startDate, r.endDate)} ·{" "}
                  {r.countries.map((c) => countryName(lang, c)).join(", ")}
                </p>
                <p class="meta">
                  <span class="price">{routePriceText(i18n, r)}</span>
                  {r.topics.length > 0 && ` · ${r.topics.map(topicName).join(" · ")}`}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Results>
    </>
  );
}
