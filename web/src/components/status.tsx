/**
 * What a page shows while it loads or when a read failed: a 401 goes to sign-in
 * (and back here afterwards), a missing network or a server error says so, in
 * words, with a way to try again.
 */
import { useEffect } from "preact/hooks";
import { useLocation } from "wouter-preact";
import { Failure, type Failed, failedOf } from "../api/load";
import { problemCode } from "../api/problem";
import { type I18n, useT } from "../i18n/i18n";
import type { Lang } from "../i18n/languages";

/** The sign-in page, remembering to come back to where the visitor is now. */
export const signInHref = (lang: Lang) =>
  `/${lang}/signin?next=${encodeURIComponent(location.pathname + location.search)}`;

export const statusOf = (failed: Failed) => (failed === "network" ? 0 : failed.status);

export function Loading() {
  const { t } = useT();
  return (
    <p role="status" class="muted">
      {t("common.loading")}
    </p>
  );
}

export function LoadFailure({ failed, retry }: { failed: Failed; retry?: () => void }) {
  const { lang, t } = useT();
  const [, navigate] = useLocation();
  const status = statusOf(failed);
  useEffect(() => {
    if (status === 401) navigate(signInHref(lang), { replace: true });
  }, [status]);
  if (status === 401) return null;
  return (
    <div role="alert" class="notice bad">
      <p>
        {status === 0 ? t("errors.network") : status === 404 ? t("errors.notFound") : t("errors.generic", { status })}
      </p>
      {retry && status !== 404 && (
        <button type="button" class="secondary" onClick={retry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

export type Notice = { kind: "status" | "alert"; text: string; detail?: string } | null;

/**
 * A refused or failed write, said for the reader: a reason the API names with a code
 * in their language; otherwise the status, followed by the server's own (English) words.
 */
export function failureNotice(err: unknown, t: I18n["t"]): Notice {
  const failed = failedOf(err);
  const status = statusOf(failed);
  const code = failed instanceof Failure ? problemCode(failed.problem) : undefined;
  if (code) return { kind: "alert", text: t(`problems.${code}`) };
  return {
    kind: "alert",
    text: status ? t("errors.generic", { status }) : t("errors.network"),
    detail: failed instanceof Failure && status < 500 ? failed.problem.detail || undefined : undefined,
  };
}

/** Two live regions that stay in the DOM so screen readers announce what appears in them. */
export function Notices({ notice }: { notice: Notice }) {
  return (
    <>
      <div role="status" class={notice?.kind === "status" ? "notice ok" : "notice"}>
        {notice?.kind === "status" && notice.text}
      </div>
      <div role="alert" class={notice?.kind === "alert" ? "notice bad" : "notice"}>
        {notice?.kind === "alert" && (
          <>
            {notice.text}
            {notice.detail && (
              <>
                {" "}
                <span lang="en">{notice.detail}</span>
              </>
            )}
          </>
        )}
      </div>
    </>
  );
}
