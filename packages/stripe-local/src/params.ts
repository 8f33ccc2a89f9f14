// Declarative parameter checks for Stripe's form-encoded bodies: unknown, missing, empty and malformed params fail the way Stripe fails them, naming `param`.
import { errors } from "./errors";

type Base<R extends boolean> = { required?: R };
export interface StringSpec<R extends boolean = boolean> extends Base<R> {
  kind: "string";
  max?: number;
  check?: (value: string, param: string) => void;
}
export interface EnumSpec<E extends string = string, R extends boolean = boolean> extends Base<R> {
  kind: "enum";
  values: readonly E[];
}
export interface IntegerSpec<R extends boolean = boolean> extends Base<R> {
  kind: "integer";
  min?: number;
  max?: number;
}
export interface BooleanSpec<R extends boolean = boolean> extends Base<R> {
  kind: "boolean";
}
export interface MetadataSpec<R extends boolean = boolean> extends Base<R> {
  kind: "metadata";
}
export interface HashSpec<F extends Fields = Fields, R extends boolean = boolean> extends Base<R> {
  kind: "hash";
  fields: F;
}
export interface ArraySpec<S extends Spec = Spec, R extends boolean = boolean> extends Base<R> {
  kind: "array";
  of: S;
  max?: number;
}
export interface RecordSpec<S extends Spec = Spec, R extends boolean = boolean> extends Base<R> {
  kind: "record";
  of: S;
}
export interface UnsupportedSpec {
  kind: "unsupported";
  what: string;
  required?: false;
}
export type Spec =
  | StringSpec
  | EnumSpec
  | IntegerSpec
  | BooleanSpec
  | MetadataSpec
  | HashSpec
  | ArraySpec
  | RecordSpec
  | UnsupportedSpec;
export interface Fields {
  [name: string]: Spec;
}

type Out<S> =
  S extends EnumSpec<infer E>
    ? E
    : S extends StringSpec
      ? string
      : S extends IntegerSpec
        ? number
        : S extends BooleanSpec
          ? boolean
          : S extends MetadataSpec
            ? Record<string, string>
            : S extends HashSpec<infer F>
              ? Params<F>
              : S extends ArraySpec<infer T>
                ? Out<T>[]
                : S extends RecordSpec<infer T>
                  ? Record<string, Out<T>>
                  : never;

// Builders always set R, so `required?: true` is only assignable from a spec built with R = true.
type RequiredKeys<F extends Fields> = { [K in keyof F]: F[K] extends { required?: true } ? K : never }[keyof F];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** The checked, typed parameters a schema describes. */
export type Params<F extends Fields> = Simplify<
  { [K in RequiredKeys<F>]: Out<F[K]> } & { [K in Exclude<keyof F, RequiredKeys<F>>]?: Out<F[K]> }
>;

type Req<O> = O extends { required: true } ? true : false;
type Opts<S> = Omit<S, "kind" | "required"> & { required?: boolean };

export const p = {
  string: <const O extends Opts<StringSpec>>(o?: O): StringSpec<Req<O>> =>
    ({ kind: "string", ...o }) as StringSpec<Req<O>>,
  enum: <const E extends string, const O extends { required?: boolean } = { required?: false }>(
    values: readonly E[],
    o?: O,
  ): EnumSpec<E, Req<O>> => ({ kind: "enum", values, ...o }) as EnumSpec<E, Req<O>>,
  integer: <const O extends Opts<IntegerSpec>>(o?: O): IntegerSpec<Req<O>> =>
    ({ kind: "integer", ...o }) as IntegerSpec<Req<O>>,
  boolean: (): BooleanSpec<false> => ({ kind: "boolean" }),
  metadata: (): MetadataSpec<false> => ({ kind: "metadata" }),
  hash: <F extends Fields, const O extends { required?: boolean } = { required?: false }>(
    fields: F,
    o?: O,
  ): HashSpec<F, Req<O>> => ({ kind: "hash", fields, ...o }) as HashSpec<F, Req<O>>,
  array: <S extends Spec, const O extends { required?: boolean; max?: number } = { required?: false }>(
    of: S,
    o?: O,
  ): ArraySpec<S, Req<O>> => ({ kind: "array", of, ...o }) as ArraySpec<S, Req<O>>,
  /** A hash with any keys (e.g. `capabilities[transfers][requested]`), each value checked by `of`. */
  record: <S extends Spec>(of: S): RecordSpec<S, false> => ({ kind: "record", of }),
  /** A real Stripe parameter this server does not implement: refused with a clear message instead of silently ignored. */
  unsupported: (what: string): UnsupportedSpec => ({ kind: "unsupported", what }),
  expand: (): ArraySpec<StringSpec<false>, false> => ({ kind: "array", of: { kind: "string" } }),
};

const isHash = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks `raw` (as parsed by qs) against `fields`; throws the first error Stripe would report. Cast the result to `Params<typeof fields>`. */
export function check(raw: unknown, fields: Fields): Record<string, unknown> {
  return checkFields(raw, fields, "");
}

function checkFields(raw: unknown, fields: Fields, prefix: string): Record<string, unknown> {
  const name = (key: string) => (prefix ? `${prefix}[${key}]` : key);
  const input = raw === undefined || raw === "" ? {} : raw;
  if (!isHash(input)) throw errors.notHash(prefix || "body");
  for (const key of Object.keys(input)) if (!(key in fields)) throw errors.unknown(name(key));
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(fields)) {
    const value = checkValue(input[key], spec, name(key));
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function checkValue(value: unknown, spec: Spec, param: string): unknown {
  if (value === undefined) {
    if (spec.required) throw errors.missing(param);
    return undefined;
  }
  if (value === "") {
    // An empty value means "unset": fine for an optional param, an error for a required one.
    if (spec.required) throw errors.empty(param);
    return undefined;
  }
  switch (spec.kind) {
    case "unsupported":
      throw errors.unsupported(param, spec.what);
    case "string": {
      if (typeof value !== "string") throw errors.notString(param);
      if (spec.max !== undefined && value.length > spec.max)
        throw errors.invalidValue(param, `Invalid ${param}: must be at most ${spec.max} characters`);
      spec.check?.(value, param);
      return value;
    }
    case "enum": {
      if (typeof value !== "string") throw errors.notString(param);
      if (!spec.values.includes(value))
        throw errors.invalidValue(param, `Invalid ${param}: must be one of ${oneOf(spec.values)}`);
      return value;
    }
    case "integer": {
      if (typeof value !== "string" || !/^-?\d+$/.test(value))
        throw errors.integer(param, typeof value === "string" ? value : JSON.stringify(value));
      const n = Number(value);
      if (!Number.isSafeInteger(n)) throw errors.integer(param, value);
      if (spec.min !== undefined && n < spec.min)
        throw errors.range(param, `This value must be greater than or equal to ${spec.min}.`);
      if (spec.max !== undefined && n > spec.max)
        throw errors.range(param, `This value must be less than or equal to ${spec.max}.`);
      return n;
    }
    case "boolean": {
      if (value !== "true" && value !== "false") throw errors.boolean(param, String(value));
      return value === "true";
    }
    case "metadata":
      return checkMetadata(value, param);
    case "hash":
      if (!isHash(value)) throw errors.notHash(param);
      return checkFields(value, spec.fields, param);
    case "record": {
      if (!isHash(value)) throw errors.notHash(param);
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const checked = checkValue(item, spec.of, `${param}[${key}]`);
        if (checked !== undefined) out[key] = checked;
      }
      return out;
    }
    case "array": {
      const items = asArray(value);
      if (!items) throw errors.notArray(param);
      if (spec.max !== undefined && items.length > spec.max)
        throw errors.invalidValue(param, `Invalid ${param}: at most ${spec.max} items are allowed`);
      return items.map((item, i) => {
        const checked = checkValue(item, { ...spec.of, required: true } as Spec, `${param}[${i}]`);
        return checked;
      });
    }
  }
}

/** qs turns `a[0]=x` into an array, but very sparse or large indices into an object keyed by index. */
function asArray(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (isHash(value) && Object.keys(value).every((k) => /^\d+$/.test(k))) {
    return Object.keys(value)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => value[k]);
  }
  return undefined;
}

function checkMetadata(input: unknown, param: string): Record<string, string> {
  // qs reads `metadata[0]=x` as an array; for metadata "0" is just a key.
  const value = Array.isArray(input) ? Object.fromEntries(input.map((v, i) => [String(i), v])) : input;
  if (!isHash(value)) throw errors.notHash(param);
  const out: Record<string, string> = {};
  const keys = Object.keys(value);
  if (keys.length > 50)
    throw errors.invalidValue(param, `You can have up to 50 metadata keys, but you passed ${keys.length}.`);
  for (const key of keys) {
    const v = value[key];
    if (typeof v !== "string") throw errors.notString(`${param}[${key}]`);
    if (key.length > 40)
      throw errors.invalidValue(
        `${param}[${key}]`,
        `Metadata keys can have up to 40 characters, but you passed in a key that is ${key.length} characters.`,
      );
    if (v.length > 500)
      throw errors.invalidValue(
        `${param}[${key}]`,
        `Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters.`,
      );
    if (v !== "") out[key] = v;
  }
  return out;
}

function oneOf(values: readonly string[]): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")}, or ${values[values.length - 1]}`;
}

// ——— Formats shared by several endpoints ———

export const currency = () =>
  p.string({
    required: true,
    check: (v, param) => {
      if (!/^[A-Za-z]{3}$/.test(v))
        throw errors.invalidValue(
          param,
          `Invalid currency: ${v.toLowerCase()}. Stripe currently supports only three-letter ISO 4217 currency codes.`,
        );
    },
  });

export const url = () =>
  p.string({
    check: (v, param) => {
      let ok = false;
      try {
        const u = new URL(v.replace(/\{CHECKOUT_SESSION_ID\}/g, "x"));
        ok = u.protocol === "http:" || u.protocol === "https:";
      } catch {
        ok = false;
      }
      if (!ok) throw errors.invalidValue(param, "Not a valid URL", "url_invalid");
    },
  });

export const email = () =>
  p.string({
    max: 800,
    check: (v, param) => {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v))
        throw errors.invalidValue(param, `Invalid email address: ${v}`, "email_invalid");
    },
  });
