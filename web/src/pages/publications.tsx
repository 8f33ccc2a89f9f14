/**
 * Publications on sale (studies, manuals, data sets): title, a line of description,
 * the reader's own price (every group's when signed out) and the file's size, which
 * matters on a slow link.
 */
import { Link } from "wouter-preact";
import { api } from "../api/client";
import { read, useLoad } from "../api/load";
import { LocalText } from "../components/localized";
import { LoadFailure, Loading } from "../components/status";
import { formatSize } from "../format";
import { useT } from "../i18n/i18n";
import { priceText } from "../publications/price";
import { useMe } from "../session";
import { useTitle } from "../title";

export default function Publications() {
  const i18n = useT();
  const { lang, t } = i18n;
  const me = useMe();
  // The price depends on who reads: ask again once we know.
  const list = useLoad(
    () =>
      api.publications
        .$get()
        .then(read)
        .then((r) => r.items),
    [me?.id],
  );
  useTitle(t("publications.title"));
  return (
    <>
      <h1>{t("publications.title")}</h1>
      <p class="lead">{t("publications.intro")}</p>
      {!list.data && (list.failed ? <LoadFailure failed={list.failed} retry={list.reload} /> : <Loading />)}
      {list.data?.length === 0 && <p class="muted">{t("publications.none")}</p>}
      {list.data && list.data.length > 0 && (
        <ul class="courses">
          {list.data.map((p) => (
            <li key={p.id}>
              <h2>
                <Link href={`/${lang}/publications/${p.id}`}>
                  <LocalText text={p.title} mark />
                </Link>
              </h2>
              <p class="summary">
                <LocalText text={p.description} />
              </p>
              <p class="meta">
                <span class="price">{priceText(i18n, p)}</span>
                {p.file && ` · ${formatSize(lang, p.file.size)}`}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
