/**
 * A host's profile as its members and the platform admin edit it (PATCH /api/hosts/:id): the type
 * of organisation, the region, the languages it receives visitors in, its topics, and what it
 * knows and achieved, each in one or more languages (Quechua and Aymara too). An emptied text or
 * region is cleared (null). Loaded on demand: from the host's page and from admin's hosts section.
 */
import { useState } from "preact/hooks";
import { Failure, failedOf, read } from "../api/load";
import { errorUnder, pathErrors } from "../api/problem";
import { Field, FieldError, invalidProps } from "../components/field";
import { type Notice, Notices, failureNotice } from "../components/status";
import { useT } from "../i18n/i18n";
import { type Host, routesApi } from "../learning-routes/api";
import { useTopics } from "../topics";
import { type Texts, TextsFieldset, textsOf, written } from "./texts";

export const ORG_TYPES = ["community", "association", "cooperative", "municipality"] as const;
export const HOST_LANGUAGES = ["es", "qu", "ay", "en", "fr"] as const;

type Draft = {
  organisationType: string;
  region: string;
  languages: string[];
  topics: string[];
  expertise: Texts;
  achievements: Texts;
};
const draftOf = (h: Host): Draft => ({
  organisationType: h.organisationType ?? "community",
  region: h.region ?? "",
  languages: h.languages,
  topics: h.topics,
  expertise: textsOf(h.expertise),
  achievements: textsOf(h.achievements),
});
/** Written languages, or null to clear the text. */
const textOrNull = (texts: Texts) => {
  const w = written(texts);
  return Object.keys(w).length ? w : null;
};

export function HostProfileForm({
  host,
  onSaved,
  onCancel,
}: {
  host: Host;
  onSaved: (h: Host) => void;
  onCancel: () => void;
}) {
  const { lang, t } = useT();
  const topics = useTopics();
  const [draft, setDraft] = useState<Draft>(() => draftOf(host));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const prefix = `host-${host.id}-edit`;
  const err = (path: string) => errorUnder(errors, path);
  const toggle = (key: "languages" | "topics", value: string) => (e: { currentTarget: { checked: boolean } }) => {
    const on = e.currentTarget.checked;
    setDraft((d) => ({ ...d, [key]: on ? [...d[key], value] : d[key].filter((x) => x !== value) }));
  };

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setNotice(null);
    try {
      const saved = await routesApi.hosts[":id"]
        .$patch({
          param: { id: host.id },
          json: {
            ...(host.kind === "organisation"
              ? { organisationType: draft.organisationType as NonNullable<Host["organisationType"]> }
              : {}),
            region: draft.region.trim() || null,
            languages: draft.languages,
            topics: draft.topics,
            expertise: textOrNull(draft.expertise),
            achievements: textOrNull(draft.achievements),
          },
        })
        .then(read);
      onSaved(saved);
    } catch (err) {
      const failed = failedOf(err);
      if (failed instanceof Failure && failed.status === 400) setErrors(pathErrors(failed.problem));
      setNotice(failureNotice(err, t));
    } finally {
      setBusy(false);
    }
  }

  const texts = (key: "expertise" | "achievements") => (
    <TextsFieldset
      name={key}
      idPrefix={`${prefix}-`}
      legend={t(`host.${key}`)}
      multiline
      value={draft[key]}
      onInput={(l, value) => setDraft((d) => ({ ...d, [key]: { ...d[key], [l]: value } }))}
      errors={errors}
      errorUnder={err(key)}
    />
  );
  return (
    <form class="panel" id={prefix} onSubmit={submit} aria-labelledby={`${prefix}-title`} noValidate>
      <h3 id={`${prefix}-title`}>{t("hostAdmin.editTitle", { name: host.name })}</h3>
      {host.kind === "organisation" && (
        <Field name={`${prefix}-orgtype`} label={t("host.organisationType")} error={err("organisationType")}>
          <select
            id={`${prefix}-orgtype`}
            value={draft.organisationType}
            onChange={(e) => setDraft((d) => ({ ...d, organisationType: e.currentTarget.value }))}
          >
            {ORG_TYPES.map((o) => (
              <option key={o} value={o}>
                {t(`host.orgTypes.${o}`)}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field name={`${prefix}-region`} label={t("hostAdmin.region")} error={err("region")}>
        <input
          id={`${prefix}-region`}
          maxLength={80}
          value={draft.region}
          onInput={(e) => setDraft((d) => ({ ...d, region: e.currentTarget.value }))}
          {...invalidProps(`${prefix}-region`, err("region"))}
        />
      </Field>
      <fieldset class={err("languages") ? "field invalid" : "field"}>
        <legend>{t("host.languages")}</legend>
        {HOST_LANGUAGES.map((l) => (
          <label key={l} class="check">
            <input type="checkbox" checked={draft.languages.includes(l)} onChange={toggle("languages", l)} />
            {t(`language.${l}`)}
          </label>
        ))}
        <FieldError name={`${prefix}-languages`} error={err("languages")} />
      </fieldset>
      <fieldset class={err("topics") ? "field invalid" : "field"}>
        <legend>{t("admin.topics")}</legend>
        {topics.map((tp) => (
          <label key={tp.id} class="check">
            <input type="checkbox" checked={draft.topics.includes(tp.id)} onChange={toggle("topics", tp.id)} />
            {tp.name[lang]}
          </label>
        ))}
        <FieldError name={`${prefix}-topics`} error={err("topics")} />
      </fieldset>
      {texts("expertise")}
      {texts("achievements")}
      <Notices notice={notice} />
      <p class="actions">
        <button type="submit" disabled={busy}>
          {busy ? t("admin.saving") : t("hostAdmin.save")}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </p>
    </form>
  );
}
