/**
 * A labelled form control with its error next to it: the error is tied to the
 * control with aria-describedby and aria-invalid, so a screen reader reads both.
 */
import type { ComponentChildren } from "preact";
import { useT } from "../i18n/i18n";

export const errorId = (name: string) => `${name}-error`;

/** Attributes a control needs to announce its error. */
export function invalidProps(name: string, error: string | undefined) {
  return error ? { "aria-invalid": true as const, "aria-describedby": errorId(name) } : {};
}

export function FieldError({ name, error }: { name: string; error?: string }) {
  const { t } = useT();
  if (!error) return null;
  return (
    <p class="error" id={errorId(name)}>
      {t("errors.field")} <span lang="en">{error}</span>
    </p>
  );
}

export function Field(props: { name: string; label: string; error?: string; children: ComponentChildren }) {
  return (
    <div class={props.error ? "field invalid" : "field"}>
      <label for={props.name}>{props.label}</label>
      {props.children}
      <FieldError name={props.name} error={props.error} />
    </div>
  );
}
