/**
 * One Learning Route: what it is, its dates and seats, the reader's price, the itinerary day by
 * day (each stop linking to its host) and the way in: enrol, which holds a seat for payment,
 * then pay on Stripe's page through the same pay flow as courses. Stripe brings the payer back
 * to My learning.
 */
import { useState } from "preact/hooks";
import { Link, useLocation } from "wouter-preact";
import { api } from "../api/client";
import { failedOf, read, useLoad } from "../api/load";
import { LocalText } from "../components/localized";
import { LoadFailure, Loading, type Notice, Notices, failureNotice, signInHref, statusOf } from "../components/status";
import { EnrolmentState, isCurrent } from "../courses/enrolment-state";
import type { MyEnrolment } from "../courses/types";
import { formatDate, formatDates, pick } from "../format";
import { useT } from "../i18n/i18n";
import type { PageProps } from "../lazy";
import { type RouteEnrolment, routesApi } from "../learning-routes/api";
import { Itinerary, countryName, routePriceText } from "../learning-routes/itinerary";
import { PayBox, ReceiptLink, wasPaid } from "../payments/pay";
import { useMe } from "../session";
import { useTitle } from "../title";
import { useTopics } from "../topics";

type Mine = MyEnrolment & RouteEnrolment;

export default function RoutePage({ params }: PageProps) {
  const i18n = useT();
  const { lang, t } = i18n;
  const [, navigate] = useLocation();
  const me = useMe();
  const topics = useTopics();
  const id = params.id;
  const route = useLoad(() => routesApi.routes[":id"].$get({ param: { id } }).then(read), [id, me?.id]);
  const mine = useLoad<Mine | null>(
    () =>
      me
        ? api.me.enrolments
            .$get()
            .then(read)
            .then((r) => (r.items as Mine[]).find((e) => (e.routeId ?? e.offeringId) === id && isCurrent(e)) ?? null)
        : Promise.resolve(null),
    [id, me?.id],
  );
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const r = route.data;
  useTitle(r ? pick(r.title, lang).text : t("routes.title"));
  if (!r) return route.failed ? <LoadFailure failed={route.failed} retry={route.reload} /> : <Loading />;

  async function enrol() {
    setBusy(true);
    setNotice(null);
    try {
      await routesApi.routes[":id"].enrolments.$post({ param: { id } }).then(read);
      mine.reload();
      route.reload();
    } catch (err) {
      const status = statusOf(failedOf(err));
      if (status === 401) return navigate(signInHref(lang));
      setNotice(failureNotice(err, t));
    } finally {
      setBusy(false);
    }
  }

  const e = mine.data;
  const topicName = (tid: string) => topics.find((tp) => tp.id === tid)?.name[lang] ?? tid;
  const closed = r.seatsLeft <= 0;
  return (
    <>
      <p class="crumbs">
        <Link href={`/${lang}/routes`}>{t("routes.title")}</Link>
      </p>
      <h1>
        <LocalText text={r.title} mark />
      </h1>
      {r.summary && (
        <p class="lead">
          <LocalText text={r.summary} />
        </p>
      )}
      <dl class="facts">
        <dt>{t("routes.dates")}</dt>
        <dd>{formatDates(lang, r.startDate, r.endDate)}</dd>
        <dt>{t("routes.countries")}</dt>
        <dd>{r.countries.map((c) => countryName(lang, c)).join(", ")}</dd>
        {r.topics.length > 0 && (
          <>
            <dt>{t("course.topics")}</dt>
            <dd>{r.topics.map(topicName).join(" · ")}</dd>
          </>
        )}
        <dt>{t("course.deadline")}</dt>
        <dd>{formatDate(lang, r.enrolmentDeadline)}</dd>
        <dt>{t("course.seats")}</dt>
        <dd>{t("course.seatsLeft", { left: r.seatsLeft, capacity: r.capacity })}</dd>
        <dt>{r.price === undefined && r.prices.length ? t("course.prices") : t("course.yourPrice")}</dt>
        <dd class="price">{routePriceText(i18n, r)}</dd>
      </dl>
      {r.price === undefined && r.prices.length > 0 && me === null && <p class="muted">{t("course.signInForPrice")}</p>}
      <section class="cohort" aria-labelledby="enrol-title">
        <h2 id="enrol-title" class="visually-hidden">
          {t("course.enrol")}
        </h2>
        <div role="status">{e && <EnrolmentState enrolment={e} link={false} />}</div>
        {e && <PayBox enrolment={e} setNotice={setNotice} onStale={mine.reload} />}
        <Notices notice={notice} />
        <p class="actions">
          {me === null && (
            <Link href={signInHref(lang)} class="button">
              {t("course.signInToEnrol")}
            </Link>
          )}
          {me && mine.data === null && (
            <button type="button" disabled={busy} onClick={enrol}>
              {busy ? t("course.enrolling") : closed ? t("course.joinWaitlist") : t("course.enrol")}
            </button>
          )}
          {e?.status === "active" && (
            <Link href={`/${lang}/learning/${e.id}`} class="button secondary">
              {t("routes.openMine")}
            </Link>
          )}
          {e && wasPaid(e) && <ReceiptLink enrolmentId={e.id} />}
        </p>
      </section>
      <h2>{t("routes.itinerary")}</h2>
      <Itinerary route={r} />
    </>
  );
}
