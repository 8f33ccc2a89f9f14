/**
 * Site header: brand, main navigation and the language switcher. Switching keeps
 * the page (same path under the new prefix) and is remembered on this device.
 * A visitor sees "Sign in"; a signed-in person their learning and profile, and
 * "Manage" when they administer an institution (known once GET /api/auth/session answers).
 */
import { Link } from "wouter-preact";
import { useT } from "../i18n/i18n";
import { LANGUAGES, rememberLanguage } from "../i18n/languages";
import { useMe } from "../session";
import { Logo } from "./logo";

export function Header({ rest }: { rest: string }) {
  const { lang, t } = useT();
  const me = useMe();
  const section = rest.split("/")[1] ?? "";
  const item = (path: string, label: string) => (
    <Link href={`/${lang}${path}`} aria-current={section === path.slice(1) ? "page" : undefined}>
      {label}
    </Link>
  );
  return (
    <header class="top">
      <div class="bar">
        <Link href={`/${lang}`} class="brand">
          <Logo />
          <span>{t("app.name")}</span>
        </Link>
        <nav class="langs" aria-label={t("lang.label")}>
          {LANGUAGES.map((l) => (
            <Link
              key={l}
              href={`/${l}${rest}${rest === "/signin" ? "" : location.search}`}
              lang={l}
              aria-current={l === lang ? "true" : undefined}
              onClick={() => rememberLanguage(l)}
            >
              {t(`lang.${l}`)}
            </Link>
          ))}
        </nav>
      </div>
      <nav class="nav" aria-label={t("nav.label")}>
        {item("", t("nav.home"))}
        {item("/courses", t("nav.courses"))}
        {item("/routes", t("nav.routes"))}
        {item("/exchange", t("nav.exchange"))}
        {me && item("/learning", t("nav.learning"))}
        {me && (me.institutions.length > 0 || me.roles.includes("platform_admin")) && item("/admin", t("nav.admin"))}
        {me && item("/profile", t("nav.profile"))}
        {me === null && item("/signin", t("nav.signin"))}
      </nav>
    </header>
  );
}
