/**
 * A host's statement, for its members and the platform admin: what it is owed (shares less
 * reversals), what it was paid, what is due (negative after a refund that came after a payout:
 * the next payout nets it), in one currency at a time; every entry names the payment, refund or
 * payout behind it; CSV of the same.
 */
import { useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { read, useLoad } from "../api/load";
import { LocalText } from "../components/localized";
import { LoadFailure, Loading } from "../components/status";
import { formatDate, formatMoney } from "../format";
import { type I18n, useT } from "../i18n/i18n";
import type { PageProps } from "../lazy";
import { type PayoutMethod, type Statement, type StatementEntry, routesApi } from "../learning-routes/api";
import { useTitle } from "../title";

/** What the entry came from: the payout's method and reference, else the payment or refund. */
function source(e: StatementEntry, t: I18n["t"]): string {
  if (e.kind === "payout")
    return [e.method ? t(`payouts.methods.${e.method as PayoutMethod}`) : "", e.reference ?? e.payoutId ?? ""]
      .filter(Boolean)
      .join(" · ");
  return e.refundId ?? e.paymentIntentId ?? e.enrolmentId ?? e.postingId;
}

export default function StatementPage({ params }: PageProps) {
  const { lang, t } = useT();
  const id = params.id;
  const [currency, setCurrency] = useState("");
  const statement = useLoad(
    () =>
      routesApi.hosts[":id"].statement
        .$get({ param: { id }, query: currency ? { currency } : {} })
        .then((res) => read(res) as Promise<Statement>),
    [id, currency],
  );
  useTitle(t("statement.title"));
  const s = statement.data;
  if (!s) return statement.failed ? <LoadFailure failed={statement.failed} retry={statement.reload} /> : <Loading />;
  const csv = routesApi.hosts[":id"].statement.$path({
    param: { id },
    query: { currency: s.currency, format: "csv" },
  });
  return (
    <>
      <p class="crumbs">
        <Link href={`/${lang}/hosts/${id}`}>{t("host.title")}</Link>
      </p>
      <h1>{t("statement.title")}</h1>
      {s.currencies.length > 1 && (
        <div class="field">
          <label for="currency">{t("statement.currency")}</label>
          <select id="currency" value={s.currency} onChange={(e) => setCurrency(e.currentTarget.value)}>
            {s.currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
      )}
      <dl class="facts totals" aria-busy={statement.loading}>
        <dt>{t("statement.owed")}</dt>
        <dd id="owed" class="num">
          {formatMoney(lang, s.owed)}
        </dd>
        <dt>{t("statement.paid")}</dt>
        <dd id="paid" class="num">
          {formatMoney(lang, s.paid)}
        </dd>
        <dt>{t("statement.due")}</dt>
        <dd id="due" class="num">
          <strong>{formatMoney(lang, s.due)}</strong>
        </dd>
      </dl>
      {s.due.amount < 0 && <p class="notice">{t("statement.negative")}</p>}
      {s.entries.length === 0 ? (
        <p class="muted">{t("statement.none")}</p>
      ) : (
        <div class="table-scroll tall" tabIndex={0} role="region" aria-label={t("statement.entries")}>
          <table class="people statement">
            <caption>{t("statement.entries")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("ledger.date")}</th>
                <th scope="col">{t("statement.what")}</th>
                <th scope="col" class="num">
                  {t("statement.amount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.entries.map((e) => (
                <tr key={`${e.postingId}-${e.kind}`} data-kind={e.kind} data-amount={e.amount.amount}>
                  <td>{formatDate(lang, e.createdAt)}</td>
                  <td>
                    {t(`statement.kinds.${e.kind}`)}
                    {e.offering?.title && (
                      <>
                        {" · "}
                        <LocalText text={e.offering.title} />
                      </>
                    )}
                    <br />
                    <span class="muted small">{source(e, t)}</span>
                  </td>
                  <td class="num">{formatMoney(lang, e.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href={csv} download>
          {t("statement.csv")}
        </a>
      </p>
    </>
  );
}
