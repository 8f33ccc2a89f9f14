/**
 * Course text exists in one to three languages. It is shown in the reader's
 * language when it exists, else in another one, marked with its language so a
 * screen reader pronounces it right and the reader knows why.
 */
import { type Localized, languagesOf, pick } from "../format";
import { useT } from "../i18n/i18n";

export function LocalText({ text, mark = false }: { text: Localized; mark?: boolean }) {
  const { lang } = useT();
  const shown = pick(text, lang);
  return (
    <>
      <span lang={shown.fallback ? shown.lang : undefined}>{shown.text}</span>
      {mark && shown.fallback && <TextIn text={text} />}
    </>
  );
}

/** "Text in: ES · FR", when the reader's language is missing. */
export function TextIn({ text }: { text: Localized }) {
  const { t } = useT();
  return (
    <>
      {" "}
      <span class="badge">{t("course.textIn", { langs: languagesOf(text).map((l) => l.toUpperCase()).join(" · ") })}</span>
    </>
  );
}
