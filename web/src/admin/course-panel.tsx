/**
 * Managing one course: publish it, add cohorts (14 to 28 days counting both ends,
 * free or priced per pricing group) and follow each cohort's enrolments, with a
 * CSV of them for the institution's own records; refund a paid enrolment after an
 * on-page confirmation, and read the cohort's ledger.
 */
import type { InferRequestType } from "hono/client";
import { Fragment } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { api } from "../api/client";
import { Failure, failedOf, read, useLoad } from "../api/load";
import { errorUnder, pathErrors } from "../api/problem";
import { Field, FieldError, invalidProps } from "../components/field";
import { LoadFailure, Loading, type Notice, Notices, failureNotice } from "../components/status";
import type { Cohort, CourseSummary, EnrolmentView } from "../courses/types";
import { formatDate, formatDates, formatMoney, minorPerMajor, today } from "../format";
import { useT } from "../i18n/i18n";
import { GROUPS, type Group, GroupAmounts, pricesOf } from "./prices";
import { CohortLedger } from "./ledger";

type CohortBody = InferRequestType<(typeof api.courses)[":id"]["cohorts"]["$post"]>["json"];

/** Whole days from start to end, counting both (the API's rule). */
const daysInclusive = (start: string, end: string) => Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) + 1;
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

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

function CohortAdmin({ cohort }: { cohort: Cohort }) {
  const { lang, t } = useT();
  const [open, setOpen] = useState(false);
  const [ledger, setLedger] = useState(false);
  const [refunds, setRefunds] = useState(0); // a refund changes the ledger: it reads again
  const prices = cohort.prices.length ? cohort.prices.map((p) => `${t(`pricing.${p.group}`)}: ${formatMoney(lang, p)}`).join(" · ") : t("course.free");
  const headingId = `admin-cohort-${cohort.id}`;
  return (
    <article class="cohort" aria-labelledby={headingId}>
      <h4 id={headingId}>{formatDates(lang, cohort.startDate, cohort.endDate)}</h4>
      <p class="meta">
        {t("course.deadline")}: {formatDate(lang, cohort.enrolmentDeadline)} · {t("course.seatsLeft", { left: cohort.seatsLeft, capacity: cohort.capacity })}
        {cohort.waiting > 0 && ` · ${t("admin.waiting", { count: cohort.waiting })}`}
      </p>
      <p class="meta">{prices}</p>
      <p class="actions">
        <button type="button" class="secondary small" aria-expanded={open} aria-controls={`${headingId}-people`} onClick={() => setOpen(!open)}>
          {open ? t("admin.hideEnrolments") : t("admin.showEnrolments")}
        </button>
        {cohort.prices.length > 0 && (
          <button type="button" class="secondary small" aria-expanded={ledger} aria-controls={`${headingId}-ledger`} onClick={() => setLedger(!ledger)}>
            {ledger ? t("ledger.hide") : t("ledger.show")}
          </button>
        )}
      </p>
      <div id={`${headingId}-people`}>{open && <Enrolments cohortId={cohort.id} onRefunded={() => setRefunds((n) => n + 1)} />}</div>
      <div id={`${headingId}-ledger`}>
        {ledger && (
          <section aria-labelledby={`${headingId}-ledger-title`}>
            <h5 id={`${headingId}-ledger-title`} class="subhead">
              {t("ledger.title")}
            </h5>
            <CohortLedger cohortId={cohort.id} version={refunds} />
          </section>
        )}
      </div>
    </article>
  );
}

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

function Enrolments({ cohortId, onRefunded }: { cohortId: string; onRefunded: () => void }) {
  const { lang, t } = useT();
  const rows = useLoad(
    () => api.cohorts[":id"].enrolments.$get({ param: { id: cohortId }, query: {} }).then(read).then((r) => (r as { items: unknown[] }).items as Row[]),
    [cohortId],
  );
  const [asking, setAsking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const yes = useRef<HTMLButtonElement>(null);
  /** Whose question was cancelled: the focus goes back to their Refund button. */
  const cancelled = useRef<string | null>(null);
  useEffect(() => {
    if (asking) yes.current?.focus(); // the question takes the keyboard focus, Cancel is one Tab away
    else if (cancelled.current) document.getElementById(`refund-${cancelled.current}`)?.focus();
    cancelled.current = null;
  }, [asking]);

  async function refund(r: Row) {
    setBusy(true);
    setNotice(null);
    try {
      const out = await api.enrolments[":id"].refund.$post({ param: { id: r.id }, json: {} }).then(read);
      rows.set((rows.data ?? []).map((x) => (x.id === r.id && out.status === "refunded" ? { ...x, status: "refunded" } : x)));
      setAsking(null);
      setNotice({ kind: "status", text: t("admin.refunded", { name: r.name || r.email, amount: rowPrice(lang, r.price) }) });
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
                <th scope="col">{t("admin.progress")}</th>
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
                    <td class="num">
                      {r.progressPercent} %<br />
                      <span class="muted">{t("admin.lessonsDone", { done: r.lessonsDone, total: r.lessonsTotal })}</span>
                    </td>
                  </tr>
                  {asking === r.id && (
                    <tr>
                      <td colSpan={3}>
                        <div class="confirm" role="group" aria-label={t("admin.refundWho", { name: r.name || r.email })}>
                          <p>{t("admin.refundConfirm", { name: r.name || r.email, amount: rowPrice(lang, r.price) })}</p>
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
        <a href={api.cohorts[":id"].enrolments.$path({ param: { id: cohortId }, query: { format: "csv" } })} download>
          {t("admin.csv")}
        </a>
      </p>
    </>
  );
}

type CohortDraft = { startDate: string; endDate: string; capacity: string; enrolmentDeadline: string; free: boolean; currency: string; amounts: Record<Group, string> };

function blankCohort(): CohortDraft {
  const start = addDays(today(), 14);
  return { startDate: start, endDate: addDays(start, 13), capacity: "30", enrolmentDeadline: addDays(start, -1), free: true, currency: "CAD", amounts: { standard: "", reduced: "", community: "" } };
}

function CohortForm({ courseId, onAdded }: { courseId: string; onAdded: () => void }) {
  const { t } = useT();
  const [draft, setDraft] = useState<CohortDraft>(blankCohort);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const formId = `cohort-form-${courseId}`;
  useEffect(() => {
    if (Object.keys(errors).length) document.querySelector<HTMLElement>(`#${formId} [aria-invalid=true]`)?.focus();
  }, [errors]);

  const set = (key: "startDate" | "endDate" | "capacity" | "enrolmentDeadline" | "currency") => (e: { currentTarget: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.currentTarget.value }));
  const days = /^\d{4}-\d{2}-\d{2}$/.test(draft.startDate) && /^\d{4}-\d{2}-\d{2}$/.test(draft.endDate) ? daysInclusive(draft.startDate, draft.endDate) : null;

  async function submit(e: Event) {
    e.preventDefault();
    const prices = pricesOf(draft);
    const body: CohortBody = {
      startDate: draft.startDate,
      endDate: draft.endDate,
      capacity: Number(draft.capacity),
      enrolmentDeadline: draft.enrolmentDeadline,
      prices,
    };
    setBusy(true);
    setErrors({});
    setNotice(null);
    try {
      await api.courses[":id"].cohorts.$post({ param: { id: courseId }, json: body }).then(read);
      setDraft(blankCohort());
      setNotice({ kind: "status", text: t("admin.cohortAdded") });
      onAdded();
    } catch (err) {
      const failed = failedOf(err);
      if (failed instanceof Failure && failed.status === 400) {
        // prices.N.* names the Nth price sent: put it back on its pricing group's field.
        const found = pathErrors(failed.problem);
        const mapped: Record<string, string> = {};
        for (const [path, message] of Object.entries(found)) {
          const m = /^prices\.(\d+)\.(\w+)/.exec(path);
          const key = m ? (m[2] === "currency" ? "currency" : `amount-${prices[Number(m[1])]?.group}`) : path;
          mapped[key] ??= message;
        }
        setErrors(mapped);
        setNotice({ kind: "alert", text: t("errors.summary") });
      } else setNotice(failureNotice(err, t));
    } finally {
      setBusy(false);
    }
  }

  const date = (key: "startDate" | "endDate" | "enrolmentDeadline", label: string) => {
    const id = `${formId}-${key}`;
    return (
      <Field name={id} label={label} error={errors[key]}>
        <input id={id} type="date" value={draft[key]} onInput={set(key)} {...invalidProps(id, errors[key])} />
      </Field>
    );
  };
  const priceError = errors.prices;
  return (
    <form id={formId} class="subpanel" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h4 id={`${formId}-title`}>{t("admin.addCohort")}</h4>
      <p class="hint">{t("admin.cohortRule")}</p>
      <div class="two">
        {date("startDate", t("admin.startDate"))}
        {date("endDate", t("admin.endDate"))}
      </div>
      <p class="hint" aria-live="polite">
        {days !== null && days > 0 ? t("admin.days", { count: days }) : ""}
      </p>
      <div class="two">
        {date("enrolmentDeadline", t("admin.deadline"))}
        <Field name={`${formId}-capacity`} label={t("admin.capacity")} error={errors.capacity}>
          <input
            id={`${formId}-capacity`}
            type="number"
            inputMode="numeric"
            min={1}
            max={10000}
            value={draft.capacity}
            onInput={set("capacity")}
            {...invalidProps(`${formId}-capacity`, errors.capacity)}
          />
        </Field>
      </div>
      <fieldset class={errorUnder(errors, "prices") || errors.currency || GROUPS.some((g) => errors[`amount-${g}`]) ? "field invalid" : "field"}>
        <legend>{t("admin.price")}</legend>
        <label class="check">
          <input type="radio" name={`${formId}-free`} checked={draft.free} onChange={() => setDraft((d) => ({ ...d, free: true }))} />
          {t("admin.free")}
        </label>
        <label class="check">
          <input type="radio" name={`${formId}-free`} checked={!draft.free} onChange={() => setDraft((d) => ({ ...d, free: false }))} />
          {t("admin.priced")}
        </label>
        {!draft.free && (
          <>
            <p class="hint">{t("admin.pricesHint")}</p>
            <Field name={`${formId}-currency`} label={t("admin.currency")} error={errors.currency}>
              <input
                id={`${formId}-currency`}
                maxLength={3}
                autocapitalize="characters"
                value={draft.currency}
                onInput={set("currency")}
                {...invalidProps(`${formId}-currency`, errors.currency)}
              />
            </Field>
            <GroupAmounts idPrefix={formId} draft={draft} setDraft={setDraft} errors={errors} />
          </>
        )}
        <FieldError name={`${formId}-prices`} error={priceError} />
      </fieldset>
      <Notices notice={notice} />
      <button type="submit" disabled={busy}>
        {busy ? t("admin.saving") : t("admin.addCohortSubmit")}
      </button>
    </form>
  );
}
