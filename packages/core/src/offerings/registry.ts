/**
 * The offering kinds the platform sells. Built-in kinds are listed here; a capability (or a
 * test) adds its own with `register`. Everything generic looks a kind up with `describe`.
 */
import { cohortKind } from "../courses/kind";
import { NotFound } from "../errors";
import { placeKind } from "../exchange/place-kind";
import { publicationKind } from "../publications/kind";
import { routeKind } from "../learning-routes/kind";
import type { OfferingKind, OfferingKindDescriptor } from "./descriptor";

const kinds = new Map<OfferingKind, OfferingKindDescriptor>();

/** Adds a kind; its name, key prefix and id code must be new (they are part of stored keys and ids). */
export function register(descriptor: OfferingKindDescriptor): OfferingKindDescriptor {
  const existing = kinds.get(descriptor.kind);
  if (existing === descriptor) return descriptor;
  for (const d of kinds.values()) {
    if (d.kind === descriptor.kind || d.keyPrefix === descriptor.keyPrefix || d.idCode === descriptor.idCode) {
      throw new Error(`Offering kind ${descriptor.kind} clashes with ${d.kind} (name, key prefix or id code).`);
    }
  }
  if (!/^[a-z]+$/.test(descriptor.idCode) || !/^[A-Z_]+$/.test(descriptor.keyPrefix)) {
    throw new Error(`Offering kind ${descriptor.kind}: id code must be lowercase letters and key prefix uppercase.`);
  }
  kinds.set(descriptor.kind, descriptor);
  return descriptor;
}

register(cohortKind);
register(publicationKind);
register(routeKind);
register(placeKind);

/** The descriptor of a kind; an unknown kind is something that does not exist. */
export function describe(kind: OfferingKind): OfferingKindDescriptor {
  const d = kinds.get(kind);
  if (!d) throw new NotFound("Offering");
  return d;
}

export const isKind = (kind: string) => kinds.has(kind);
export const byIdCode = (code: string) => [...kinds.values()].find((d) => d.idCode === code);
export const all = () => [...kinds.values()];
