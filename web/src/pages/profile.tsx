/**
 * The signed-in person's profile: GET /api/auth/session, edit, PATCH /api/me. Side and
 * pricing group are shown read-only: the server derives them, the client never
 * sends them. Not signed in → the sign-in page.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { useLocation } from "wouter-preact";
import { api } from "../api/client";
import { fieldErrors, problemOf } from "../api/problem";
import { Field, FieldError, invalidProps } from "../components/field";
import { useT } from "../i18n/i18n";
import { countryOptions } from "../profile/countries";
import { type Draft, FIELDS, LANGUAGE_CODES, ORG_TYPES, type Person, draftOf, patchOf } from "../profile/form";
import { setMe } from "../session";
import { useTitle } from "../title";

type Notice = { kind: "status" | "alert"; text: string } | null;

export default function Profile() {
  const { lang, t } = useT();
  const [, navigate] = useLocation();
  const [person, setPerson] = useState<Person | null>(null);
  const [draft, setDraft] = useState<Draft>(draftOf({}));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const countries = useMemo(() => countryOptions(lang), [lang]);
  useTitle(t("profile.title"));

  const toSignIn = () => navigate(`/${lang}/signin`, { replace: true });
  const failed = (status: number) => setNotice({ kind: "alert", text: t("errors.generic", { status }) });
  const offline = () => setNotice({ kind: "alert", text: t("errors.network") });

  useEffect(() => {
    // Asked of GET /api/auth/session (same person view) so a visitor is sent to sign in without a logged 401.
    api.auth.session
      .$get()
      .then(async (res) => {
        const status: number = res.status;
        if (status === 401) return toSignIn();
        if (!res.ok) return failed(status);
        const me = (await res.json()).user;
        if (!me) return toSignIn();
        setMe(me);
        setPerson(me);
        setDraft(draftOf(me));
      })
      .catch(offline);
  }, []);

  const set = (key: keyof Draft) => (e: { currentTarget: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.currentTarget.value }));
  const toggleLanguage = (code: string, on: boolean) =>
    setDraft((d) => ({ ...d, languages: on ? [...d.languages, code] : d.languages.filter((l) => l !== code) }));

  async function save(e: Event) {
    e.preventDefault();
    if (!person) return;
    const patch = patchOf(person, draft);
    setErrors({});
    if (Object.keys(patch).length === 0) return setNotice({ kind: "status", text: t("profile.unchanged") });
    setBusy(true);
    setNotice(null);
    try {
      const res = await api.me.$patch({ json: patch });
      if (res.ok) {
        const me = await res.json();
        setMe(me);
        setPerson(me);
        setDraft(draftOf(me));
        setNotice({ kind: "status", text: t("profile.saved") });
      } else if ((res.status as number) === 401) {
        toSignIn();
      } else {
        const problem = await problemOf(res);
        const fields = fieldErrors(problem);
        setErrors(fields);
        const first = FIELDS.find((f) => fields[f]);
        if (first) {
          setNotice({ kind: "alert", text: t("errors.summary") });
          document.getElementById(first === "languages" ? "languages-en" : first)?.focus();
        } else failed(problem.status);
      }
    } catch {
      offline();
    } finally {
      setBusy(false);
    }
  }

  async function signOut() {
    try {
      await api.auth.signout.$post();
      setMe(null);
      navigate(`/${lang}`);
    } catch {
      offline();
    }
  }

  const notices = (
    <>
      <div role="status" class={notice?.kind === "status" ? "notice ok" : "notice"}>
        {notice?.kind === "status" && notice.text}
      </div>
      <div role="alert" class={notice?.kind === "alert" ? "notice bad" : "notice"}>
        {notice?.kind === "alert" && notice.text}
      </div>
    </>
  );

  if (!person) {
    return (
      <>
        <h1>{t("profile.title")}</h1>
        {notice ? notices : <p class="muted">{t("common.loading")}</p>}
      </>
    );
  }
  return (
    <>
      <h1>{t("profile.title")}</h1>
      <p>{t("profile.intro")}</p>
      <p>
        {t("profile.email")}: <strong>{person.email}</strong>
      </p>
      <form onSubmit={save} noValidate>
        <Field name="name" label={t("profile.name")} error={errors.name}>
          <input
            id="name"
            autocomplete="name"
            maxLength={120}
            value={draft.name}
            onInput={set("name")}
            {...invalidProps("name", errors.name)}
          />
        </Field>
        <Field name="country" label={t("profile.country")} error={errors.country}>
          <select
            id="country"
            autocomplete="country"
            value={draft.country}
            onChange={set("country")}
            {...invalidProps("country", errors.country)}
          >
            <option value="">{t("profile.countryChoose")}</option>
            <optgroup label={t("profile.countryCommon")}>
              {countries.common.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </optgroup>
            <optgroup label={t("profile.countryAll")}>
              {countries.others.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </optgroup>
          </select>
        </Field>
        <Field name="organisation" label={t("profile.organisation")} error={errors.organisation}>
          <input
            id="organisation"
            autocomplete="organization"
            maxLength={160}
            value={draft.organisation}
            onInput={set("organisation")}
            {...invalidProps("organisation", errors.organisation)}
          />
        </Field>
        <Field name="organisationType" label={t("profile.organisationType")} error={errors.organisationType}>
          <select
            id="organisationType"
            value={draft.organisationType}
            onChange={set("organisationType")}
            {...invalidProps("organisationType", errors.organisationType)}
          >
            <option value="">{t("profile.organisationTypeChoose")}</option>
            {ORG_TYPES.map((o) => (
              <option key={o} value={o}>
                {t(`orgType.${o}`)}
              </option>
            ))}
          </select>
        </Field>
        <fieldset class={errors.languages ? "field invalid" : "field"} {...invalidProps("languages", errors.languages)}>
          <legend>{t("profile.languages")}</legend>
          <div class="checks">
            {LANGUAGE_CODES.map((code) => (
              <label key={code} class="check">
                <input
                  type="checkbox"
                  id={`languages-${code}`}
                  checked={draft.languages.includes(code)}
                  onChange={(e) => toggleLanguage(code, e.currentTarget.checked)}
                />
                {t(`language.${code}`)}
              </label>
            ))}
          </div>
          <FieldError name="languages" error={errors.languages} />
        </fieldset>
        <Field name="profession" label={t("profile.profession")} error={errors.profession}>
          <input
            id="profession"
            autocomplete="organization-title"
            maxLength={120}
            value={draft.profession}
            onInput={set("profession")}
            {...invalidProps("profession", errors.profession)}
          />
        </Field>
        {notices}
        <button type="submit" disabled={busy}>
          {busy ? t("profile.saving") : t("profile.save")}
        </button>
      </form>

      <section class="derived" aria-labelledby="derived-title">
        <h2 id="derived-title">{t("profile.derivedTitle")}</h2>
        <dl>
          <dt>{t("profile.side")}</dt>
          <dd id="side">{t(person.side ? `side.${person.side}` : "side.none")}</dd>
          <dt>{t("profile.pricingGroup")}</dt>
          <dd id="pricing-group">{t(`pricing.${person.pricingGroup}`)}</dd>
        </dl>
        <p class="muted">{t("profile.derivedExplain")}</p>
      </section>

      <p>
        <button type="button" class="secondary" onClick={signOut}>
          {t("profile.signout")}
        </button>
      </p>
    </>
  );
}
