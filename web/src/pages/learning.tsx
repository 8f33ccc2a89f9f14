/**
 * My learning: every course enrolment of the signed-in person with its status and
 * progress; a current one can be withdrawn after a confirmation.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { api } from "../api/client";
import { Failure, failedOf, read, useLoad } from "../api/load";
import { LocalText } from "../components/localized";
import { LoadFailure, Loading, type Notice, Notices, statusOf } from "../components/status";
import { EnrolmentState, isCurrent } from "../courses/enrolment-state";
import { ProgressBar } from "../courses/progress";
import type { EnrolmentView, Overview } from "../courses/types";
import { formatDates } from "../format";
import { useT } from "../i18n/i18n";
import { useTitle } from "../title";

type Row = { enrolment: EnrolmentView; overview?: Overview };

/** My enrolments, each with its course's title and my progress (one request per course enrolment). */
async function loadRows(): Promise<Row[]> {
  const { items } = await api.me.enrolments.$get().then(read);
  return Promise.all(
    items
      .filter((e) => e.kind === "cohort")
      .map(async (enrolment) => ({
        enrolment,
        overview: await api.enrolments[":id"]
          .$get({ param: { id: enrolment.id } })
          .then(read)
          .catch(() => undefined), // the row still shows its status
      })),
  );
}

export default function Learning() {
  const { lang, t } = useT();
  const rows = useLoad(loadRows, []);
  useTitle(t("learning.title"));

  const replace = (e: EnrolmentView) => rows.set((rows.data ?? []).map((r) => (r.enrolment.id === e.id ? { ...r, enrolment: e } : r)));
  return (
    <>
      <h1>{t("learning.title")}</h1>
      {!rows.data && (rows.failed ? <LoadFailure failed={rows.failed} retry={rows.reload} /> : <Loading />)}
      {rows.data?.length === 0 && (
        <p>
          {t("learning.none")} <Link href={`/${lang}/courses`}>{t("learning.browse")}</Link>
        </p>
      )}
      {rows.data && rows.data.length > 0 && (
        <ul class="courses">
          {rows.data.map((r) => (
            <EnrolmentRow key={r.enrolment.id} row={r} onChange={replace} />
          ))}
        </ul>
      )}
    </>
  );
}

function EnrolmentRow({ row, onChange }: { row: Row; onChange: (e: EnrolmentView) => void }) {
  const { lang, t } = useT();
  const { enrolment: e, overview: o } = row;
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
      const failed = failedOf(err);
      const status = statusOf(failed);
      setNotice({
        kind: "alert",
        text: status ? t("errors.generic", { status }) : t("errors.network"),
        detail: failed instanceof Failure && status === 409 ? failed.problem.detail : undefined,
      });
    } finally {
      setBusy(false);
    }
  }

  const titleId = `title-${e.id.replace(/\W/g, "-")}`;
  return (
    <li aria-labelledby={titleId}>
      <h2 id={titleId}>
        {o ? (
          <Link href={`/${lang}/learning/${e.id}`}>
            <LocalText text={o.course.title} />
          </Link>
        ) : (
          t("learning.course")
        )}
      </h2>
      {o && <p class="meta">{formatDates(lang, o.cohort.startDate, o.cohort.endDate)}</p>}
      <EnrolmentState enrolment={e} link={false} />
      {o && e.status === "active" && <ProgressBar id={`progress-${titleId}`} progress={o.progress} />}
      <Notices notice={notice} />
      {isCurrent(e) && !confirming && (
        <button type="button" class="secondary" onClick={() => setConfirming(true)}>
          {t("learning.withdraw")}
        </button>
      )}
      {isCurrent(e) && confirming && (
        <div class="confirm" role="group" aria-label={t("learning.withdraw")}>
          <p>{t("learning.withdrawConfirm")}</p>
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
