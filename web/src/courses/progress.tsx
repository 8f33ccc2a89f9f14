/** Progress through a course, and the certificate once every lesson is done. */
import { Link } from "wouter-preact";
import { api } from "../api/client";
import { useT } from "../i18n/i18n";
import type { Progress } from "./types";

/** `done`: the lessons done, or how many (a list of enrolments carries only the count). */
export function ProgressBar({
  progress,
  id,
}: {
  progress: Pick<Progress, "total" | "percent"> & { done: string[] | number };
  id: string;
}) {
  const { t } = useT();
  const done = typeof progress.done === "number" ? progress.done : progress.done.length;
  return (
    <div class="progress">
      <progress id={id} max={100} value={progress.percent} aria-describedby={`${id}-text`} />
      <span id={`${id}-text`}>
        {t("learning.progress", { done, total: progress.total, percent: progress.percent })}
      </span>
    </div>
  );
}

export function CertificateBox({ enrolmentId, code }: { enrolmentId: string; code: string }) {
  const { lang, t } = useT();
  return (
    <section class="certificate" aria-labelledby="certificate-title">
      <h2 id="certificate-title">{t("learning.certificateTitle")}</h2>
      <p>{t("learning.certificateBody")}</p>
      <p class="actions">
        <a
          class="button"
          href={api.enrolments[":id"]["certificate.pdf"].$path({ param: { id: enrolmentId } })}
          download
        >
          {t("learning.certificateDownload")}
        </a>
        <Link href={`/${lang}/verify/${code}`}>{t("learning.certificateVerify")}</Link>
      </p>
    </section>
  );
}
