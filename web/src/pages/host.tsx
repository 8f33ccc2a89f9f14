/**
 * A host's public page: an organisation or a local talent, where it is, the languages it
 * receives visitors in, what it knows and achieved, its photo (loaded lazily, small) and the
 * routes it is part of. A member of the host (or a platform admin) gets a link to its statement
 * and edits the profile (the form's chunk is fetched when asked for: admin/host-profile.tsx).
 */
import { type ComponentType, Fragment } from "preact";
import { useState } from "preact/hooks";
import { Link, useSearch } from "wouter-preact";
import { read, useLoad } from "../api/load";
import { LocalText } from "../components/localized";
import { LoadFailure, Loading, type Notice, Notices, failureNotice } from "../components/status";
import { formatDates } from "../format";
import { useT } from "../i18n/i18n";
import type { PageProps } from "../lazy";
import { type Host, routesApi } from "../learning-routes/api";
import { countryName } from "../learning-routes/itinerary";
import { useMe } from "../session";
import { useTitle } from "../title";
import { useTopics } from "../topics";

type EditorProps = { host: Host; onSaved: (h: Host) => void; onCancel: () => void };
let editor: Promise<ComponentType<EditorProps>> | undefined;
const loadEditor = () =>
  (editor ??= import("../admin/host-profile").then(
    (m) => m.HostProfileForm,
    (err) => {
      editor = undefined; // a poor link: the next click tries again
      throw err;
    },
  ));

const asText = (v: Record<string, string | undefined> | string) => (typeof v === "string" ? { es: v } : v);

export default function HostPage({ params }: PageProps) {
  const { lang, t } = useT();
  const me = useMe();
  const topics = useTopics();
  const id = params.id;
  const host = useLoad(() => routesApi.hosts[":id"].$get({ param: { id } }).then(read), [id]);
  const routes = useLoad(
    () =>
      routesApi.hosts[":id"].routes
        .$get({ param: { id } })
        .then(read)
        .then((r) => r.items),
    [id],
  );
  const mine = useLoad(
    () =>
      me
        ? routesApi.me.hosts
            .$get()
            .then(read)
            .then((r) => r.items.some((h) => h.id === id))
        : Promise.resolve(false),
    [id, me?.id],
  );
  const canRead = Boolean(mine.data || me?.roles.includes("platform_admin"));
  // Stripe's onboarding brings the person back here (?connect=done, or =refresh for a stale link).
  const back = new URLSearchParams(useSearch()).get("connect");
  const connect = useLoad(
    () => (canRead ? routesApi.hosts[":id"].connect.$get({ param: { id } }).then(read) : Promise.resolve(null)),
    [id, canRead],
  );
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [Editor, setEditor] = useState<ComponentType<EditorProps> | null>(null);
  const h = host.data;
  useTitle(h?.name ?? t("host.title"));
  if (!h) return host.failed ? <LoadFailure failed={host.failed} retry={host.reload} /> : <Loading />;

  async function onboard() {
    setBusy(true);
    setNotice(null);
    try {
      const { url } = await routesApi.hosts[":id"].connect.$post({ param: { id } }).then(read);
      location.assign(url); // Stripe's page, another origin
    } catch (err) {
      setBusy(false);
      setNotice(failureNotice(err, t));
    }
  }
  async function edit() {
    setNotice(null);
    try {
      const Form = await loadEditor();
      setEditor(() => Form);
    } catch {
      setNotice({ kind: "alert", text: t("common.loadFailed") });
    }
  }
  const topicName = (tid: string) => topics.find((tp) => tp.id === tid)?.name[lang] ?? tid;
  return (
    <>
      <h1>{h.name}</h1>
      {h.photo && (
        <img
          class="host-photo"
          src={h.photo.url}
          width={h.photo.width}
          height={h.photo.height}
          loading="lazy"
          decoding="async"
          alt={t("host.photoOf", { name: h.name })}
        />
      )}
      <dl class="facts">
        <dt>{t("host.kind")}</dt>
        <dd>{t(`host.kinds.${h.kind}`)}</dd>
        {h.organisationType && (
          <>
            <dt>{t("host.organisationType")}</dt>
            <dd>{t(`host.orgTypes.${h.organisationType}`)}</dd>
          </>
        )}
        <dt>{t("host.where")}</dt>
        <dd>{[h.region, countryName(lang, h.country)].filter(Boolean).join(", ")}</dd>
        {h.languages && h.languages.length > 0 && (
          <>
            <dt>{t("host.languages")}</dt>
            <dd>{h.languages.map((l) => new Intl.DisplayNames([lang], { type: "language" }).of(l) ?? l).join(", ")}</dd>
          </>
        )}
        {h.topics && h.topics.length > 0 && (
          <>
            <dt>{t("course.topics")}</dt>
            <dd>{h.topics.map(topicName).join(" · ")}</dd>
          </>
        )}
      </dl>
      {h.expertise && (
        <>
          <h2>{t("host.expertise")}</h2>
          <p>
            <LocalText text={asText(h.expertise)} />
          </p>
        </>
      )}
      {h.achievements && (
        <>
          <h2>{t("host.achievements")}</h2>
          <p>
            <LocalText text={h.achievements} />
          </p>
        </>
      )}
      {h.figures && h.figures.length > 0 && (
        <dl class="facts">
          {h.figures.map((f, i) => (
            <Fragment key={i}>
              <dt>
                <LocalText text={f.label} />
              </dt>
              <dd>{f.value}</dd>
            </Fragment>
          ))}
        </dl>
      )}
      {back === "done" && <p class="notice ok">{t("host.connectDone")}</p>}
      {back === "refresh" && <p class="notice">{t("host.connectAgain")}</p>}
      {canRead && (
        <p class="actions">
          <Link href={`/${lang}/hosts/${id}/statement`} class="button secondary">
            {t("statement.title")}
          </Link>
          {connect.data?.ready === false && (
            <button type="button" class="secondary" disabled={busy} onClick={onboard}>
              {t("hostAdmin.stripeOnboard")}
            </button>
          )}
          {connect.data?.ready && <span class="badge">{t("hostAdmin.stripeReady")}</span>}
          {!Editor && (
            <button type="button" class="secondary" onClick={edit}>
              {t("hostAdmin.edit")}
            </button>
          )}
        </p>
      )}
      {canRead && Editor && (
        <Editor
          host={h}
          onCancel={() => setEditor(null)}
          onSaved={(saved) => {
            host.set(saved);
            setEditor(null);
            setNotice({ kind: "status", text: t("hostAdmin.saved") });
          }}
        />
      )}
      <Notices notice={notice} />
      <h2>{t("host.routes")}</h2>
      {!routes.data && (routes.failed ? <LoadFailure failed={routes.failed} retry={routes.reload} /> : <Loading />)}
      {routes.data?.length === 0 && <p class="muted">{t("host.noRoutes")}</p>}
      {routes.data && routes.data.length > 0 && (
        <ul class="courses">
          {routes.data.map((r) => (
            <li key={r.id}>
              <h3>
                <Link href={`/${lang}/routes/${r.id}`}>
                  <LocalText text={r.title} mark />
                </Link>
              </h3>
              <p class="meta">{formatDates(lang, r.startDate, r.endDate)}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
