/**
 * Site header: brand, main navigation and the language switcher. Switching keeps
 * the page (same path under the new prefix) and is remembered on this device.
 */
import { Link } from "wouter-preact";
import { useT } from "../i18n/i18n";
import { LANGUAGES, rememberLanguage } from "../i18n/languages";
import { Logo } from "./logo";

export function Header({ rest }: { rest: string }) {
  const { lang, t } = useT();
  const here = (href: string) => (`/${lang}${rest}` === href ? "page" : undefined);
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
              href={`/${l}${rest}`}
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
        <Link href={`/${lang}`} aria-current={here(`/${lang}`)}>
          {t("nav.home")}
        </Link>
        <Link href={`/${lang}/profile`} aria-current={here(`/${lang}/profile`)}>
          {t("nav.profile")}
        </Link>
      </nav>
    </header>
  );
}
