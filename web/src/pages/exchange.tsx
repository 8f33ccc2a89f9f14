/**
 * Exchange offers open for applications: a plain GET form (kind, host country, topic) whose
 * answer is the URL, then the offers twenty at a time, and the way to one's own application.
 */
import { useEffect, useState } from "preact/hooks";
import { Link, useLocation, useSearch } from "wouter-preact";
import { read } from "../api/load";
import { LocalText } from "../components/localized";
import { Results, TopicSelect, usePages } from "../components/results";
import { type Offer, type OfferKind, type TopicId, KINDS, exchangeApi } from "../exchange/api";
import { deadlineText, feeText, offerLine } from "../exchange/offer";
import { useT } from "../i18n/i18n";
import { countryName } from "../learning-routes/itinerary";
import { COMMON_COUNTRIES } from "../profile/countries";
import { useMe } from "../session";
import { useTitle } from "../title";
import { useTopics } from "../topics";

type Filters = { kind: string; country: string; topic: string };
const filtersOf = (search: string): Filters => {
  const p = new URLSearchParams(search);
  return { kind: p.get("kind") ?? "", country: p.get("country") ?? "", topic: p.get("topic") ?? "" };
};
/** The API query: empty filters left out; a kind or topic from the URL is one of the ids, or the API says 400. */
const queryOf = (f: Filters) =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v)) as { kind?: OfferKind; country?: string; topic?: TopicId };

export default function Exchange() {
  const i18n = useT();
  const { lang, t } = i18n;
  const [, navigate] = useLocation();
  const search = useSearch();
  const me = useMe();
  const topics = useTopics();
  const [draft, setDraft] = useState<Filters>(() => filtersOf(search));
  useTitle(t("exchange.title"));

  const { items, next, failed, busy, load, retry } = usePages<Offer>(
    (cursor) =>
      exchangeApi.offers.$get({ query: { ...queryOf(filtersOf(search)), ...(cursor ? { cursor } : {}) } }).then(read),
    [search],
  );
  useEffect(() => setDraft(filtersOf(search)), [search]);

  function submit(e: Event) {
    e.preventDefault();
    const qs = new URLSearchParams(queryOf(draft)).toString();
    navigate(`/${lang}/exchange${qs ? `?${qs}` : ""}`);
  }
  const set = (key: keyof Filters) => (e: { currentTarget: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.currentTarget.value }));
  const topicName = (id: string) => topics.find((tp) => tp.id === id)?.name[lang] ?? id;
  const countries = [...new Set([...COMMON_COUNTRIES, ...(items ?? []).map((o) => o.country)])];

  return (
    <>
      <h1>{t("exchange.title")}</h1>
      <p class="lead">{t("exchange.intro")}</p>
      {me && (
        <p>
          <Link href={`/${lang}/exchange/application`}>{t("exchange.myApplication")}</Link>
        </p>
      )}
      <form class="filters" method="get" action={`/${lang}/exchange`} onSubmit={submit} role="search">
        <div class="field">
          <label for="kind">{t("exchange.kindLabel")}</label>
          <select id="kind" name="kind" value={draft.kind} onChange={set("kind")}>
            <option value="">{t("exchange.anyKind")}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`exchange.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="country">{t("exchange.country")}</label>
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
        empty={t("exchange.none")}
        failed={failed}
        retry={retry}
        more={next ? () => load(next) : undefined}
      >
        {items && items.length > 0 && (
          <ul class="courses offers">
            {items.map((o) => (
              <li key={o.id}>
                <h3>
                  <Link href={`/${lang}/exchange/offers/${o.id}`}>
                    <LocalText text={o.title} mark />
                  </Link>
                </h3>
                <p class="meta">{offerLine(i18n, o)}</p>
                <p class="meta">
                  {deadlineText(i18n, o)} · {t("exchange.places", { count: o.capacity })} ·{" "}
                  <span class="price">{feeText(i18n, o.prices, me?.pricingGroup)}</span>
                  {o.topics.length > 0 && ` · ${o.topics.map(topicName).join(" · ")}`}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Results>
    </>
  );
}
