/**
 * A course: what it teaches, in which language, its outline, and its cohorts with
 * dates, seats and the reader's own price. Enrolling says at once what happened:
 * enrolled, a seat held while the payment is made (with its price and the button
 * to pay it), or a place in the queue.
 */
import { useState } from "preact/hooks";
import { Link, useLocation } from "wouter-preact";
import { api } from "../api/client";
import { failedOf, read, useLoad } from "../api/load";
import { LocalText, ShownIn } from "../components/localized";
import { LoadFailure, Loading, type Notice, Notices, failureNotice, signInHref, statusOf } from "../components/status";
import { EnrolmentState, isCurrent } from "../courses/enrolment-state";
import type { Cohort, EnrolmentView } from "../courses/types";
import { formatDate, formatDates, formatMoney, pick, today } from "../format";
import { useT } from "../i18n/i18n";
import type { PageProps } from "../lazy";
import { PayBox } from "../payments/pay";
import { useMe } from "../session";
import { useTitle } from "../title";
import { useTopics } from "../topics";

export default function CoursePage({ params }: PageProps) {
  const { lang, t } = useT();
  const me = useMe();
  const topics = useTopics();
  const course = useLoad(() => api.courses[":id"].$get({ param: { id: params.id } }).then(read), [params.id]);
  const mine = useLoad(
    () =>
      me
        ? api.me.enrolments
            .$get()
            .then(read)
            .then((r) => r.items)
        : Promise.resolve([] as EnrolmentView[]),
    [me?.id],
  );
  const c = course.data;
  useTitle(c ? pick(c.title, lang, c.language).text : t("course.title"));

  if (!c) return course.failed ? <LoadFailure failed={course.failed} retry={course.reload} /> : <Loading />;
  const topicName = (id: string) => topics.find((tp) => tp.id === id)?.name[lang] ?? id;
  const enrolled = (cohortId: string) => mine.data?.find((e) => e.cohortId === cohortId && isCurrent(e));
  const onEnrolled = (e: EnrolmentView) => {
    mine.set([e, ...(mine.data ?? []).filter((x) => x.id !== e.id)]);
    course.reload(); // seats left changed
  };

  return (
    <>
      <h1>
        <LocalText text={c.title} own={c.language} />
      </h1>
      {pick(c.title, lang, c.language).fallback && (
        <p class="meta">
          <ShownIn text={c.title} own={c.language} />
        </p>
      )}
      {c.status === "draft" && <p class="badge draft">{t("admin.draft")}</p>}
      <p class="lead">
        <LocalText text={c.summary} own={c.language} />
      </p>
      <dl class="facts">
        <dt>{t("course.language")}</dt>
        <dd>{t(`language.${c.language}`)}</dd>
        <dt>{t("course.topics")}</dt>
        <dd>{c.topics.map(topicName).join(" · ")}</dd>
        <dt>{t("course.length")}</dt>
        <dd>{t("course.lessons", { count: c.lessonCount })}</dd>
      </dl>

      <h2>{t("course.outline")}</h2>
      <ol class="outline">
        {c.modules.map((m, i) => (
          <li key={i}>
            <strong lang={c.language}>{m.title}</strong>
            <ol>
              {m.lessons.map((l) => (
                <li key={l.id} lang={c.language}>
                  {l.title}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>

      <h2>{t("course.cohorts")}</h2>
      {c.cohorts.length === 0 && <p class="muted">{t("course.noCohorts")}</p>}
      {c.cohorts.map((cohort) => (
        <CohortCard
          key={cohort.id}
          cohort={cohort}
          signedIn={me === undefined ? undefined : Boolean(me)}
          enrolment={enrolled(cohort.id)}
          onEnrolled={onEnrolled}
          onStale={() => (mine.reload(), course.reload())}
        />
      ))}
    </>
  );
}

function CohortCard(props: {
  cohort: Cohort;
  signedIn?: boolean;
  enrolment?: EnrolmentView;
  onEnrolled: (e: EnrolmentView) => void;
  onStale: () => void;
}) {
  const { cohort, enrolment } = props;
  const { lang, t } = useT();
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const closed = today() > cohort.enrolmentDeadline;
  const full = cohort.seatsLeft === 0;

  async function enrol() {
    setBusy(true);
    setNotice(null);
    try {
      const e = await api.cohorts[":id"].enrolments.$post({ param: { id: cohort.id } }).then(read);
      props.onEnrolled(e);
    } catch (err) {
      const status = statusOf(failedOf(err));
      if (status === 401) return navigate(signInHref(lang));
      const notice = failureNotice(err, t);
      setNotice(status === 409 && notice?.detail ? { ...notice, text: t("course.enrolRefused") } : notice);
    } finally {
      setBusy(false);
    }
  }

  const price = () => {
    if (cohort.price === null || cohort.prices.length === 0) return t("course.free");
    if (cohort.price) return formatMoney(lang, cohort.price);
    return cohort.prices.map((p) => `${t(`pricing.${p.group}`)}: ${formatMoney(lang, p)}`).join(" · ");
  };

  return (
    <article class="cohort" aria-labelledby={`cohort-${cohort.id}`}>
      <h3 id={`cohort-${cohort.id}`}>{formatDates(lang, cohort.startDate, cohort.endDate)}</h3>
      <dl class="facts">
        <dt>{t("course.deadline")}</dt>
        <dd>{formatDate(lang, cohort.enrolmentDeadline)}</dd>
        <dt>{t("course.seats")}</dt>
        <dd>
          {full
            ? t("course.full", { count: cohort.waiting })
            : t("course.seatsLeft", { left: cohort.seatsLeft, capacity: cohort.capacity })}
        </dd>
        <dt>{cohort.price === undefined && cohort.prices.length ? t("course.prices") : t("course.yourPrice")}</dt>
        <dd class="price">{price()}</dd>
      </dl>
      {cohort.price === undefined && cohort.prices.length > 0 && props.signedIn === false && (
        <p class="muted">{t("course.signInForPrice")}</p>
      )}
      <div role="status">{enrolment && <EnrolmentState enrolment={enrolment} />}</div>
      {enrolment && <PayBox enrolment={enrolment} setNotice={setNotice} onStale={props.onStale} />}
      <Notices notice={notice} />
      <p class="actions">
        {!enrolment && closed && (
          <span>{t("course.closed", { date: formatDate(lang, cohort.enrolmentDeadline) })}</span>
        )}
        {!enrolment && !closed && props.signedIn === false && (
          <Link href={signInHref(lang)} class="button">
            {t("course.signInToEnrol")}
          </Link>
        )}
        {!enrolment && !closed && props.signedIn && (
          <button type="button" disabled={busy} onClick={enrol}>
            {busy ? t("course.enrolling") : full ? t("course.joinWaitlist") : t("course.enrol")}
          </button>
        )}
        <a href={api.cohorts[":id"]["calendar.ics"].$path({ param: { id: cohort.id }, query: { lang } })} download>
          {t("course.calendar")}
        </a>
      </p>
    </article>
  );
}
