/**
 * The text drawn on a PDF made by pdf-lib, for assertions: inflates its content streams and
 * decodes the hex strings its standard fonts are drawn with (WinAnsi: Latin-1 plus a few signs).
 */
import { inflateSync } from "node:zlib";

const WIN_ANSI: Record<number, string> = { 0x80: "\u20ac", 0x92: "\u2019", 0x96: "\u2013", 0x97: "\u2014" };
const winAnsi = (bytes: Buffer) => [...bytes].map((b) => WIN_ANSI[b] ?? String.fromCharCode(b)).join("");

export function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes);
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const start = raw.indexOf("stream", at, "latin1");
    if (start < 0) break;
    const dataStart = start + (raw[start + 6] === 0x0d ? 8 : 7);
    const end = raw.indexOf("endstream", dataStart, "latin1");
    if (end < 0) break;
    const data = raw.subarray(dataStart, end);
    let text: string;
    try {
      text = inflateSync(data).toString("latin1");
    } catch {
      text = data.toString("latin1");
    }
    for (const m of text.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) out.push(winAnsi(Buffer.from(m[1], "hex")));
    for (const m of text.matchAll(/\((.*?)\)\s*Tj/g)) out.push(m[1]);
    at = end + 9;
  }
  return out.join("\n");
}
