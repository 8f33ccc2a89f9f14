/**
 * Managing one course: publish it, list its cohorts (cohort-admin.tsx) and add one
 * (cohort-form.tsx).
 */
import { useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { api } from "../api/client";
import { read, useLoad } from "../api/load";
import { LoadFailure, Loading, type Notice, Notices, failureNotice } from "../components/status";
import type { CourseSummary } from "../courses/types";
import { useT } from "../i18n/i18n";
import { CohortAdmin } from "./cohort-admin";
import { CohortForm } from "./cohort-form";

export function CoursePanel({ course, onPublished }: { course: CourseSummary; onPublished: () => void }) {
  const { lang, t } = useT();
  const detail = useLoad(() => api.courses[":id"].$get({ param: { id: course.id } }).then(read), [course.id]);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  async function publish() {
    setBusy(true);
    setNotice(null);
    try {
      await api.courses[":id"].publish.$post({ param: { id: course.id } }).then(read);
      setNotice({ kind: "status", text: t("admin.published") });
      onPublished();
    } catch (err) {
      setNotice(failureNotice(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="panel">
      <Notices notice={notice} />
      <p class="actions">
        {course.status === "draft" && (
          <button type="button" disabled={busy} onClick={publish}>
            {t("admin.publish")}
          </button>
        )}
        <Link href={`/${lang}/courses/${course.id}`}>{t("admin.viewPage")}</Link>
      </p>
      <h3>{t("course.cohorts")}</h3>
      {!detail.data && (detail.failed ? <LoadFailure failed={detail.failed} retry={detail.reload} /> : <Loading />)}
      {detail.data?.cohorts.length === 0 && <p class="muted">{t("course.noCohorts")}</p>}
      {detail.data?.cohorts.map((c) => (
        <CohortAdmin key={c.id} cohort={c} />
      ))}
      <CohortForm courseId={course.id} onAdded={detail.reload} />
    </div>
  );
}
