/** A cohort as an all-day calendar event (RFC 5545), so participants can block the weeks. */
import { createEvent } from "ics";
import { config } from "../config";
import { type Locale, pick } from "../text";
import type { Cohort } from "./kind";

const ymd = (d: string): [number, number, number] => {
  const [y, m, day] = d.split("-").map(Number);
  return [y, m, day];
};
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function cohortIcs(cohort: Cohort, locale: Locale): string {
  const { error, value } = createEvent({
    uid: `cohort-${cohort.id}@rutas`,
    title: pick(cohort.title, locale),
    description: `${config().appUrl}/${locale}/courses/${cohort.parentId}`,
    url: `${config().appUrl}/${locale}/courses/${cohort.parentId}`,
    start: ymd(cohort.startDate),
    end: ymd(nextDay(cohort.endDate)), // DTEND of an all-day event is exclusive
    productId: "rutas/courses",
    calName: "Rutas",
  });
  if (error || !value) throw error ?? new Error("Calendar event could not be built");
  return value;
}
