/** A publication's price for its reader: their own when signed in, else every group's. */
import { formatMoney } from "../format";
import type { I18n } from "../i18n/i18n";
import type { PublicationView } from "./types";

export function priceText({ lang, t }: I18n, p: Pick<PublicationView, "price" | "prices">): string {
  if (p.price === null || p.prices.length === 0) return t("course.free");
  if (p.price) return formatMoney(lang, p.price);
  return p.prices.map((x) => `${t(`pricing.${x.group}`)}: ${formatMoney(lang, x)}`).join(" · ");
}
