/**
 * A route's itinerary, day by day, as a list (no map library: the list is the map). Each stop
 * names its host and links to the host's page. Shared by the route page and the enrolled
 * participant's page, which reads it offline too.
 */
import { Link } from "wouter-preact";
import { LocalText } from "../components/localized";
import { formatDate, formatMoney } from "../format";
import type { I18n } from "../i18n/i18n";
import { useT } from "../i18n/i18n";
import type { RouteView } from "./api";

/** The calendar day of day `n` (1 = the first day), as the API counts days (UTC). */
export function dayDate(startDate: string, n: number): string {
  const d = new Date(`${startDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n - 1);
  return d.toISOString().slice(0, 10);
}

export function Itinerary({ route }: { route: Pick<RouteView, "stops" | "startDate"> }) {
  const { lang, t } = useT();
  const days = [...new Set(route.stops.map((s) => s.day))].sort((a, b) => a - b);
  return (
    <ol class="itinerary">
      {days.map((day) => (
        <li key={day}>
          <h3>
            {t("routes.day", { n: day })} <span class="muted">· {formatDate(lang, dayDate(route.startDate, day))}</span>
          </h3>
          <ul>
            {route.stops
              .filter((s) => s.day === day)
              .map((s, i) => (
                <li key={i} class="stop">
                  <strong>
                    <LocalText text={s.title} />
                  </strong>
                  <br />
                  <span class="meta">
                    {s.place} · <Link href={`/${lang}/hosts/${s.hostId}`}>{s.host?.name ?? t("routes.hostLink")}</Link>
                  </span>
                  {s.activity && (
                    <p>
                      <LocalText text={s.activity} />
                    </p>
                  )}
                </li>
              ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

/** The reader's own price when signed in, else every group's. */
export function routePriceText({ lang, t }: I18n, r: Pick<RouteView, "price" | "prices">): string {
  if (r.price === null || r.prices.length === 0) return t("course.free");
  if (r.price) return formatMoney(lang, r.price);
  return r.prices.map((x) => `${t(`pricing.${x.group}`)}: ${formatMoney(lang, x)}`).join(" · ");
}

export const countryName = (lang: string, code: string) =>
  new Intl.DisplayNames([lang], { type: "region" }).of(code) ?? code;
