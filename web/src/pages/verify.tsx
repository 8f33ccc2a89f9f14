/**
 * Public certificate check (the address printed on every certificate): confirms
 * who completed which course, with which institution and when — or says plainly
 * that no certificate has this code.
 */
import { api } from "../api/client";
import { read, useLoad } from "../api/load";
import { LoadFailure, Loading, statusOf } from "../components/status";
import { formatDate, formatDates } from "../format";
import { useT } from "../i18n/i18n";
import type { PageProps } from "../lazy";
import { useTitle } from "../title";

export default function Verify({ params }: PageProps) {
  const { lang, t } = useT();
  const code = params.code.trim().toUpperCase();
  const cert = useLoad(() => api.certificates[":code"].$get({ param: { code } }).then(read), [code]);
  useTitle(t("verify.title"));
  const c = cert.data;
  // The API refuses a code of the wrong length (400) and answers 404 to an unknown one: both are "not found".
  const missing = cert.failed && [400, 404].includes(statusOf(cert.failed));

  return (
    <>
      <h1>{t("verify.title")}</h1>
      {!c && !cert.failed && <Loading />}
      {missing && (
        <div class="verdict bad" role="alert">
          <p>
            <strong>{t("verify.notFound")}</strong>
          </p>
          <p>{t("verify.notFoundBody", { code })}</p>
        </div>
      )}
      {cert.failed && !missing && <LoadFailure failed={cert.failed} retry={cert.reload} />}
      {c && (
        <div class="verdict ok">
          <p>
            <strong>
              <span aria-hidden="true">✓ </span>
              {t("verify.valid")}
            </strong>
          </p>
          <dl class="facts">
            <dt>{t("verify.name")}</dt>
            <dd id="cert-name">{c.name}</dd>
            <dt>{t("verify.course")}</dt>
            <dd id="cert-course">{c.courseTitle}</dd>
            <dt>{t("verify.institution")}</dt>
            <dd>{c.institution}</dd>
            <dt>{t("verify.dates")}</dt>
            <dd>{formatDates(lang, c.startDate, c.endDate)}</dd>
            <dt>{t("verify.issued")}</dt>
            <dd>{formatDate(lang, c.issuedAt)}</dd>
            <dt>{t("verify.code")}</dt>
            <dd>
              <code>{c.code}</code>
            </dd>
          </dl>
        </div>
      )}
    </>
  );
}
