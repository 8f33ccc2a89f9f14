/**
 * Stored files (documents sold by institutions): S3 on AWS, a local folder in
 * development. Keys are ours (never a user's file name), so no path can escape.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { config } from "../config";
import { NotFound } from "../errors";

let s3: S3Client | undefined;
const client = () => (s3 ??= new S3Client({ region: config().region }));
const safeKey = (key: string) => {
  if (!/^[A-Za-z0-9/_.-]+$/.test(key) || key.includes("..")) throw new Error(`Unsafe storage key ${key}`);
  return key;
};

export async function put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
  const { bucket, dir } = config().files;
  if (bucket) {
    await client().send(
      new PutObjectCommand({ Bucket: bucket, Key: safeKey(key), Body: bytes, ContentType: contentType }),
    );
    return;
  }
  const path = join(resolve(dir), safeKey(key));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}

export async function get(key: string): Promise<Uint8Array> {
  const { bucket, dir } = config().files;
  try {
    if (bucket) {
      const out = await client().send(new GetObjectCommand({ Bucket: bucket, Key: safeKey(key) }));
      return out.Body!.transformToByteArray();
    }
    return await readFile(join(resolve(dir), safeKey(key)));
  } catch (err) {
    const name = (err as Error & { code?: string }).name;
    if (name === "NoSuchKey" || (err as { code?: string }).code === "ENOENT") throw new NotFound("File");
    throw err;
  }
}

/** On AWS a presigned S3 URL; locally null, and the API serves the file itself behind a signed token. */
export async function presignedDownload(key: string, fileName: string, seconds: number): Promise<string | null> {
  const { bucket } = config().files;
  if (!bucket) return null;
  return getSignedUrl(
    client(),
    new GetObjectCommand({
      Bucket: bucket,
      Key: safeKey(key),
      ResponseContentDisposition: `attachment; filename="${fileName.replace(/"/g, "")}"`,
    }),
    { expiresIn: seconds },
  );
}
