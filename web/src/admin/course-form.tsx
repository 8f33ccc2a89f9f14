/**
 * A new course, saved as a draft: title and summary in one or more languages (Quechua
 * and Aymara included), topics, the language it is taught in (which may be either), and modules of lessons written in
 * Markdown. Every error the API names (e.g. modules.0.lessons.1.title) is shown
 * next to its own field, and the first one takes the focus.
 */
import type { InferRequestType } from "hono/client";
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { Failure, failedOf, read } from "../api/load";
import { errorUnder, pathErrors } from "../api/problem";
import { Field, FieldError, invalidProps } from "../components/field";
import { type Notice, Notices, statusOf } from "../components/status";
import type { CourseSummary } from "../courses/types";
import { useT } from "../i18n/i18n";
import { CONTENT_LANGUAGES, type ContentLang, type Lang } from "../i18n/languages";
import { useTopics } from "../topics";
import { type Texts, TextsFieldset, emptyTexts, written } from "./texts";

type LessonDraft = { key: number; title: string; body: string };
type ModuleDraft = { key: number; title: string; lessons: LessonDraft[] };
type Draft = { title: Texts; summary: Texts; topics: string[]; language: ContentLang; modules: ModuleDraft[] };
type Topic = InferRequestType<typeof api.courses.$post>["json"]["topics"][number];

let keys = 0;
const lessonDraft = (): LessonDraft => ({ key: ++keys, title: "", body: "" });
const moduleDraft = (): ModuleDraft => ({ key: ++keys, title: "", lessons: [lessonDraft()] });
const blank = (lang: Lang): Draft => ({
  title: emptyTexts(),
  summary: emptyTexts(),
  topics: [],
  language: lang,
  modules: [moduleDraft()],
});
/** Only the languages written in: an empty one is "not in this language", not an empty text. */

export function CourseForm({
  institutionId,
  onCreated,
  onCancel,
}: {
  institutionId: string;
  onCreated: (c: CourseSummary) => void;
  onCancel: () => void;
}) {
  const { lang, t } = useT();
  const topics = useTopics();
  const [draft, setDraft] = useState<Draft>(() => blank(lang));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // After a refused save, the first field with an error takes the focus.
    if (Object.keys(errors).length) document.querySelector<HTMLElement>("#new-course [aria-invalid=true]")?.focus();
  }, [errors]);

  const setModules = (change: (ms: ModuleDraft[]) => ModuleDraft[], structural = false) => {
    setDraft((d) => ({ ...d, modules: change(d.modules) }));
    // Errors name positions (modules.1…): once items move they would point at the wrong one.
    if (structural) setErrors({});
  };
  const setModule = (mi: number, patch: Partial<ModuleDraft>) =>
    setModules((ms) => ms.map((m, i) => (i === mi ? { ...m, ...patch } : m)));
  const setLesson = (mi: number, li: number, patch: Partial<LessonDraft>) =>
    setModules((ms) =>
      ms.map((m, i) =>
        i === mi ? { ...m, lessons: m.lessons.map((l, j) => (j === li ? { ...l, ...patch } : l)) } : m,
      ),
    );

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setNotice(null);
    try {
      const created = await api.courses
        .$post({
          json: {
            institutionId,
            title: written(draft.title),
            summary: written(draft.summary),
            topics: draft.topics as Topic[],
            language: draft.language,
            modules: draft.modules.map((m) => ({
              title: m.title,
              lessons: m.lessons.map((l) => ({ title: l.title, body: l.body })),
            })),
          },
        })
        .then(read);
      setDraft(blank(lang));
      onCreated(created);
    } catch (err) {
      const failed = failedOf(err);
      const status = statusOf(failed);
      if (failed instanceof Failure && status === 400) {
        const found = pathErrors(failed.problem);
        setErrors(found);
        const placed = Object.keys(found).some((p) => /^(title|summary|topics|language|modules)(\.|$)/.test(p));
        setNotice({ kind: "alert", text: t("errors.summary"), detail: placed ? undefined : failed.problem.detail });
      } else {
        setNotice({
          kind: "alert",
          text: status ? t("errors.generic", { status }) : t("errors.network"),
          detail: failed instanceof Failure ? failed.problem.detail : undefined,
        });
      }
    } finally {
      setBusy(false);
    }
  }

  const texts = (key: "title" | "summary") => (
    <TextsFieldset
      name={key}
      legend={t(key === "title" ? "admin.courseTitle" : "admin.courseSummary")}
      multiline={key === "summary"}
      value={draft[key]}
      onInput={(l, value) => setDraft((d) => ({ ...d, [key]: { ...d[key], [l]: value } }))}
      errors={errors}
      errorUnder={errorUnder(errors, key)}
    />
  );

  return (
    <form id="new-course" class="panel" onSubmit={submit} noValidate aria-labelledby="new-course-title">
      <h2 id="new-course-title">{t("admin.newCourse")}</h2>
      {texts("title")}
      {texts("summary")}
      <fieldset
        class={errorUnder(errors, "topics") ? "field invalid" : "field"}
        {...invalidProps("topics", errorUnder(errors, "topics"))}
      >
        <legend>{t("admin.topics")}</legend>
        <div class="checks wide">
          {topics.map((tp) => (
            <label key={tp.id} class="check">
              <input
                type="checkbox"
                id={`topic-${tp.id}`}
                checked={draft.topics.includes(tp.id)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setDraft((d) => ({ ...d, topics: on ? [...d.topics, tp.id] : d.topics.filter((x) => x !== tp.id) }));
                }}
              />
              {tp.name[lang]}
            </label>
          ))}
        </div>
        <FieldError name="topics" error={errorUnder(errors, "topics")} />
      </fieldset>
      <Field name="language" label={t("admin.deliveryLanguage")} error={errors.language}>
        <select
          id="language"
          value={draft.language}
          onChange={(e) => setDraft((d) => ({ ...d, language: e.currentTarget.value as ContentLang }))}
          {...invalidProps("language", errors.language)}
        >
          {CONTENT_LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`language.${l}`)}
            </option>
          ))}
        </select>
      </Field>

      <h3>{t("admin.modules")}</h3>
      <FieldError name="modules" error={errors.modules} />
      {draft.modules.map((m, mi) => {
        const mid = `m${mi}`;
        const path = `modules.${mi}`;
        return (
          <fieldset key={m.key} class="module">
            <legend>{t("admin.module", { n: mi + 1 })}</legend>
            <Field name={`${mid}-title`} label={t("admin.moduleTitle")} error={errors[`${path}.title`]}>
              <input
                id={`${mid}-title`}
                maxLength={200}
                value={m.title}
                onInput={(e) => setModule(mi, { title: e.currentTarget.value })}
                {...invalidProps(`${mid}-title`, errors[`${path}.title`])}
              />
            </Field>
            <FieldError name={`${mid}-lessons`} error={errors[`${path}.lessons`]} />
            {m.lessons.map((l, li) => {
              const lid = `${mid}-l${li}`;
              const lpath = `${path}.lessons.${li}`;
              return (
                <div key={l.key} class="lesson-draft" role="group" aria-labelledby={`${lid}-name`}>
                  <p id={`${lid}-name`} class="group-name">
                    {t("admin.lesson", { n: li + 1 })}
                  </p>
                  <Field name={`${lid}-title`} label={t("admin.lessonTitle")} error={errors[`${lpath}.title`]}>
                    <input
                      id={`${lid}-title`}
                      maxLength={200}
                      value={l.title}
                      onInput={(e) => setLesson(mi, li, { title: e.currentTarget.value })}
                      {...invalidProps(`${lid}-title`, errors[`${lpath}.title`])}
                    />
                  </Field>
                  <Field name={`${lid}-body`} label={t("admin.lessonBody")} error={errors[`${lpath}.body`]}>
                    <textarea
                      id={`${lid}-body`}
                      rows={6}
                      maxLength={50000}
                      value={l.body}
                      onInput={(e) => setLesson(mi, li, { body: e.currentTarget.value })}
                      {...invalidProps(`${lid}-body`, errors[`${lpath}.body`])}
                    />
                  </Field>
                  {m.lessons.length > 1 && (
                    <button
                      type="button"
                      class="secondary small"
                      onClick={() =>
                        setModules(
                          (ms) =>
                            ms.map((x, i) => (i === mi ? { ...x, lessons: x.lessons.filter((_, j) => j !== li) } : x)),
                          true,
                        )
                      }
                    >
                      {t("admin.removeLesson", { n: li + 1 })}
                    </button>
                  )}
                </div>
              );
            })}
            <p class="actions">
              <button
                type="button"
                class="secondary small"
                onClick={() =>
                  setModules(
                    (ms) => ms.map((x, i) => (i === mi ? { ...x, lessons: [...x.lessons, lessonDraft()] } : x)),
                    true,
                  )
                }
              >
                {t("admin.addLesson")}
              </button>
              {draft.modules.length > 1 && (
                <button
                  type="button"
                  class="secondary small"
                  onClick={() => setModules((ms) => ms.filter((_, i) => i !== mi), true)}
                >
                  {t("admin.removeModule", { n: mi + 1 })}
                </button>
              )}
            </p>
          </fieldset>
        );
      })}
      <p>
        <button type="button" class="secondary small" onClick={() => setModules((ms) => [...ms, moduleDraft()], true)}>
          {t("admin.addModule")}
        </button>
      </p>
      <p class="hint">{t("admin.markdownHint")}</p>
      <Notices notice={notice} />
      <p class="actions">
        <button type="submit" disabled={busy}>
          {busy ? t("admin.saving") : t("admin.createDraft")}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </p>
    </form>
  );
}
