/**
 * One cohort as its institution sees it: dates, seats, waiting list and prices, with
 * its enrolments (cohort-enrolments.tsx) and, when priced, its ledger on demand. A
 * refund changes the ledger, so the ledger reads again after one.
 */
import { useState } from "preact/hooks";
import type { Cohort } from "../courses/types";
import { formatDate, formatDates, formatMoney } from "../format";
import { useT } from "../i18n/i18n";
import { Enrolments } from "./cohort-enrolments";
import { CohortLedger } from "./ledger";

export function CohortAdmin({ cohort }: { cohort: Cohort }) {
  const { lang, t } = useT();
  const [open, setOpen] = useState(false);
  const [ledger, setLedger] = useState(false);
  const [refunds, setRefunds] = useState(0); // a refund changes the ledger: it reads again
  const prices = cohort.prices.length
    ? cohort.prices.map((p) => `${t(`pricing.${p.group}`)}: ${formatMoney(lang, p)}`).join(" · ")
    : t("course.free");
  const headingId = `admin-cohort-${cohort.id}`;
  return (
    <article class="cohort" aria-labelledby={headingId}>
      <h4 id={headingId}>{formatDates(lang, cohort.startDate, cohort.endDate)}</h4>
      <p class="meta">
        {t("course.deadline")}: {formatDate(lang, cohort.enrolmentDeadline)} ·{" "}
        {t("course.seatsLeft", { left: cohort.seatsLeft, capacity: cohort.capacity })}
        {cohort.waiting > 0 && ` · ${t("admin.waiting", { count: cohort.waiting })}`}
      </p>
      <p class="meta">{prices}</p>
      <p class="actions">
        <button
          type="button"
          class="secondary small"
          aria-expanded={open}
          aria-controls={`${headingId}-people`}
          onClick={() => setOpen(!open)}
        >
          {open ? t("admin.hideEnrolments") : t("admin.showEnrolments")}
        </button>
        {cohort.prices.length > 0 && (
          <button
            type="button"
            class="secondary small"
            aria-expanded={ledger}
            aria-controls={`${headingId}-ledger`}
            onClick={() => setLedger(!ledger)}
          >
            {ledger ? t("ledger.hide") : t("ledger.show")}
          </button>
        )}
      </p>
      <div id={`${headingId}-people`}>
        {open && <Enrolments cohortId={cohort.id} onRefunded={() => setRefunds((n) => n + 1)} />}
      </div>
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
