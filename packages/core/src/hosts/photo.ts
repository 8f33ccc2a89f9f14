/**
 * A host's photo, made small enough for a phone on a rural link: at most 800 px on its longer
 * side and never over MAX_PHOTO_BYTES as served (a JPEG, re-encoded at a lower quality, then
 * smaller, until it fits). Pure JavaScript (jimp) for JPEG and PNG and a WebAssembly decoder
 * (@jsquash/webp) for WebP: no native binary, so the same code runs on Lambda arm64 (decision 0017).
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { Invalid } from "../errors";

export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];
/** What a phone is served, at most (30 kB). */
export const MAX_PHOTO_BYTES = 30_000;
/** What an upload may weigh before it is resized. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Decoded size refused beyond this, so a small file cannot ask for gigabytes of pixels. */
const MAX_PIXELS = 40_000_000;
const MAX_SIDE = 800;
const QUALITIES = [80, 65, 50];

export type ResizedPhoto = { bytes: Uint8Array; width: number; height: number };

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u24le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);

/** The image's declared size, read from its header without decoding it; null if it is not that format. */
export function declaredSize(bytes: Uint8Array, type: PhotoType): { width: number; height: number } | null {
  const ascii = (i: number, n: number) => String.fromCharCode(...bytes.subarray(i, i + n));
  if (type === "image/png") {
    if (bytes.length < 24 || ascii(1, 3) !== "PNG" || ascii(12, 4) !== "IHDR") return null;
    return { width: u32be(bytes, 16), height: u32be(bytes, 20) };
  }
  if (type === "image/jpeg") {
    if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return null;
      const marker = bytes[i + 1];
      if (marker === 0xff) {
        i += 1;
        continue;
      }
      // Start of frame (baseline, progressive, ...): not DHT (c4), JPG (c8) or DAC (cc).
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
        return { height: u16be(bytes, i + 5), width: u16be(bytes, i + 7) };
      i += 2 + u16be(bytes, i + 2);
    }
    return null;
  }
  if (bytes.length < 30 || ascii(0, 4) !== "RIFF" || ascii(8, 4) !== "WEBP") return null;
  const chunk = ascii(12, 4);
  if (chunk === "VP8X") return { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
  // Lossy: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit little-endian width and height.
  if (chunk === "VP8 ") return { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
  if (chunk === "VP8L") {
    const bits = (bytes[21] | (bytes[22] << 8) | (bytes[23] << 16) | (bytes[24] << 24)) >>> 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return null;
}

type Pixels = { data: Uint8ClampedArray; width: number; height: number };
let webpReady: Promise<(buffer: ArrayBuffer) => Promise<Pixels>> | undefined;
/** The WebP decoder, its .wasm read from the package on disk (Node has no fetch for file URLs). */
function webpDecoder() {
  return (webpReady ??= (async () => {
    const { default: decode, init } = await import("@jsquash/webp/decode.js");
    const path = createRequire(import.meta.url).resolve("@jsquash/webp/codec/dec/webp_dec.wasm");
    await init({ wasmBinary: await readFile(path) } as never);
    return decode as unknown as (buffer: ArrayBuffer) => Promise<Pixels>;
  })());
}

/** Loaded on the first upload only: a cold start that serves profiles never pays for it. */
/** What is used of a jimp image (its own types are too deep to name here). */
type Image = {
  width: number;
  height: number;
  scaleToFit(to: { w: number; h: number }): unknown;
  getBuffer(mime: "image/jpeg", options: { quality: number }): Promise<Buffer>;
};

async function decode(bytes: Uint8Array, type: PhotoType): Promise<Image> {
  const { Jimp } = await import("jimp");
  if (type === "image/webp") {
    const decodeWebp = await webpDecoder();
    const copy = bytes.slice().buffer as ArrayBuffer;
    const image = await decodeWebp(copy);
    return Jimp.fromBitmap({ data: Buffer.from(image.data.buffer), width: image.width, height: image.height });
  }
  return Jimp.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** The photo as served: a JPEG of at most MAX_SIDE px and MAX_PHOTO_BYTES. 400 naming `photo` if unreadable. */
export async function resizeForPhone(bytes: Uint8Array, type: PhotoType): Promise<ResizedPhoto> {
  const unreadable = () => Invalid.field("photo", `The body is not a readable ${type.slice(6).toUpperCase()} image.`);
  const size = declaredSize(bytes, type);
  if (!size || size.width < 1 || size.height < 1) throw unreadable();
  if (size.width * size.height > MAX_PIXELS)
    throw Invalid.field("photo", `The image has more than ${MAX_PIXELS / 1_000_000} million pixels.`);
  let image: Image;
  try {
    image = await decode(bytes, type);
  } catch {
    throw unreadable();
  }
  let side = MAX_SIDE;
  for (;;) {
    if (image.width > side || image.height > side) image.scaleToFit({ w: side, h: side });
    let smallest = Infinity;
    for (const quality of QUALITIES) {
      const out = await image.getBuffer("image/jpeg", { quality });
      if (out.byteLength <= MAX_PHOTO_BYTES)
        return { bytes: new Uint8Array(out), width: image.width, height: image.height };
      smallest = out.byteLength;
    }
    // Still too heavy at the lowest quality: fewer pixels, by about the share of bytes to lose.
    side = Math.floor(Math.max(image.width, image.height) * Math.min(0.9, Math.sqrt(MAX_PHOTO_BYTES / smallest)));
    if (side < 16) throw Invalid.field("photo", "The image could not be made small enough.");
  }
}
