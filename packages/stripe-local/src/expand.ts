// `expand[]` as Stripe does it: dotted paths replace an id with its object (lists via `data.`), only on fields Stripe marks expandable, at most four levels.
import { errors } from "./errors";
import type { Store } from "./state";

const EXPANDABLE: Record<string, readonly string[]> = {
  "checkout.session": ["payment_intent"],
  payment_intent: ["latest_charge"],
  charge: ["balance_transaction", "payment_intent", "refunds"],
  refund: ["balance_transaction", "charge", "payment_intent"],
  transfer: ["balance_transaction", "destination"],
  transfer_reversal: ["balance_transaction", "transfer"],
};

type Json = Record<string, unknown>;

/** Returns a copy of `object` with every path in `paths` expanded. */
export function expand<T>(store: Store, object: T, paths: readonly string[] | undefined): T {
  const copy = structuredClone(object);
  for (const path of paths ?? []) {
    const segments = path.split(".");
    if (segments.filter((s) => s !== "data").length > 4) {
      throw errors.invalidValue("expand", `You cannot expand more than 4 levels of a property. Property: ${path}`);
    }
    apply(store, copy as Json, segments, path);
  }
  return copy;
}

function apply(store: Store, object: Json, segments: string[], path: string): void {
  const [field, ...rest] = segments;
  if (object.object === "list" && field === "data") {
    for (const item of object.data as Json[]) if (rest.length) apply(store, item, rest, path);
    return;
  }
  if (!EXPANDABLE[String(object.object)]?.includes(field)) {
    throw errors.invalidValue("expand", `This property cannot be expanded (${field}).`);
  }
  if (object.object === "charge" && field === "refunds") {
    object.refunds = store.refundsOf(String(object.id));
  } else if (typeof object[field] === "string") {
    const found = store.lookup(object[field] as string);
    if (found) object[field] = structuredClone(found);
  }
  const next = object[field];
  if (rest.length && next && typeof next === "object") apply(store, next as Json, rest, path);
}
