/**
 * Matching rounds, for the platform admin: run one (with the day assigned applicants must answer
 * by), with a progress bar fed by GET /api/exchange/rounds/progress while the run's request is
 * open; then every round with its public audit page and its outcome as CSV.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { read, useLoad } from "../api/load";
import { Field } from "../components/field";
import { LoadFailure, Loading, type Notice, Notices, failureNotice } from "../components/status";
import { type RoundProgress, type RoundRun, addDays, exchangeApi } from "../exchange/api";
import { formatDate, formatTime, today } from "../format";
import { useT } from "../i18n/i18n";

const POLL_MS = 400;

export function RoundsAdmin() {
  const { lang, t } = useT();
  const rounds = useLoad(
    () =>
      exchangeApi.rounds
        .$get()
        .then(read)
        .then((r) => r.items),
    [],
  );
  const [respondBy, setRespondBy] = useState(() => addDays(today(), 7));
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<RoundProgress | null>(null);
  const [done, setDone] = useState<RoundRun | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const polling = useRef(false);
  useEffect(() => () => void (polling.current = false), []);

  async function poll() {
    polling.current = true;
    while (polling.current) {
      try {
        const p = await exchangeApi.rounds.progress.$get().then(read);
        if (!polling.current) break;
        setProgress(p);
      } catch {
        // A missed answer: the bar waits for the next one.
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  async function run(e: Event) {
    e.preventDefault();
    setRunning(true);
    setDone(null);
    setNotice(null);
    setProgress(null);
    void poll();
    try {
      const r = await exchangeApi.rounds.$post({ json: { respondBy } }).then(read);
      setDone(r);
      setNotice({
        kind: "status",
        text: t("rounds.done", {
          matched: Object.values(r.assignments).filter(Boolean).length,
          count: Object.keys(r.assignments).length,
        }),
      });
      rounds.reload();
    } catch (err) {
      setNotice(failureNotice(err, t));
    } finally {
      polling.current = false;
      setRunning(false);
    }
  }

  const p = progress?.state === "running" && progress.phase ? progress : null;
  return (
    <section aria-labelledby="rounds-title">
      <h2 id="rounds-title">{t("rounds.title")}</h2>
      <form class="panel" id="round-run" onSubmit={run} aria-labelledby="round-run-title">
        <h3 id="round-run-title">{t("rounds.run")}</h3>
        <p class="hint">{t("rounds.runHint")}</p>
        <Field name="round-respond-by" label={t("rounds.respondBy")}>
          <input
            id="round-respond-by"
            type="date"
            min={today()}
            required
            value={respondBy}
            onInput={(e) => setRespondBy(e.currentTarget.value)}
          />
        </Field>
        <p class="actions">
          <button type="submit" disabled={running}>
            {running ? t("rounds.running") : t("rounds.start")}
          </button>
        </p>
        {(running || done) && (
          <div class="run" aria-live="polite">
            <label for="round-progress">
              {done
                ? t("rounds.finished")
                : p
                  ? t("rounds.phase", { phase: t(`rounds.phases.${p.phase!}`), done: p.done ?? 0, total: p.total ?? 0 })
                  : t("rounds.starting")}
            </label>
            {done ? (
              <progress key="done" id="round-progress" value={1} max={1} />
            ) : p?.total ? (
              <progress id="round-progress" value={p.done ?? 0} max={p.total} />
            ) : (
              <progress id="round-progress" />
            )}
          </div>
        )}
        <Notices notice={notice} />
        {done && (
          <p>
            <Link href={`/${lang}/exchange/rounds/${done.id}`}>{t("rounds.audit")}</Link>
          </p>
        )}
      </form>
      <h3>{t("rounds.list")}</h3>
      {!rounds.data && (rounds.failed ? <LoadFailure failed={rounds.failed} retry={rounds.reload} /> : <Loading />)}
      {rounds.data?.length === 0 && <p class="muted">{t("rounds.none")}</p>}
      {rounds.data && rounds.data.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={t("rounds.list")}>
          <table class="people rounds">
            <thead>
              <tr>
                <th scope="col">{t("rounds.ranAt")}</th>
                <th scope="col" class="num">
                  {t("rounds.matched")}
                </th>
                <th scope="col">{t("rounds.respondBy")}</th>
                <th scope="col">{t("rounds.links")}</th>
              </tr>
            </thead>
            <tbody>
              {rounds.data.map((r) => (
                <tr key={r.id} data-round={r.id}>
                  <td>
                    {formatDate(lang, r.ranAt)} {formatTime(lang, r.ranAt)}
                  </td>
                  <td class="num">
                    {t("rounds.matchedOf", { matched: r.matched, applicants: r.applicants })}
                    {!r.stable && (
                      <>
                        <br />
                        <strong class="error">{t("exchange.round.stableNo")}</strong>
                      </>
                    )}
                  </td>
                  <td>{r.respondBy ? formatDate(lang, r.respondBy) : "—"}</td>
                  <td>
                    <Link href={`/${lang}/exchange/rounds/${r.id}`}>{t("rounds.audit")}</Link>
                    <br />
                    <a href={exchangeApi.rounds[":id"]["outcome.csv"].$path({ param: { id: r.id } })} download>
                      {t("rounds.csv")}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
