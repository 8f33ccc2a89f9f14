/**
 * A matching round's public audit: when it ran, with which algorithm, how many took part and were
 * placed, whether the outcome is stable, the digest of its published input (checked here again, in
 * the reader's browser), the input and outcome as a file, and how to re-check it all oneself.
 * No personal data: applicants and offers are pseudonyms (decision 0019).
 */
import { useEffect, useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { read, useLoad } from "../api/load";
import { LoadFailure, Loading } from "../components/status";
import { exchangeApi } from "../exchange/api";
import { auditFile, auditFileName, digestOf } from "../exchange/audit";
import { formatDate, formatTime } from "../format";
import { useT } from "../i18n/i18n";
import type { PageProps } from "../lazy";
import { useTitle } from "../title";

export default function ExchangeRound({ params }: PageProps) {
  const { lang, t } = useT();
  const id = params.id;
  const round = useLoad(() => exchangeApi.rounds[":id"].$get({ param: { id } }).then(read), [id]);
  const [checked, setChecked] = useState<"same" | "different" | null>(null);
  const [file, setFile] = useState<string | null>(null);
  const r = round.data;
  useTitle(t("exchange.round.title"));
  useEffect(() => {
    if (!r) return;
    digestOf(r.input).then(
      (d) => setChecked(d === r.inputDigest ? "same" : "different"),
      () => setChecked(null), // no Web Crypto (an old browser, plain http): the file can still be checked
    );
    const url = URL.createObjectURL(new Blob([JSON.stringify(auditFile(r), null, 2)], { type: "application/json" }));
    setFile(url);
    return () => URL.revokeObjectURL(url);
  }, [r]);
  if (!r) return round.failed ? <LoadFailure failed={round.failed} retry={round.reload} /> : <Loading />;

  return (
    <>
      <p class="crumbs">
        <Link href={`/${lang}/exchange`}>{t("exchange.title")}</Link>
      </p>
      <h1>{t("exchange.round.title")}</h1>
      <p class="lead">{t("exchange.round.intro")}</p>
      <dl class="facts audit-facts">
        <dt>{t("exchange.round.ranAt")}</dt>
        <dd>
          {formatDate(lang, r.ranAt)} · {formatTime(lang, r.ranAt)}
        </dd>
        <dt>{t("exchange.round.algorithm")}</dt>
        <dd>
          <code>{r.algorithm}</code>
        </dd>
        <dt>{t("exchange.round.applicants")}</dt>
        <dd id="round-applicants">{r.applicants}</dd>
        <dt>{t("exchange.round.offers")}</dt>
        <dd id="round-offers">{r.offers}</dd>
        <dt>{t("exchange.round.matched")}</dt>
        <dd id="round-matched">{r.matched}</dd>
        {r.respondBy && (
          <>
            <dt>{t("exchange.round.respondBy")}</dt>
            <dd>{formatDate(lang, r.respondBy)}</dd>
          </>
        )}
        <dt>{t("exchange.round.stable")}</dt>
        <dd id="round-stable">{t(r.stable ? "exchange.round.stableYes" : "exchange.round.stableNo")}</dd>
        <dt>{t("exchange.round.digest")}</dt>
        <dd>
          <code id="round-digest" class="digest">
            {r.inputDigest}
          </code>
          <br />
          <span id="digest-check" role="status" class={checked === "different" ? "error" : "muted"}>
            {checked && t(checked === "same" ? "exchange.round.digestSame" : "exchange.round.digestDifferent")}
          </span>
        </dd>
      </dl>
      <p>
        {file && (
          <a class="button" href={file} download={auditFileName(r.id)}>
            {t("exchange.round.download")}
          </a>
        )}
      </p>
      <section aria-labelledby="recheck-title">
        <h2 id="recheck-title">{t("exchange.round.recheckTitle")}</h2>
        <ol class="recheck">
          <li>{t("exchange.round.recheck1")}</li>
          <li>
            {t("exchange.round.recheck2")}
            <pre>
              <code>{`jq -jcS .input ${auditFileName(r.id)} | sha256sum`}</code>
            </pre>
          </li>
          <li>{t("exchange.round.recheck3")}</li>
          <li>{t("exchange.round.recheck4")}</li>
        </ol>
      </section>
    </>
  );
}
