/**
 * My learning: everything the signed-in person enrolled in or bought (courses, documents, ...),
 * from one request (GET /api/me/enrolments carries titles, dates and lesson counts).
 * A seat held for payment shows its price and the button to pay; a paid one its
 * receipt. Coming back from Stripe (?paid=<enrolment>), the page asks again a few
 * times until the webhook has confirmed the payment. A current enrolment can be
 * withdrawn after a confirmation.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { Link, useSearch } from "wouter-preact";
import { api } from "../api/client";
import { read, useLoad } from "../api/load";
import { LocalText } from "../components/localized";
import { LoadFailure, Loading, type Notice, Notices, failureNotice } from "../components/status";
import { EnrolmentState, isCurrent } from "../courses/enrolment-state";
import { ProgressBar } from "../courses/progress";
import type { MyEnrolment } from "../courses/types";
import { formatDates } from "../format";
import { useT } from "../i18n/i18n";
import { PaidBanner, PayBox, ReceiptLink, useConfirmation, wasPaid } from "../payments/pay";
import { useTitle } from "../title";

const loadMine = () =>
  api.me.enrolments
    .$get()
    .then(read)
    .then((r) => r.items);

export default function Learning() {
  const { lang, t } = useT();
  const list = useLoad(loadMine, []);
  const paidId = new URLSearchParams(useSearch()).get("paid");
  useTitle(t("learning.title"));

  const paid = paidId ? list.data?.find((e) => e.id === paidId) : undefined;
  const confirmed = paid?.status === "active";
  const waiting = Boolean(paidId && list.data && !confirmed);
  const confirmation = useConfirmation(waiting, list.loading, list.reload);

  const replace = (e: MyEnrolment) => list.set((list.data ?? []).map((x) => (x.id === e.id ? e : x)));
  return (
    <>
      <h1>{t("learning.title")}</h1>
      {paidId && (
        <PaidBanner confirmed={confirmed} waiting={waiting} {...confirmation} confirmedText={t("pay.confirmed")}>
          <p>
            <ReceiptLink enrolmentId={paidId} class="button" />
          </p>
        </PaidBanner>
      )}
      {!list.data && (list.failed ? <LoadFailure failed={list.failed} retry={list.reload} /> : <Loading />)}
      {list.data?.length === 0 && (
        <p>
          {t("learning.none")} <Link href={`/${lang}/courses`}>{t("learning.browse")}</Link>
        </p>
      )}
      {list.data && list.data.length > 0 && (
        <ul class="courses">
          {list.data.map((e) => (
            <EnrolmentRow
              key={e.id}
              enrolment={e}
              onChange={(next) => replace({ ...e, ...next })}
              onStale={list.reload}
            />
          ))}
        </ul>
      )}
    </>
  );
}

function EnrolmentRow({
  enrolment: e,
  onChange,
  onStale,
}: {
  enrolment: MyEnrolment;
  onChange: (e: Partial<MyEnrolment>) => void;
  onStale: () => void;
}) {
  const { lang, t } = useT();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) yes.current?.focus(); // the question takes the keyboard focus, Cancel is one Tab away
  }, [confirming]);

  async function withdraw() {
    setBusy(true);
    setNotice(null);
    try {
      onChange(await api.enrolments[":id"].$delete({ param: { id: e.id } }).then(read));
      setConfirming(false);
      setNotice({ kind: "status", text: t("learning.withdrawn") });
    } catch (err) {
      setNotice(failureNotice(err, t));
    } finally {
      setBusy(false);
    }
  }

  const titleId = `title-${e.id.replace(/\W/g, "-")}`;
  // What differs by kind comes with the enrolment (its descriptor): no branch on the kind's name.
  const href = `/${lang}/${e.links.open}`;
  const lessons = e.lessonCount !== undefined;
  const total = e.lessonCount ?? 0;
  const withdrawable = e.hasSeats && isCurrent(e);
  const paid = wasPaid(e);
  return (
    <li aria-labelledby={titleId}>
      <h2 id={titleId}>
        <Link href={href}>
          <LocalText text={e.title} />
        </Link>
      </h2>
      <p class="meta">
        {e.hasDates && e.startDate && e.endDate ? formatDates(lang, e.startDate, e.endDate) : e.label[lang]}
      </p>
      <EnrolmentState enrolment={e} link={false} />
      {lessons && e.status === "active" && (
        <ProgressBar
          id={`progress-${titleId}`}
          progress={{
            done: e.lessonsDone ?? 0,
            total,
            percent: total ? Math.round(((e.lessonsDone ?? 0) / total) * 100) : 0,
          }}
        />
      )}
      <PayBox enrolment={e} setNotice={setNotice} onStale={onStale} />
      {paid && (
        <p>
          <ReceiptLink enrolmentId={e.id} />
        </p>
      )}
      <Notices notice={notice} />
      {withdrawable && !confirming && (
        <button type="button" class="secondary" onClick={() => setConfirming(true)}>
          {t("learning.withdraw")}
        </button>
      )}
      {withdrawable && confirming && (
        <div class="confirm" role="group" aria-label={t("learning.withdraw")}>
          <p>{t("learning.withdrawConfirm")}</p>
          {paid && <p>{t("learning.withdrawPaid")}</p>}
          <p class="actions">
            <button ref={yes} type="button" class="danger" disabled={busy} onClick={withdraw}>
              {t("learning.withdrawYes")}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              {t("common.cancel")}
            </button>
          </p>
        </div>
      )}
    </li>
  );
}
