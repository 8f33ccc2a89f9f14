/**
 * Hosts, for the platform admin: register an organisation or a local talent, then per host
 * add a member (who signs in by the same magic link and reads the host's statement), upload a
 * photo (the API shrinks it for phones), edit its profile (host-profile.tsx) and open Stripe's onboarding for a connected account
 * (the only way Stripe transfers can pay the host; without it, payouts are recorded by hand).
 */
import { useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { Failure, failedOf, read, useLoad } from "../api/load";
import { fieldErrors, problemOf } from "../api/problem";
import { Field, invalidProps } from "../components/field";
import { LoadFailure, Loading, type Notice, Notices, failureNotice } from "../components/status";
import { useT } from "../i18n/i18n";
import { type Host, type HostKind, routesApi, uploadPhoto } from "../learning-routes/api";
import { countryName } from "../learning-routes/itinerary";
import { COMMON_COUNTRIES } from "../profile/countries";
import { HOST_LANGUAGES, HostProfileForm, ORG_TYPES } from "./host-profile";

export const loadHosts = () =>
  routesApi.hosts
    .$get({ query: {} })
    .then(read)
    .then((r) => r.items);

export function HostsAdmin() {
  const { t } = useT();
  const hosts = useLoad(loadHosts, []);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <section aria-labelledby="hosts-title">
      <h2 id="hosts-title">{t("hostAdmin.title")}</h2>
      <HostForm
        onCreated={(h) => {
          setCreated(h.name);
          hosts.set([h, ...(hosts.data ?? [])]);
        }}
      />
      <div role="status">{created && <p class="notice ok">{t("hostAdmin.created", { name: created })}</p>}</div>
      {!hosts.data && (hosts.failed ? <LoadFailure failed={hosts.failed} retry={hosts.reload} /> : <Loading />)}
      {hosts.data?.length === 0 && <p class="muted">{t("hostAdmin.none")}</p>}
      <ul class="courses">
        {hosts.data?.map((h) => (
          <HostRow
            key={h.id}
            host={h}
            onSaved={(saved) => hosts.set((hosts.data ?? []).map((x) => (x.id === saved.id ? saved : x)))}
          />
        ))}
      </ul>
    </section>
  );
}

type Draft = {
  name: string;
  kind: HostKind;
  organisationType: string;
  country: string;
  region: string;
  expertise: string;
};
const blank: Draft = {
  name: "",
  kind: "organisation",
  organisationType: "community",
  country: "PE",
  region: "",
  expertise: "",
};

function HostForm({ onCreated }: { onCreated: (h: Host) => void }) {
  const { lang, t } = useT();
  const [draft, setDraft] = useState<Draft>(blank);
  const [languages, setLanguages] = useState<string[]>(["es"]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Draft) => (e: { currentTarget: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.currentTarget.value }));

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setNotice(null);
    try {
      const h = await routesApi.hosts
        .$post({
          json: {
            name: draft.name.trim(),
            kind: draft.kind,
            country: draft.country,
            ...(draft.kind === "organisation"
              ? { organisationType: draft.organisationType as Host["organisationType"] }
              : {}),
            ...(draft.region.trim() ? { region: draft.region.trim() } : {}),
            ...(draft.expertise.trim() ? { expertise: { [lang]: draft.expertise.trim() } } : {}),
            languages,
          },
        })
        .then(read);
      onCreated(h);
      setDraft(blank);
    } catch (err) {
      const failed = failedOf(err);
      if (failed instanceof Failure && failed.status === 400) setErrors(fieldErrors(failed.problem));
      setNotice(failureNotice(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel" id="host-form" onSubmit={submit} aria-labelledby="host-form-title">
      <h3 id="host-form-title">{t("hostAdmin.new")}</h3>
      <Field name="host-name" label={t("hostAdmin.name")} error={errors.name}>
        <input
          id="host-name"
          required
          value={draft.name}
          onInput={set("name")}
          {...invalidProps("host-name", errors.name)}
        />
      </Field>
      <Field name="host-kind" label={t("host.kind")} error={errors.kind}>
        <select id="host-kind" value={draft.kind} onChange={set("kind")}>
          <option value="organisation">{t("host.kinds.organisation")}</option>
          <option value="talent">{t("host.kinds.talent")}</option>
        </select>
      </Field>
      {draft.kind === "organisation" && (
        <Field name="host-orgtype" label={t("host.organisationType")} error={errors.organisationType}>
          <select id="host-orgtype" value={draft.organisationType} onChange={set("organisationType")}>
            {ORG_TYPES.map((o) => (
              <option key={o} value={o}>
                {t(`host.orgTypes.${o}`)}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field name="host-country" label={t("routes.country")} error={errors.country}>
        <select id="host-country" value={draft.country} onChange={set("country")}>
          {COMMON_COUNTRIES.map((c) => (
            <option key={c} value={c}>
              {countryName(lang, c)}
            </option>
          ))}
        </select>
      </Field>
      <Field name="host-region" label={t("hostAdmin.region")} error={errors.region}>
        <input id="host-region" value={draft.region} onInput={set("region")} />
      </Field>
      <fieldset class="field">
        <legend>{t("host.languages")}</legend>
        {HOST_LANGUAGES.map((l) => (
          <label key={l} class="check">
            <input
              type="checkbox"
              checked={languages.includes(l)}
              onChange={(e) => setLanguages((ls) => (e.currentTarget.checked ? [...ls, l] : ls.filter((x) => x !== l)))}
            />
            {t(`language.${l}`)}
          </label>
        ))}
      </fieldset>
      <Field name="host-expertise" label={t("host.expertise")} error={errors.expertise}>
        <textarea id="host-expertise" rows={3} value={draft.expertise} onInput={set("expertise")} />
      </Field>
      <Notices notice={notice} />
      <p class="actions">
        <button type="submit" disabled={busy}>
          {busy ? t("admin.saving") : t("hostAdmin.register")}
        </button>
      </p>
    </form>
  );
}

function HostRow({ host: h, onSaved }: { host: Host; onSaved: (h: Host) => void }) {
  const { lang, t } = useT();
  const [email, setEmail] = useState("");
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const connect = useLoad(() => routesApi.hosts[":id"].connect.$get({ param: { id: h.id } }).then(read), [h.id]);
  const slug = `host-${h.id.replace(/\W/g, "-")}`;

  async function act(work: () => Promise<string | void>) {
    setBusy(true);
    setNotice(null);
    try {
      const text = await work();
      if (text) setNotice({ kind: "status", text });
    } catch (err) {
      setNotice(failureNotice(err, t));
    } finally {
      setBusy(false);
    }
  }
  const addMember = (e: Event) => {
    e.preventDefault();
    return act(async () => {
      await routesApi.hosts[":id"].members.$post({ param: { id: h.id }, json: { email: email.trim() } }).then(read);
      setEmail("");
      return t("hostAdmin.memberAdded", { email: email.trim() });
    });
  };
  const upload = (file: File | undefined) =>
    file &&
    act(async () => {
      const res = await uploadPhoto(h.id, file);
      if (!res.ok) throw new Failure(res.status, await problemOf(res));
      return t("hostAdmin.photoUploaded");
    });
  const onboard = () =>
    act(async () => {
      const { url } = await routesApi.hosts[":id"].connect.$post({ param: { id: h.id } }).then(read);
      location.assign(url);
    });

  return (
    <li aria-labelledby={slug}>
      <h3 id={slug}>
        <Link href={`/${lang}/hosts/${h.id}`}>{h.name}</Link>
      </h3>
      <p class="meta">
        {t(`host.kinds.${h.kind}`)} · {countryName(lang, h.country)}
        {h.region && ` · ${h.region}`}
      </p>
      <form class="inline" onSubmit={addMember}>
        <div class="field">
          <label for={`${slug}-email`}>{t("hostAdmin.memberEmail")}</label>
          <input
            id={`${slug}-email`}
            type="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="secondary small" disabled={busy}>
          {t("hostAdmin.addMember")}
        </button>
      </form>
      <div class="field">
        <label for={`${slug}-photo`}>{t("hostAdmin.photo")}</label>
        <input
          id={`${slug}-photo`}
          type="file"
          accept="image/jpeg,image/png,image/webp"
          disabled={busy}
          onChange={(e) => upload(e.currentTarget.files?.[0])}
        />
      </div>
      <p class="actions">
        <button
          type="button"
          class="secondary small"
          aria-expanded={editing}
          onClick={() => (setEditing(!editing), setNotice(null))}
        >
          {t("hostAdmin.edit")}
        </button>
        {connect.data?.ready ? (
          <span class="badge">{t("hostAdmin.stripeReady")}</span>
        ) : (
          <button type="button" class="secondary small" disabled={busy} onClick={onboard}>
            {t("hostAdmin.stripeOnboard")}
          </button>
        )}
      </p>
      {editing && (
        <HostProfileForm
          host={h}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            onSaved(saved);
            setNotice({ kind: "status", text: t("hostAdmin.saved") });
          }}
        />
      )}
      <Notices notice={notice} />
    </li>
  );
}
