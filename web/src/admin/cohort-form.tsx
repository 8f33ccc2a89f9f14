/**
 * Adding a cohort: 14 to 28 days counting both ends (the API's rule, shown as the
 * dates are typed), free or priced per pricing group; the API's field errors are
 * put back on the fields they name.
 */
import type { InferRequestType } from "hono/client";
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { Failure, failedOf, read } from "../api/load";
import { pathErrors } from "../api/problem";
import { Field, invalidProps } from "../components/field";
import { type Notice, Notices, failureNotice } from "../components/status";
import { today } from "../format";
import { useT } from "../i18n/i18n";
import { type Group, PriceFieldset, pricesOf } from "./prices";

type CohortBody = InferRequestType<(typeof api.courses)[":id"]["cohorts"]["$post"]>["json"];

/** Whole days from start to end, counting both (the API's rule). */
const daysInclusive = (start: string, end: string) =>
  Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) + 1;
const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

type CohortDraft = {
  startDate: string;
  endDate: string;
  capacity: string;
  enrolmentDeadline: string;
  free: boolean;
  currency: string;
  amounts: Record<Group, string>;
};

function blankCohort(): CohortDraft {
  const start = addDays(today(), 14);
  return {
    startDate: start,
    endDate: addDays(start, 13),
    capacity: "30",
    enrolmentDeadline: addDays(start, -1),
    free: true,
    currency: "CAD",
    amounts: { standard: "", reduced: "", community: "" },
  };
}

export function CohortForm({ courseId, onAdded }: { courseId: string; onAdded: () => void }) {
  const { t } = useT();
  const [draft, setDraft] = useState<CohortDraft>(blankCohort);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const formId = `cohort-form-${courseId}`;
  useEffect(() => {
    if (Object.keys(errors).length) document.querySelector<HTMLElement>(`#${formId} [aria-invalid=true]`)?.focus();
  }, [errors]);

  const set =
    (key: "startDate" | "endDate" | "capacity" | "enrolmentDeadline" | "currency") =>
    (e: { currentTarget: { value: string } }) =>
      setDraft((d) => ({ ...d, [key]: e.currentTarget.value }));
  const days =
    /^\d{4}-\d{2}-\d{2}$/.test(draft.startDate) && /^\d{4}-\d{2}-\d{2}$/.test(draft.endDate)
      ? daysInclusive(draft.startDate, draft.endDate)
      : null;

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
      <PriceFieldset idPrefix={formId} draft={draft} setDraft={setDraft} errors={errors} priceError={priceError} />
      <Notices notice={notice} />
      <button type="submit" disabled={busy}>
        {busy ? t("admin.saving") : t("admin.addCohortSubmit")}
      </button>
    </form>
  );
}
