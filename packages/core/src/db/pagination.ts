/**
 * Opaque cursors: the DynamoDB LastEvaluatedKey, base64url-encoded JSON.
 * A tampered cursor is rejected as bad input, never passed to the database raw.
 */
import { Invalid } from "../errors";

export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString("base64url") : null;
}

/** `expect` names the key attributes a cursor of this listing has, and the partition it must be in. */
export function decodeCursor(
  cursor: string | undefined,
  expect?: { attributes: string[]; partition: [attribute: string, value: string] },
): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const ok = Object.values(value).every((v) => typeof v === "string");
      const shaped =
        !expect ||
        (Object.keys(value).sort().join() === [...expect.attributes].sort().join() &&
          value[expect.partition[0]] === expect.partition[1]);
      if (ok && shaped) return value as Record<string, unknown>;
    }
  } catch {
    /* fall through */
  }
  throw Invalid.field("cursor", "Cursor is not one this API issued.");
}
