/**
 * Sign-in by magic link. With ?token= (the link from the e-mail) it exchanges the
 * token for a session cookie and goes back to the page that asked for sign-in
 * (?next=, remembered on this device while the e-mail travels), else to the
 * profile; otherwise it asks for an e-mail address and sends the link in the
 * current language.
 */
import { useEffect, useState } from "preact/hooks";
import { useLocation, useSearch } from "wouter-preact";
import { api } from "../api/client";
import { fieldErrors, problemOf, retryMinutes } from "../api/problem";
import { Field, invalidProps } from "../components/field";
import { useT } from "../i18n/i18n";
import { refreshMe } from "../session";
import { useTitle } from "../title";

const NEXT_KEY = "rutas.next";
/** Only a path on this site: never "//host" or a full URL. */
const isLocalPath = (p: string | null): p is string => Boolean(p && /^\/(?![/\\])/.test(p));

function remember(next: string | null) {
  try {
    if (isLocalPath(next)) localStorage.setItem(NEXT_KEY, next);
    else localStorage.removeItem(NEXT_KEY);
  } catch {
    // Storage disabled: after signing in the visitor lands on the profile.
  }
}

function takeNext(): string | null {
  try {
    const next = localStorage.getItem(NEXT_KEY);
    localStorage.removeItem(NEXT_KEY);
    return isLocalPath(next) ? next : null;
  } catch {
    return null;
  }
}

type Notice = { kind: "status" | "alert"; text: string } | null;

export default function SignIn() {
  const { lang, t } = useT();
  const [, navigate] = useLocation();
  const query = new URLSearchParams(useSearch());
  const token = query.get("token");
  const [checking, setChecking] = useState(Boolean(token));
  const [email, setEmail] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  useTitle(t("signin.title"));

  useEffect(() => {
    if (!token) return remember(query.get("next"));
    api.auth.session
      .$post({ json: { token } })
      .then((res) => {
        if (res.ok) {
          void refreshMe();
          return navigate(takeNext() ?? `/${lang}/profile`, { replace: true });
        }
        const status: number = res.status;
        setNotice({ kind: "alert", text: t(status === 401 ? "signin.linkInvalid" : "errors.generic", { status }) });
      })
      .catch(() => setNotice({ kind: "alert", text: t("errors.network") }))
      .finally(() => setChecking(false));
  }, [token]);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setNotice(null);
    try {
      const res = await api.auth["magic-link"].$post({ json: { email, locale: lang } });
      if (res.ok) {
        setNotice({ kind: "status", text: t("signin.sent", { email: email.trim() }) });
      } else if ((res.status as number) === 429) {
        setNotice({
          kind: "alert",
          text: t("signin.tooMany", { minutes: retryMinutes(res.headers.get("Retry-After")) }),
        });
      } else {
        const problem = await problemOf(res);
        const fields = fieldErrors(problem);
        setErrors(fields);
        if (!fields.email) setNotice({ kind: "alert", text: t("errors.generic", { status: problem.status }) });
      }
    } catch {
      setNotice({ kind: "alert", text: t("errors.network") });
    } finally {
      setBusy(false);
    }
  }

  if (checking) {
    return (
      <>
        <h1>{t("signin.title")}</h1>
        <p role="status">{t("signin.checking")}</p>
      </>
    );
  }
  return (
    <>
      <h1>{t("signin.title")}</h1>
      <p>{t("signin.intro")}</p>
      <div role="status" class={notice?.kind === "status" ? "notice ok" : "notice"}>
        {notice?.kind === "status" && notice.text}
      </div>
      <div role="alert" class={notice?.kind === "alert" ? "notice bad" : "notice"}>
        {notice?.kind === "alert" && notice.text}
      </div>
      <form onSubmit={submit} noValidate>
        <Field name="email" label={t("signin.email")} error={errors.email}>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="email"
            inputMode="email"
            maxLength={254}
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
            {...invalidProps("email", errors.email)}
          />
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? t("signin.sending") : t("signin.submit")}
        </button>
      </form>
    </>
  );
}
