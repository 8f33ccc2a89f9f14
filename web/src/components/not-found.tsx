import { Link } from "wouter-preact";
import { useT } from "../i18n/i18n";
import { useTitle } from "../title";

export function NotFound() {
  const { lang, t } = useT();
  useTitle(t("notFound.title"));
  return (
    <>
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.body")}</p>
      <p>
        <Link href={`/${lang}`}>{t("notFound.home")}</Link>
      </p>
    </>
  );
}
