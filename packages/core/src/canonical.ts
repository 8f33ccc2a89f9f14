/**
 * The canonical JSON of a value: object keys sorted by code point, no spaces, lists kept in order.
 * Two values equal in content give the same text whatever the order of their keys (DynamoDB does
 * not keep it), and anyone re-serialising a published value the same way gets the same bytes — which
 * is what a published digest needs (decision 0019).
 */
const sorted = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sorted)
    : v && typeof v === "object"
      ? Object.fromEntries(
          Object.entries(v)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, x]) => [k, sorted(x)]),
        )
      : v;

export const canonicalJson = (v: unknown): string => JSON.stringify(sorted(v));
