/**
 * A route I am enrolled in: its dates, my enrolment's state and the itinerary, day by day.
 * Its answers (GET /api/me/enrolments, GET /api/routes/:id) are kept by the service worker,
 * so once opened it stays readable without a connection, in the field.
 */
import { Link } from "wouter-preact";
import { read, useLoad } from "../api/load";
import { LocalText } from "../components/localized";
import { LoadFailure, Loading } from "../components/status";
import { EnrolmentState } from "../courses/enrolment-state";
import type { MyEnrolment } from "../courses/types";
import { formatDates, pick } from "../format";
import { useT } from "../i18n/i18n";
import { useTitle } from "../title";
import { routesApi } from "./api";
import { Itinerary } from "./itinerary";

export function RouteEnrolment({ enrolment, routeId }: { enrolment: MyEnrolment; routeId: string }) {
  const { lang, t } = useT();
  const route = useLoad(() => routesApi.routes[":id"].$get({ param: { id: routeId } }).then(read), [routeId]);
  const r = route.data;
  useTitle(pick(r?.title ?? enrolment.title, lang).text);
  return (
    <>
      <p class="crumbs">
        <Link href={`/${lang}/learning`}>{t("learning.title")}</Link>
      </p>
      <h1>
        <LocalText text={r?.title ?? enrolment.title} />
      </h1>
      {r && <p class="meta">{formatDates(lang, r.startDate, r.endDate)}</p>}
      <EnrolmentState enrolment={enrolment} link={false} />
      <p class="hint">{t("routes.offline")}</p>
      <h2>{t("routes.itinerary")}</h2>
      {r ? (
        <Itinerary route={r} />
      ) : route.failed ? (
        <LoadFailure failed={route.failed} retry={route.reload} />
      ) : (
        <Loading />
      )}
      <p>
        <Link href={`/${lang}/routes/${routeId}`}>{t("routes.page")}</Link>
      </p>
    </>
  );
}
