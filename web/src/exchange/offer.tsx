/**
 * What the exchange pages say about an offer the same way: its kind, where and when, and its fee —
 * the reader's own when their pricing group is known (a group without its own price pays the
 * standard one, as for every priced offering), else every group's.
 */
import { formatDate, formatDates, formatMoney } from "../format";
import type { I18n } from "../i18n/i18n";
import { countryName } from "../learning-routes/itinerary";
import type { Offer, Price } from "./api";

export const priceFor = (prices: Price[], group: string | undefined) =>
  prices.find((p) => p.group === group) ?? prices.find((p) => p.group === "standard") ?? prices[0];

export function feeText({ lang, t }: I18n, prices: Price[] | undefined, group?: string): string {
  if (!prices?.length) return t("course.free");
  if (group) return formatMoney(lang, priceFor(prices, group));
  return prices.map((x) => `${t(`pricing.${x.group}`)}: ${formatMoney(lang, x)}`).join(" · ");
}

export const placeOf = (lang: string, o: Pick<Offer, "country" | "city">) =>
  o.city ? `${o.city}, ${countryName(lang, o.country)}` : countryName(lang, o.country);

/** "Study visit · Cusco, Peru · 1–14 Mar 2027". */
export const offerLine = (i18n: I18n, o: Pick<Offer, "kind" | "country" | "city" | "startDate" | "endDate">) =>
  [i18n.t(`exchange.kind.${o.kind}`), placeOf(i18n.lang, o), formatDates(i18n.lang, o.startDate, o.endDate)].join(
    " · ",
  );

/** Applications to the offer are still taken (the API counts days in UTC). */
export const stillOpen = (o: Pick<Offer, "status" | "applicationDeadline">, today: string) =>
  o.status === "open" && today <= o.applicationDeadline;

export const deadlineText = ({ lang, t }: I18n, o: Pick<Offer, "applicationDeadline">) =>
  t("exchange.deadline", { date: formatDate(lang, o.applicationDeadline) });
