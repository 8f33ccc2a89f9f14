/**
 * A cohort's (or a Learning Route's) enrolments, with a CSV of them for the institution's own records, and a
 * refund of a paid enrolment after an on-page confirmation (focus goes to the question,
 * and back to its Refund button when cancelled).
 */
import { Fragment } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api/client";
import { read, useLoad } from "../api/load";
import { LoadFailure, Loading, type Notice, Notices, failureNotice } from "../components/status";
import type { EnrolmentView } from "../courses/types";
import { formatMoney, minorPerMajor } from "../format";
import { useT } from "../i18n/i18n";
import { routesApi } from "../learning-routes/api";

/** The rows of GET /api/cohorts/:id/enrolments (its schema leaves them untyped). */
type Row = {
  id: string;
  name: string;
  email: string;
  status: EnrolmentView["status"];
  waitlistPosition: number | null;
  /** What the enrolment costs, as the API writes it: "60.00 CAD", or "free". */
  price: string;
  lessonsDone: number;
  lessonsTotal: number;
  progressPercent: number;
};

/** "60.00 CAD" (the enrolments list writes prices so) → the reader's "CA$60.00"; anything else as it came. */
export function rowPrice(lang: Parameters<typeof formatMoney>[0], price: string): string {
  const m = /^(\d+(?:\.\d+)?) ([A-Z]{3})$/.exec(price);
  if (!m) return price;
  try {
    return formatMoney(lang, { amount: Math.round(Number(m[1]) * minorPerMajor(m[2])), currency: m[2] });
  } catch {
    return price;
  }
}

/** Paid and not refunded: a priced enrolment that holds its seat. */
const refundable = (r: Row) => r.status === "active" && r.price !== "free";

/** A cohort's rows (typed by its route) or a route's (typed by the plan until its route merges). */
const sourceOf = (of: { cohortId: string } | { routeId: string }) =>
  "cohortId" in of
    ? {
        key: of.cohortId,
        load: () => api.cohorts[":id"].enrolments.$get({ param: { id: of.cohortId }, query: {} }).then(read),
        csv: api.cohorts[":id"].enrolments.$path({ param: { id: of.cohortId }, query: { format: "csv" } }),
        lessons: true,
      }
    : {
        key: of.routeId,
        load: () => routesApi.routes[":id"].enrolments.$get({ param: { id: of.routeId }, query: {} }).then(read),
        csv: routesApi.routes[":id"].enrolments.$path({ param: { id: of.routeId }, query: { format: "csv" } }),
        lessons: false,
      };

export function Enrolments({
  onRefunded,
  ...of
}: ({ cohortId: string } | { routeId: string }) & { onRefunded: () => void }) {
  const { lang, t } = useT();
  const source = sourceOf(of);
  const rows = useLoad(() => source.load().then((r) => (r as { items: unknown[] }).items as Row[]), [source.key]);
  const [asking, setAsking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const yes = useRef<HTMLButtonElement>(null);
  /** Whose question was cancelled: the focus goes back to their Refund button. */
  const cancelled = useRef<string | null>(null);
  useEffect(() => {
    if (asking)
      yes.current?.focus(); // the question takes the keyboard focus, Cancel is one Tab away
    else if (cancelled.current) document.getElementById(`refund-${cancelled.current}`)?.focus();
    cancelled.current = null;
  }, [asking]);

  async function refund(r: Row) {
    setBusy(true);
    setNotice(null);
    try {
      const out = await api.enrolments[":id"].refund.$post({ param: { id: r.id }, json: {} }).then(read);
      rows.set(
        (rows.data ?? []).map((x) => (x.id === r.id && out.status === "refunded" ? { ...x, status: "refunded" } : x)),
      );
      setAsking(null);
      setNotice({
        kind: "status",
        text: t("admin.refunded", { name: r.name || r.email, amount: rowPrice(lang, r.price) }),
      });
      onRefunded();
    } catch (err) {
      setNotice(failureNotice(err, t));
      rows.reload(); // e.g. already refunded elsewhere: show the status as it is now
    } finally {
      setBusy(false);
    }
  }
  const cancel = (r: Row) => {
    cancelled.current = r.id;
    setAsking(null);
  };

  if (!rows.data) return rows.failed ? <LoadFailure failed={rows.failed} retry={rows.reload} /> : <Loading />;
  return (
    <>
      {rows.data.length === 0 ? (
        <p class="muted">{t("admin.noEnrolments")}</p>
      ) : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={t("admin.enrolments")}>
          <table class="people">
            <caption class="visually-hidden">{t("admin.enrolments")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.person")}</th>
                <th scope="col">{t("admin.status")}</th>
                {source.lessons && <th scope="col">{t("admin.progress")}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.data.map((r) => (
                <Fragment key={r.id}>
                  <tr>
                    <td>
                      {r.name || "—"}
                      <br />
                      <span class="muted email">{r.email}</span>
                    </td>
                    <td>
                      {t(`enrolment.status.${r.status}`)}
                      {r.waitlistPosition ? ` (${r.waitlistPosition})` : ""}
                      {r.price !== "free" && (
                        <>
                          <br />
                          <span class="muted">{rowPrice(lang, r.price)}</span>
                        </>
                      )}
                      {refundable(r) && asking !== r.id && (
                        <>
                          <br />
                          <button
                            id={`refund-${r.id}`}
                            type="button"
                            class="secondary small"
                            aria-label={t("admin.refundWho", { name: r.name || r.email })}
                            onClick={() => (setAsking(r.id), setNotice(null))}
                          >
                            {t("admin.refund")}
                          </button>
                        </>
                      )}
                    </td>
                    {source.lessons && (
                      <td class="num">
                        {r.progressPercent} %<br />
                        <span class="muted">
                          {t("admin.lessonsDone", { done: r.lessonsDone, total: r.lessonsTotal })}
                        </span>
                      </td>
                    )}
                  </tr>
                  {asking === r.id && (
                    <tr>
                      <td colSpan={source.lessons ? 3 : 2}>
                        <div
                          class="confirm"
                          role="group"
                          aria-label={t("admin.refundWho", { name: r.name || r.email })}
                        >
                          <p>
                            {t("admin.refundConfirm", { name: r.name || r.email, amount: rowPrice(lang, r.price) })}
                          </p>
                          <p class="actions">
                            <button ref={yes} type="button" class="danger" disabled={busy} onClick={() => refund(r)}>
                              {busy ? t("admin.refunding") : t("admin.refundYes")}
                            </button>
                            <button type="button" class="secondary" disabled={busy} onClick={() => cancel(r)}>
                              {t("common.cancel")}
                            </button>
                          </p>
                        </div>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Notices notice={notice} />
      <p>
        <a href={source.csv} download>
          {t("admin.csv")}
        </a>
      </p>
    </>
  );
}
