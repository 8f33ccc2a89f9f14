/**
 * Documents an institution sells (studies, manuals, data sets): the ones on sale, and
 * a form to offer a new one — title and description in one or more languages (Quechua, Aymara too), free or
 * priced per pricing group, and its file (5 MB at most, checked here before a byte is
 * sent on a slow link). The API takes the file in a second request, as a raw body.
 */
import type { InferRequestType } from "hono/client";
import { useEffect, useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { api } from "../api/client";
import { Failure, failedOf, read, useLoad } from "../api/load";
import { errorUnder, pathErrors, problemOf } from "../api/problem";
import { LocalText } from "../components/localized";
import { LoadFailure, Loading, type Notice, Notices, failureNotice } from "../components/status";
import { formatSize } from "../format";
import { useT } from "../i18n/i18n";
import { type Group, PriceFieldset, pricesOf } from "./prices";
import { priceText } from "../publications/price";
import type { PublicationView } from "../publications/types";
import { type Texts, TextsFieldset, emptyTexts, written } from "./texts";

/** The API's limit (Publications.MAX_FILE_BYTES). */
const MAX_BYTES = 5 * 1024 * 1024;
type Draft = { title: Texts; description: Texts; free: boolean; currency: string; amounts: Record<Group, string> };
type Body = InferRequestType<typeof api.publications.$post>["json"];

/**
 * PUT /api/publications/:id/file. The API registers this route outside its typed
 * chain (it needs a body-size limit first), so AppType does not know it and the typed
 * client cannot call it: a plain fetch with the same CSRF header, answer read as the
 * publication the create call returned.
 */
async function uploadFile(id: string, file: File): Promise<PublicationView> {
  const res = await fetch(`/api/publications/${encodeURIComponent(id)}/file`, {
    method: "PUT",
    credentials: "same-origin",
    headers: {
      "X-Rutas-CSRF": "1",
      "Content-Type": file.type || "application/octet-stream",
      "X-File-Name": encodeURIComponent(file.name),
    },
    body: file,
  });
  if (res.ok) return (await res.json()) as PublicationView;
  throw new Failure(res.status, await problemOf(res));
}

const blank = (): Draft => ({
  title: emptyTexts(),
  description: emptyTexts(),
  free: false,
  currency: "CAD",
  amounts: { standard: "", reduced: "", community: "" },
});

export function PublicationsAdmin({ institutionId }: { institutionId: string }) {
  const i18n = useT();
  const { t } = i18n;
  const list = useLoad(
    () =>
      api.publications
        .$get()
        .then(read)
        .then((r) => r.items.filter((p) => p.institutionId === institutionId)),
    [institutionId],
  );
  const [creating, setCreating] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (done) document.getElementById(`doc-${done}`)?.focus();
  }, [done]);

  const onSaved = (p: PublicationView) => {
    setCreating(false);
    setDone(p.id);
    list.set([p, ...(list.data ?? []).filter((x) => x.id !== p.id)]);
  };
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">{t("admin.documents")}</h2>
      <div role="status">{done && <p class="notice ok">{t("admin.docOnSale")}</p>}</div>
      {!creating && (
        <p>
          <button type="button" onClick={() => (setCreating(true), setDone(null))}>
            {t("admin.newDocument")}
          </button>
        </p>
      )}
      {creating && (
        <PublicationForm institutionId={institutionId} onSaved={onSaved} onCancel={() => setCreating(false)} />
      )}
      {!list.data && (list.failed ? <LoadFailure failed={list.failed} retry={list.reload} /> : <Loading />)}
      {list.data?.length === 0 && <p class="muted">{t("admin.noDocuments")}</p>}
      <ul class="courses">
        {list.data?.map((p) => (
          <li key={p.id}>
            <h3 id={`doc-${p.id}`} tabIndex={-1}>
              <Link href={`/${i18n.lang}/publications/${p.id}`}>
                <LocalText text={p.title} />
              </Link>
            </h3>
            <p class="meta">
              {priceText(i18n, { price: undefined, prices: p.prices })}
              {p.file && ` · ${p.file.name} · ${formatSize(i18n.lang, p.file.size)}`}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function PublicationForm({
  institutionId,
  onSaved,
  onCancel,
}: {
  institutionId: string;
  onSaved: (p: PublicationView) => void;
  onCancel: () => void;
}) {
  const { lang, t } = useT();
  const [draft, setDraft] = useState<Draft>(blank);
  const [file, setFile] = useState<File | null>(null);
  /** Ours (in the reader's language), or the server's (English, marked so). */
  const [fileError, setFileError] = useState<{ text: string; en?: boolean } | null>(null);
  /** Once the offer is saved, a failed upload is retried on the same publication, not a new one. */
  const [created, setCreated] = useState<PublicationView | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState<"saving" | "uploading" | null>(null);
  useEffect(() => {
    if (Object.keys(errors).length || fileError)
      document.querySelector<HTMLElement>("#new-document [aria-invalid=true]")?.focus();
  }, [errors, fileError]);

  /** Saves the offer (title, description, prices); null when the API refused it, with the reasons placed. */
  async function createOffer(): Promise<PublicationView | null> {
    const prices = pricesOf(draft);
    const body: Body = {
      institutionId,
      title: written(draft.title),
      description: written(draft.description),
      prices,
    };
    setBusy("saving");
    try {
      const saved = await api.publications.$post({ json: body }).then(read);
      setCreated(saved);
      return saved;
    } catch (err) {
      const failed = failedOf(err);
      if (failed instanceof Failure && failed.status === 400) {
        // prices.N.* names the Nth price sent: put it back on its pricing group's field.
        const mapped: Record<string, string> = {};
        for (const [path, message] of Object.entries(pathErrors(failed.problem))) {
          const m = /^prices\.(\d+)\.(\w+)/.exec(path);
          mapped[m ? (m[2] === "currency" ? "currency" : `amount-${prices[Number(m[1])]?.group}`) : path] ??= message;
        }
        setErrors(mapped);
        setNotice({ kind: "alert", text: t("errors.summary") });
      } else setNotice(failureNotice(err, t));
      setBusy(null);
      return null;
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    setErrors({});
    setFileError(null);
    setNotice(null);
    // The file is checked first: on a slow link, better to know before anything is sent.
    if (!file) return setFileError({ text: t("admin.docNoFile") });
    if (file.size > MAX_BYTES)
      return setFileError({ text: t("admin.docTooBig", { size: formatSize(lang, file.size) }) });
    const publication = created ?? (await createOffer());
    if (!publication) return;
    setBusy("uploading");
    try {
      const saved = await uploadFile(publication.id, file);
      setDraft(blank());
      setFile(null);
      setCreated(null);
      onSaved(saved);
    } catch (err) {
      const failed = failedOf(err);
      const server = failed instanceof Failure ? pathErrors(failed.problem).file : undefined;
      if (server) setFileError({ text: server, en: true });
      else if (failed instanceof Failure && failed.status === 413)
        setFileError({ text: t("admin.docTooBig", { size: formatSize(lang, file.size) }) });
      setNotice(failureNotice(err, t));
    } finally {
      setBusy(null);
    }
  }

  const texts = (key: "title" | "description") => (
    <TextsFieldset
      name={key}
      idPrefix="doc-"
      legend={t(key === "title" ? "admin.docTitle" : "admin.docDescription")}
      multiline={key === "description"}
      value={draft[key]}
      onInput={(l, value) => setDraft((d) => ({ ...d, [key]: { ...d[key], [l]: value } }))}
      errors={errors}
      errorUnder={errorUnder(errors, key)}
      disabled={Boolean(created)}
    />
  );

  return (
    <form id="new-document" class="panel" onSubmit={submit} noValidate aria-labelledby="new-document-title">
      <h3 id="new-document-title">{t("admin.newDocument")}</h3>
      {texts("title")}
      {texts("description")}
      <PriceFieldset
        idPrefix="doc"
        draft={draft}
        setDraft={setDraft}
        errors={errors}
        priceError={errorUnder(errors, "prices")}
        disabled={Boolean(created)}
      />
      <div class={fileError ? "field invalid" : "field"}>
        <label for="doc-file">{t("admin.docFile")}</label>
        <input
          id="doc-file"
          type="file"
          onChange={(e) => (setFile(e.currentTarget.files?.[0] ?? null), setFileError(null))}
          {...(fileError ? { "aria-invalid": true as const, "aria-describedby": "doc-file-error" } : {})}
        />
        {fileError && (
          <p class="error" id="doc-file-error">
            {fileError.en ? (
              <>
                {t("errors.field")} <span lang="en">{fileError.text}</span>
              </>
            ) : (
              fileError.text
            )}
          </p>
        )}
      </div>
      {created && <p class="hint">{t("admin.docSavedUploadAgain")}</p>}
      <Notices notice={notice} />
      <p class="actions">
        <button type="submit" disabled={Boolean(busy)}>
          {busy === "saving"
            ? t("admin.saving")
            : busy === "uploading"
              ? t("admin.docUploading")
              : t("admin.docSubmit")}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </p>
    </form>
  );
}
