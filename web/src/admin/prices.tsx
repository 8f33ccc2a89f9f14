/**
 * Prices per pricing group, as an admin types them (major units, "12,50" or "12.50") and as
 * the API wants them (integer minor units), and the fieldset that asks for them. Shared by the
 * cohort and the document forms.
 */
import { errorUnder } from "../api/problem";
import { Field, FieldError, invalidProps } from "../components/field";
import { minorPerMajor } from "../format";
import { useT } from "../i18n/i18n";

export type Group = "standard" | "reduced" | "community";
export const GROUPS: Group[] = ["standard", "reduced", "community"];
export type PriceDraft = { free: boolean; currency: string; amounts: Record<Group, string> };

/** The typed prices in minor units; only groups with an amount are sent. */
export function pricesOf(draft: PriceDraft) {
  const currency = draft.currency.trim().toUpperCase();
  let perMajor = 100;
  try {
    perMajor = minorPerMajor(currency);
  } catch {
    // Not a currency Intl knows: the API names the field.
  }
  const priced = draft.free ? [] : GROUPS.filter((g) => draft.amounts[g].trim());
  return priced.map((group) => ({
    group,
    amount: Math.round(Number(draft.amounts[group].replace(",", ".")) * perMajor),
    currency,
  }));
}

/** One amount field per pricing group. */
export function GroupAmounts<D extends PriceDraft>(props: {
  idPrefix: string;
  draft: D;
  setDraft: (update: (d: D) => D) => void;
  errors: Record<string, string | undefined>;
}) {
  const { t } = useT();
  return (
    <>
      {GROUPS.map((g) => {
        const id = `${props.idPrefix}-amount-${g}`;
        const error = props.errors[`amount-${g}`];
        return (
          <Field key={g} name={id} label={t(`admin.amount.${g}`)} error={error}>
            <input
              id={id}
              inputMode="decimal"
              value={props.draft.amounts[g]}
              onInput={(e) => {
                const value = e.currentTarget.value;
                props.setDraft((d) => ({ ...d, amounts: { ...d.amounts, [g]: value } }));
              }}
              {...invalidProps(id, error)}
            />
          </Field>
        );
      })}
    </>
  );
}

/** Free or priced; when priced, the currency and one amount per group. Errors come by field path. */
export function PriceFieldset<D extends PriceDraft>(props: {
  idPrefix: string;
  draft: D;
  setDraft: (update: (d: D) => D) => void;
  errors: Record<string, string>;
  /** The error about the prices as a whole (e.g. no standard price). */
  priceError?: string;
  disabled?: boolean;
}) {
  const { t } = useT();
  const { idPrefix, draft, setDraft, errors } = props;
  const invalid = errorUnder(errors, "prices") || errors.currency || GROUPS.some((g) => errors[`amount-${g}`]);
  const currencyId = `${idPrefix}-currency`;
  return (
    <fieldset class={invalid ? "field invalid" : "field"} disabled={props.disabled}>
      <legend>{t("admin.price")}</legend>
      {[true, false].map((free) => (
        <label key={String(free)} class="check">
          <input
            type="radio"
            name={`${idPrefix}-free`}
            checked={draft.free === free}
            onChange={() => setDraft((d) => ({ ...d, free }))}
          />
          {t(free ? "admin.free" : "admin.priced")}
        </label>
      ))}
      {!draft.free && (
        <>
          <p class="hint">{t("admin.pricesHint")}</p>
          <Field name={currencyId} label={t("admin.currency")} error={errors.currency}>
            <input
              id={currencyId}
              maxLength={3}
              autocapitalize="characters"
              value={draft.currency}
              onInput={(e) => {
                const currency = e.currentTarget.value;
                setDraft((d) => ({ ...d, currency }));
              }}
              {...invalidProps(currencyId, errors.currency)}
            />
          </Field>
          <GroupAmounts idPrefix={idPrefix} draft={draft} setDraft={setDraft} errors={errors} />
        </>
      )}
      <FieldError name={`${idPrefix}-prices`} error={props.priceError} />
    </fieldset>
  );
}
