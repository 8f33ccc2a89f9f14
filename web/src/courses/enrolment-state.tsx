/** What an enrolment (or a document bought) means for its person, in one sentence (course page, My learning, a publication). */
import { Link } from "wouter-preact";
import { formatTime } from "../format";
import { useT } from "../i18n/i18n";
import type { EnrolmentView } from "./types";

/** Enrolments that hold a seat or a place in the queue; the others can enrol again. */
export const isCurrent = (e: Pick<EnrolmentView, "status">) =>
  e.status === "active" || e.status === "pending_payment" || e.status === "waitlisted";

type Shown = Pick<EnrolmentView, "id" | "status" | "holdExpiresAt" | "waitlistPosition" | "hasSeats" | "links">;

export function EnrolmentState({ enrolment: e, link = true }: { enrolment: Shown; link?: boolean }) {
  const { lang, t } = useT();
  if (!e.hasSeats && (e.status === "active" || e.status === "pending_payment")) {
    // Something bought without a seat (a document): it is yours, or reserved while you pay.
    return (
      <p>
        <strong>{e.status === "active" ? t("publications.yours") : t("publications.held")}</strong>
        {e.status === "pending_payment" && e.holdExpiresAt && (
          <> {t("publications.heldUntil", { time: formatTime(lang, e.holdExpiresAt) })}</>
        )}
      </p>
    );
  }
  if (e.status === "active") {
    return (
      <p>
        <strong>{t("enrolment.active")}</strong>
        {link && (
          <>
            {" "}
            <Link href={`/${lang}/${e.links.open}`}>{t("enrolment.open")}</Link>
          </>
        )}
      </p>
    );
  }
  if (e.status === "pending_payment") {
    return (
      <p>
        <strong>{t("enrolment.held")}</strong>{" "}
        {e.holdExpiresAt
          ? t("enrolment.heldUntil", { time: formatTime(lang, e.holdExpiresAt) })
          : t("enrolment.heldFor")}
      </p>
    );
  }
  if (e.status === "waitlisted") {
    return (
      <p>
        <strong>
          {e.waitlistPosition
            ? t("enrolment.waitlistedAt", { position: e.waitlistPosition })
            : t("enrolment.waitlisted")}
        </strong>
      </p>
    );
  }
  return <p>{t(`enrolment.status.${e.status}`)}</p>;
}
