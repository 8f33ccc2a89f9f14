/**
 * Text an admin writes in one or more content languages (one record): EN/ES/FR, and
 * Quechua (Runasimi) and Aymara (Aymar aru) for the programmes whose participants read
 * them. The draft shape, what is sent (only the languages written), and the fieldset.
 */
import { useEffect, useState } from "preact/hooks";
import { Field, FieldError, errorId, invalidProps } from "../components/field";
import { useT } from "../i18n/i18n";
import { CONTENT_LANGUAGES, type ContentLang, LANGUAGES, isLang } from "../i18n/languages";

export type Texts = Record<ContentLang, string>;
export const emptyTexts = (): Texts => ({ en: "", es: "", fr: "", qu: "", ay: "" });
export const written = (texts: Texts) =>
  Object.fromEntries(CONTENT_LANGUAGES.filter((l) => texts[l].trim()).map((l) => [l, texts[l].trim()]));
/** A stored text as a form holds it: every language, empty where not written. */
export const textsOf = (text: Partial<Record<ContentLang, string>> | undefined): Texts => ({
  ...emptyTexts(),
  ...Object.fromEntries(Object.entries(text ?? {}).filter(([, v]) => v)),
});
/** Languages the UI does not speak: folded away until an admin opens them (or they hold text or an error). */
const EXTRA = CONTENT_LANGUAGES.filter((l) => !isLang(l));

/** One input (or textarea) per language; `name` is the API's field, `idPrefix` keeps ids unique on the page. */
export function TextsFieldset(props: {
  name: string;
  idPrefix?: string;
  legend: string;
  multiline?: boolean;
  value: Texts;
  onInput: (l: ContentLang, value: string) => void;
  errors: Record<string, string | undefined>;
  errorUnder?: string;
  disabled?: boolean;
}) {
  const { t } = useT();
  const { name, errors } = props;
  const base = `${props.idPrefix ?? ""}${name}`;
  const wanted = EXTRA.some((l) => props.value[l] || errors[`${name}.${l}`]);
  const [open, setOpen] = useState(wanted);
  useEffect(() => {
    if (wanted) setOpen(true); // text or an error in Quechua or Aymara is never hidden
  }, [wanted]);
  const input = (l: ContentLang) => {
    const id = `${base}-${l}`;
    const error = errors[`${name}.${l}`];
    // An error about the whole text ("at least one language") is read out from each of its inputs.
    const invalid = error
      ? invalidProps(id, error)
      : errors[name]
        ? { "aria-invalid": true as const, "aria-describedby": errorId(base) }
        : {};
    const attrs = {
      id,
      lang: l,
      value: props.value[l],
      disabled: props.disabled,
      onInput: (e: { currentTarget: { value: string } }) => props.onInput(l, e.currentTarget.value),
      ...invalid,
    };
    return (
      <Field key={l} name={id} label={t(`language.${l}`)} error={error}>
        {props.multiline ? <textarea rows={3} maxLength={4000} {...attrs} /> : <input maxLength={200} {...attrs} />}
      </Field>
    );
  };
  return (
    <fieldset class={props.errorUnder ? "field invalid" : "field"}>
      <legend>{props.legend}</legend>
      <p class="hint">{t("admin.languagesHint")}</p>
      {LANGUAGES.map(input)}
      <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t("admin.moreLanguages")}</summary>
        {EXTRA.map(input)}
      </details>
      <FieldError name={base} error={errors[name]} />
    </fieldset>
  );
}
