/**
 * Record text exists in one or more content languages (EN/ES/FR, Quechua, Aymara). It is
 * shown in the reader's UI language when it exists, else in the record's own language
 * (`own`: a course's language), else in another one — marked with its language so a
 * screen reader pronounces it right, and with a note saying which language is shown.
 */
import { type Localized, pick } from "../format";
import { useT } from "../i18n/i18n";
import type { ContentLang } from "../i18n/languages";

export function LocalText({ text, own, mark = false }: { text: Localized; own?: ContentLang; mark?: boolean }) {
  const { lang } = useT();
  const shown = pick(text, lang, own);
  return (
    <>
      <span lang={shown.fallback ? shown.lang : undefined}>{shown.text}</span>
      {mark && shown.fallback && (
        <>
          {" "}
          <ShownIn text={text} own={own} />
        </>
      )}
    </>
  );
}

/** "Shown in Quechua (Runasimi)", when the reader's language is missing; nothing otherwise. */
export function ShownIn({ text, own }: { text: Localized; own?: ContentLang }) {
  const { lang, t } = useT();
  const shown = pick(text, lang, own);
  if (!shown.fallback || !shown.text) return null;
  return <span class="badge">{t(`text.shownIn.${shown.lang}`)}</span>;
}
