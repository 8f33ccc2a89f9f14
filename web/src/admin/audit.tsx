/**
 * The audit trail, newest first: everything for the platform admin, one institution's part for its
 * admins (the API checks which; docs/decisions/0013-audit-trail.md), with a CSV of the same range.
 */
import { api } from "../api/client";
import { read, useLoad } from "../api/load";
import { LoadFailure, Loading } from "../components/status";
import { formatDate, formatTime } from "../format";
import { useT } from "../i18n/i18n";

export function AuditTrail({ institutionId }: { institutionId?: string }) {
  const { lang, t } = useT();
  const query = institutionId ? { institutionId } : {};
  const trail = useLoad(
    () =>
      api.audit
        .$get({ query: { ...query, limit: "50" } })
        .then(read)
        .then((r) => r as Extract<typeof r, { items: unknown }>),
    [institutionId],
  );
  const csv = api.audit.$path({ query: { ...query, format: "csv", limit: "1000" } });
  const data = trail.data;
  return (
    <section aria-labelledby={`audit-${institutionId ?? "all"}`}>
      <h2 id={`audit-${institutionId ?? "all"}`}>{institutionId ? t("audit.institutionTitle") : t("audit.title")}</h2>
      {!data && (trail.failed ? <LoadFailure failed={trail.failed} retry={trail.reload} /> : <Loading />)}
      {data?.items.length === 0 && <p class="muted">{t("audit.none")}</p>}
      {data && data.items.length > 0 && (
        <div class="table-scroll tall" tabIndex={0} role="region" aria-label={t("audit.title")}>
          <table class="people">
            <thead>
              <tr>
                <th scope="col">{t("audit.at")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.target")}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    {formatDate(lang, e.at)} {formatTime(lang, e.at)}
                  </td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{e.actor.kind === "person" ? e.actor.email : t("audit.system")}</td>
                  <td>
                    {e.target.kind} <code>{e.target.id}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href={csv} download>
          {t("audit.csv")}
        </a>
      </p>
    </section>
  );
}
