// Stripe's idempotency for POSTs: the first response under a key is saved for 24 h and replayed for the same endpoint and parameters; anything else under that key is an idempotency_error.
import { errors } from "./errors";

export type SavedResponse = { status: number; body: string; requestId: string };
type Entry = SavedResponse & { endpoint: string; params: string; savedAt: number };

const TTL_MS = 24 * 60 * 60 * 1000;

/** Order-independent JSON of the parsed parameters, so `a=1&b=2` and `b=2&a=1` are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export class IdempotencyKeys {
  private readonly entries = new Map<string, Entry>();

  /** The saved response to replay, or undefined when this key is new; throws when the key was used for something else. */
  lookup(apiKey: string, key: string, endpoint: string, params: unknown): SavedResponse | undefined {
    if (key.length > 255) throw errors.idempotencyKeyTooLong();
    const id = `${apiKey}\u0000${key}`;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (Date.now() - entry.savedAt > TTL_MS) {
      this.entries.delete(id);
      return undefined;
    }
    if (entry.endpoint !== endpoint) throw errors.idempotencyEndpoint(key, entry.endpoint, endpoint);
    if (entry.params !== canonical(params)) throw errors.idempotencyParams(key);
    return entry;
  }

  save(apiKey: string, key: string, endpoint: string, params: unknown, response: SavedResponse): void {
    this.entries.set(`${apiKey}\u0000${key}`, {
      ...response,
      endpoint,
      params: canonical(params),
      savedAt: Date.now(),
    });
  }
}
