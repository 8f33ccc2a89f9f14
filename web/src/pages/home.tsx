/** Home: what the programme offers, in a few lines, and the way in. */
import { Link } from "wouter-preact";
import { useT } from "../i18n/i18n";
import { useTitle } from "../title";

export default function Home() {
  const { lang, t } = useT();
  useTitle(t("app.tagline"));
  return (
    <>
      <h1>{t("home.title")}</h1>
      <p class="lead">{t("home.intro")}</p>
      <ul class="cards">
        <li>
          <h2>{t("home.coursesTitle")}</h2>
          <p>{t("home.coursesBody")}</p>
          <p>
            <Link href={`/${lang}/courses`}>{t("home.browse")}</Link>
          </p>
        </li>
        <li>
          <h2>{t("home.publicationsTitle")}</h2>
          <p>{t("home.publicationsBody")}</p>
          <p>
            <Link href={`/${lang}/publications`}>{t("home.publicationsLink")}</Link>
          </p>
        </li>
        <li>
          <h2>{t("home.exchangeTitle")}</h2>
          <p>{t("home.exchangeBody")}</p>
          <p>
            <Link href={`/${lang}/exchange`}>{t("home.exchangeLink")}</Link>
          </p>
        </li>
        <li>
          <h2>{t("home.routesTitle")}</h2>
          <p>{t("home.routesBody")}</p>
        </li>
      </ul>
      <p>{t("home.prices")}</p>
      <p class="actions">
        <Link href={`/${lang}/signin`} class="button">
          {t("home.signin")}
        </Link>
        <Link href={`/${lang}/profile`}>{t("home.profile")}</Link>
      </p>
    </>
  );
}
