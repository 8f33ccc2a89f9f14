/**
 * The profile form's model. Types come from the API (hc inference), and the two
 * option lists below fail to compile if the API gains a value they lack. A save
 * sends only what changed; an emptied select is left alone because the API has
 * no way to clear one.
 */
import type { InferRequestType, InferResponseType } from "hono/client";
import type { api } from "../api/client";

export type Person = InferResponseType<typeof api.me.$get, 200>;
export type Patch = InferRequestType<typeof api.me.$patch>["json"];
type OrgType = NonNullable<Patch["organisationType"]>;
type Language = NonNullable<Patch["languages"]>[number];

export const ORG_TYPES = [
  "university",
  "ngo",
  "government",
  "business",
  "business_association",
  "rural_organisation",
  "community_organisation",
  "local_talent",
  "other",
] as const satisfies readonly OrgType[];
export const LANGUAGE_CODES = ["en", "es", "fr", "qu", "ay", "pt"] as const satisfies readonly Language[];
type Exhaustive<Missing extends never> = Missing;
export type OrgTypesComplete = Exhaustive<Exclude<OrgType, (typeof ORG_TYPES)[number]>>;
export type LanguagesComplete = Exhaustive<Exclude<Language, (typeof LANGUAGE_CODES)[number]>>;

export type Draft = {
  name: string;
  country: string;
  organisation: string;
  organisationType: string;
  languages: string[];
  profession: string;
};

/** Field order on the page: the first field with an error gets focus. */
export const FIELDS = ["name", "country", "organisation", "organisationType", "languages", "profession"] as const;

export function draftOf(p: Partial<Person>): Draft {
  return {
    name: p.name ?? "",
    country: p.country ?? "",
    organisation: p.organisation ?? "",
    organisationType: p.organisationType ?? "",
    languages: p.languages ?? [],
    profession: p.profession ?? "",
  };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function patchOf(saved: Partial<Person>, draft: Draft): Patch {
  const before = draftOf(saved);
  const patch: Patch = {};
  for (const key of ["name", "organisation", "profession"] as const) {
    if (draft[key].trim() !== before[key]) patch[key] = draft[key].trim();
  }
  if (draft.country && draft.country !== before.country) patch.country = draft.country;
  if (draft.organisationType && draft.organisationType !== before.organisationType) {
    patch.organisationType = draft.organisationType as OrgType;
  }
  if (!sameSet(draft.languages, before.languages)) {
    patch.languages = LANGUAGE_CODES.filter((l) => draft.languages.includes(l));
  }
  return patch;
}
