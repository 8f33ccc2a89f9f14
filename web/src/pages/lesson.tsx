/**
 * A lesson: its text (Markdown rendered and made safe by the server), a button to
 * mark it done, and the way to the next one. Finishing the last lesson shows the
 * certificate at once.
 */
import { useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { api } from "../api/client";
import { Failure, read, useLoad } from "../api/load";
import { problemCode } from "../api/problem";
import { LocalText } from "../components/localized";
import { LoadFailure, Loading, type Notice, Notices, failureNotice } from "../components/status";
import { CertificateBox, ProgressBar } from "../courses/progress";
import type { Progress } from "../courses/types";
import { useT } from "../i18n/i18n";
import type { PageProps } from "../lazy";
import { useTitle } from "../title";

export default function LessonPage({ params }: PageProps) {
  const { lang, t } = useT();
  const { enrolmentId: id, lessonId } = params;
  const overview = useLoad(() => api.enrolments[":id"].$get({ param: { id } }).then(read), [id]);
  const lesson = useLoad(
    () => api.enrolments[":id"].lessons[":lessonId"].$get({ param: { id, lessonId } }).then(read),
    [id, lessonId],
  );
  const [progress, setProgress] = useState<Progress | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  useTitle(lesson.data?.title ?? t("lesson.title"));

  const failed = lesson.failed ?? overview.failed;
  if (!lesson.data || !overview.data) {
    if (!failed) return <Loading />;
    // Closed (not started, not paid, no longer active): why, in the reader's language when the API names the reason.
    const code = failed instanceof Failure && failed.status === 409 ? problemCode(failed.problem) : undefined;
    const detail = failed instanceof Failure && failed.status === 409 && !code ? failed.problem.detail : undefined;
    return (
      <>
        <p class="crumbs">
          <Link href={`/${lang}/learning/${id}`}>{t("lesson.back")}</Link>
        </p>
        {code || detail ? (
          <Notices
            notice={{
              kind: "alert",
              text: code ? `${t("lesson.closed")} ${t(`problems.${code}`)}` : t("lesson.closed"),
              detail,
            }}
          />
        ) : (
          <LoadFailure failed={failed} retry={lesson.reload} />
        )}
      </>
    );
  }
  const o = overview.data;
  const l = lesson.data;
  const now = progress ?? o.progress;
  const done = now.done.includes(lessonId);
  const flat = o.course.modules.flatMap((m) => m.lessons.map((x) => ({ ...x, module: m.title })));
  const at = flat.findIndex((x) => x.id === lessonId);
  const prev = flat[at - 1];
  const next = flat[at + 1];

  async function markDone() {
    setBusy(true);
    setNotice(null);
    try {
      const p = await api.enrolments[":id"].lessons[":lessonId"].done.$post({ param: { id, lessonId } }).then(read);
      setProgress(p);
      setNotice({ kind: "status", text: p.complete ? t("lesson.allDone") : t("lesson.marked") });
    } catch (err) {
      setNotice(failureNotice(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p class="crumbs">
        <Link href={`/${lang}/learning/${id}`}>
          <LocalText text={o.course.title} own={o.course.language} />
        </Link>
        {at >= 0 && (
          <>
            {" › "}
            <span lang={o.course.language}>{flat[at].module}</span>
          </>
        )}
      </p>
      {o.course.language !== lang && (
        <p class="meta">
          <span class="badge">{t(`text.shownIn.${o.course.language}`)}</span>
        </p>
      )}
      <article lang={o.course.language}>
        <h1>{l.title}</h1>
        <div class="lesson" dangerouslySetInnerHTML={{ __html: l.html }} />
      </article>
      <Notices notice={notice} />
      <p class="actions">
        {done ? (
          <span class="done-mark">✓ {t("lesson.isDone")}</span>
        ) : (
          <button type="button" disabled={busy} onClick={markDone}>
            {busy ? t("lesson.marking") : t("lesson.markDone")}
          </button>
        )}
      </p>
      <ProgressBar id="progress" progress={now} />
      {now.complete && now.certificateCode && <CertificateBox enrolmentId={id} code={now.certificateCode} />}
      <nav class="pager" aria-label={t("lesson.pager")}>
        {prev && (
          <Link href={`/${lang}/learning/${id}/${prev.id}`}>
            <span class="dir">← {t("lesson.previous")}</span> <span lang={o.course.language}>{prev.title}</span>
          </Link>
        )}
        {next && (
          <Link href={`/${lang}/learning/${id}/${next.id}`} class="next">
            <span class="dir">{t("lesson.next")} →</span> <span lang={o.course.language}>{next.title}</span>
          </Link>
        )}
      </nav>
    </>
  );
}
