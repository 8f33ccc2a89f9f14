/**
 * One course I follow: its outline with a tick on each lesson done, my progress,
 * and once every lesson is done the certificate and its public verification page.
 * A Learning Route enrolment (its item in my enrolments carries `routeId`) shows the
 * route's itinerary instead; both answers are asked at once, and both are kept offline.
 */
import { Link } from "wouter-preact";
import { api } from "../api/client";
import { read, useLoad } from "../api/load";
import { LocalText } from "../components/localized";
import { LoadFailure, Loading } from "../components/status";
import { EnrolmentState } from "../courses/enrolment-state";
import { CertificateBox, ProgressBar } from "../courses/progress";
import { formatDate, formatDates, pick, today } from "../format";
import { useT } from "../i18n/i18n";
import type { PageProps } from "../lazy";
import type { MyEnrolment } from "../courses/types";
import type { RouteEnrolment as RouteFields } from "../learning-routes/api";
import { RouteEnrolment } from "../learning-routes/enrolled";
import { useTitle } from "../title";

export default function EnrolmentPage({ params }: PageProps) {
  const { lang, t } = useT();
  const id = params.enrolmentId;
  const overview = useLoad(() => api.enrolments[":id"].$get({ param: { id } }).then(read), [id]);
  const mine = useLoad(
    () =>
      api.me.enrolments
        .$get()
        .then(read)
        .then((r) => (r.items as (MyEnrolment & RouteFields)[]).find((e) => e.id === id) ?? null),
    [id],
  );
  // A course is shown once my enrolments say it is not a route (or cannot say: offline, not kept).
  const known = mine.data !== undefined || mine.failed !== undefined;
  const o = known && !mine.data?.routeId ? overview.data : undefined;
  useTitle(o ? pick(o.course.title, lang, o.course.language).text : t("learning.title"));
  const routeId = mine.data?.routeId;
  if (mine.data && routeId) return <RouteEnrolment enrolment={mine.data} routeId={routeId} />;
  if (!o)
    return overview.failed && known ? <LoadFailure failed={overview.failed} retry={overview.reload} /> : <Loading />;

  const started = today() >= o.cohort.startDate;
  const open = o.enrolment.status === "active" && started;
  const done = new Set(o.progress.done);
  return (
    <>
      <p class="crumbs">
        <Link href={`/${lang}/learning`}>{t("learning.title")}</Link>
      </p>
      <h1>
        <LocalText text={o.course.title} own={o.course.language} />
      </h1>
      <p class="meta">{formatDates(lang, o.cohort.startDate, o.cohort.endDate)}</p>
      {o.enrolment.status !== "active" && <EnrolmentState enrolment={o.enrolment} link={false} />}
      {o.enrolment.status === "active" && !started && (
        <p class="notice">{t("learning.opensOn", { date: formatDate(lang, o.cohort.startDate) })}</p>
      )}
      <ProgressBar id="progress" progress={o.progress} />
      {o.progress.complete && o.progress.certificateCode && (
        <CertificateBox enrolmentId={id} code={o.progress.certificateCode} />
      )}

      <h2>{t("learning.outline")}</h2>
      <ol class="outline">
        {o.course.modules.map((m, i) => (
          <li key={i}>
            <strong lang={o.course.language}>{m.title}</strong>
            <ol class="lessons">
              {m.lessons.map((l) => (
                <li key={l.id} class={done.has(l.id) ? "done" : undefined}>
                  <span class="tick" aria-hidden="true">
                    {done.has(l.id) ? "✓" : ""}
                  </span>
                  {open ? (
                    <Link href={`/${lang}/learning/${id}/${l.id}`} lang={o.course.language}>
                      {l.title}
                    </Link>
                  ) : (
                    <span lang={o.course.language}>{l.title}</span>
                  )}
                  {done.has(l.id) && <span class="visually-hidden"> ({t("learning.done")})</span>}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </>
  );
}
