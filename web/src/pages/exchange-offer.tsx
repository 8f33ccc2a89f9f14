/**
 * One exchange offer: what it is, where and when, its places, languages, deadline, the reader's fee
 * when it is priced and its preparatory course. A signed-in reader applies (their first application
 * starts on the application page, which needs a statement) or adds the offer to the end of the list
 * they already have.
 */
import { useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { failedOf, read, useLoad } from "../api/load";
import { LocalText } from "../components/localized";
import { LoadFailure, Loading, type Notice, Notices, failureNotice, signInHref } from "../components/status";
import { type Offer, applicationApi, exchangeApi, loadMine, mineNow } from "../exchange/api";
import { deadlineText, feeText, placeOf, stillOpen } from "../exchange/offer";
import { formatDates, pick, today } from "../format";
import { useT } from "../i18n/i18n";
import type { ContentLang } from "../i18n/languages";
import type { PageProps } from "../lazy";
import { useMe } from "../session";
import { useTitle } from "../title";
import { useTopics } from "../topics";

export default function ExchangeOffer({ params }: PageProps) {
  const i18n = useT();
  const { lang, t } = i18n;
  const me = useMe();
  const topics = useTopics();
  const id = params.id;
  const offer = useLoad(() => exchangeApi.offers[":id"].$get({ param: { id } }).then(read) as Promise<Offer>, [id]);
  const mine = useLoad(() => loadMine(me), [me?.id]);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const o = offer.data;
  useTitle(o ? pick(o.title, lang).text : t("exchange.title"));
  if (!o) return offer.failed ? <LoadFailure failed={offer.failed} retry={offer.reload} /> : <Loading />;

  const app = mineNow(mine.data, me);
  const choice = app ? app.ranking.indexOf(id) + 1 : 0;
  const open = stillOpen(o, today());
  const topicName = (tid: string) => topics.find((tp) => tp.id === tid)?.name[lang] ?? tid;

  async function add() {
    if (!app) return;
    setBusy(true);
    setNotice(null);
    try {
      const saved = await applicationApi
        .$put({ json: { statement: app.statement, ranking: [...app.ranking, id] } })
        .then(read);
      if (me) mine.set({ who: me.id, app: { ...app, ...saved } });
      setNotice({ kind: "status", text: t("exchange.added", { n: saved.ranking.length }) });
    } catch (err) {
      setNotice(failureNotice(failedOf(err), t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p class="crumbs">
        <Link href={`/${lang}/exchange`}>{t("exchange.title")}</Link>
      </p>
      <h1>
        <LocalText text={o.title} mark />
      </h1>
      <p class="lead">
        <LocalText text={o.description} />
      </p>
      <dl class="facts">
        <dt>{t("exchange.kindLabel")}</dt>
        <dd>{t(`exchange.kind.${o.kind}`)}</dd>
        <dt>{t("exchange.where")}</dt>
        <dd>{placeOf(lang, o)}</dd>
        <dt>{t("routes.dates")}</dt>
        <dd>{formatDates(lang, o.startDate, o.endDate)}</dd>
        <dt>{t("exchange.capacity")}</dt>
        <dd>{t("exchange.places", { count: o.capacity })}</dd>
        {o.languages.length > 0 && (
          <>
            <dt>{t("exchange.languages")}</dt>
            <dd>{o.languages.map((l) => t(`language.${l as ContentLang}`)).join(", ")}</dd>
          </>
        )}
        {o.topics.length > 0 && (
          <>
            <dt>{t("course.topics")}</dt>
            <dd>{o.topics.map(topicName).join(" · ")}</dd>
          </>
        )}
        <dt>{t("exchange.deadlineLabel")}</dt>
        <dd>{deadlineText(i18n, o)}</dd>
        <dt>{me?.pricingGroup && o.prices.length ? t("course.yourPrice") : t("exchange.fee")}</dt>
        <dd class="price">{feeText(i18n, o.prices, me?.pricingGroup)}</dd>
        {o.preparatoryCourseId && (
          <>
            <dt>{t("exchange.prepCourse")}</dt>
            <dd>
              <Link href={`/${lang}/courses/${o.preparatoryCourseId}`}>{t("exchange.prepCourseLink")}</Link>
            </dd>
          </>
        )}
      </dl>
      {o.prices.length > 0 && me === null && <p class="muted">{t("course.signInForPrice")}</p>}
      <section class="cohort" aria-labelledby="apply-title">
        <h2 id="apply-title">{t("exchange.apply")}</h2>
        {!open && <p>{t("exchange.closed")}</p>}
        <Notices notice={notice} />
        <p class="actions">
          {me === null && open && (
            <Link href={signInHref(lang)} class="button">
              {t("exchange.signInToApply")}
            </Link>
          )}
          {me && open && app === null && (
            <Link href={`/${lang}/exchange/application?add=${encodeURIComponent(id)}`} class="button">
              {t("exchange.apply")}
            </Link>
          )}
          {me && open && app && choice === 0 && (
            <button type="button" disabled={busy} onClick={add}>
              {busy ? t("admin.saving") : t("exchange.addToMine")}
            </button>
          )}
          {app && choice > 0 && <span>{t("exchange.inMine", { n: choice })}</span>}
          {app && (
            <Link href={`/${lang}/exchange/application`} class={choice > 0 ? "button secondary" : undefined}>
              {t("exchange.myApplication")}
            </Link>
          )}
        </p>
        {mine.failed && <LoadFailure failed={mine.failed} retry={mine.reload} />}
      </section>
    </>
  );
}
