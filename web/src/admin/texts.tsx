/**
 * Text an admin writes in up to three languages (one record, EN/ES/FR): the draft shape,
 * what is sent (only the languages written), and the fieldset that edits it.
 */
import { Field, FieldError, errorId, invalidProps } from "../components/field";
import { useT } from "../i18n/i18n";
import { LANGUAGES, type Lang } from "../i18n/languages";

export type Texts = Record<Lang, string>;
export const emptyTexts = (): Texts => ({ en: "", es: "", fr: "" });
export const written = (texts: Texts) => Object.fromEntries(LANGUAGES.filter((l) => texts[l].trim()).map((l) => [l, texts[l].trim()]));

/** One input (or textarea) per language; `name` is the API's field, `idPrefix` keeps ids unique on the page. */
export function TextsFieldset(props: {
  name: string;
  idPrefix?: string;
  legend: string;
  multiline?: boolean;
  value: Texts;
  onInput: (l: Lang, value: string) => void;
  errors: Record<string, string | undefined>;
  errorUnder?: string;
  disabled?: boolean;
}) {
  const { t } = useT();
  const { name, errors } = props;
  const base = `${props.idPrefix ?? ""}${name}`;
  return (
    <fieldset class={props.errorUnder ? "field invalid" : "field"}>
      <legend>{props.legend}</legend>
      <p class="hint">{t("admin.languagesHint")}</p>
      {LANGUAGES.map((l) => {
        const id = `${base}-${l}`;
        const error = errors[`${name}.${l}`];
        // An error about the whole text ("at least one language") is read out from each of its inputs.
        const invalid = error ? invalidProps(id, error) : errors[name] ? { "aria-invalid": true as const, "aria-describedby": errorId(base) } : {};
        const input = { id, lang: l, value: props.value[l], disabled: props.disabled, onInput: (e: { currentTarget: { value: string } }) => props.onInput(l, e.currentTarget.value), ...invalid };
        return (
          <Field key={l} name={id} label={t(`language.${l}`)} error={error}>
            {props.multiline ? <textarea rows={3} maxLength={4000} {...input} /> : <input maxLength={200} {...input} />}
          </Field>
        );
      })}
      <FieldError name={base} error={errors[name]} />
    </fieldset>
  );
}
