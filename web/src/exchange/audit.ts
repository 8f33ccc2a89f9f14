/**
 * A round's public audit as a file anyone can re-check (decision 0019): the algorithm, the digest,
 * the pseudonymised input and the outcome. The digest is the sha256 of the canonical JSON of the
 * input — the same `canonicalJson` the server uses — so the page can check it in the browser too.
 */
import { canonicalJson } from "../../../packages/core/src/canonical";
import type { Round } from "./api";

export type AuditFile = Pick<Round, "algorithm" | "inputDigest" | "input" | "outcome">;

export const auditFile = (r: AuditFile): AuditFile => ({
  algorithm: r.algorithm,
  inputDigest: r.inputDigest,
  input: r.input,
  outcome: r.outcome,
});

export const auditFileName = (roundId: string) => `matching-round-${roundId}.json`;

/** sha256 (hex) of the canonical JSON of the input, computed here. */
export async function digestOf(input: AuditFile["input"]): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(input));
  const hash = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
