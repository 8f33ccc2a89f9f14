/**
 * Sale of publications and documents (cost recovery for studies, manuals and
 * databases). A publication is an offering like a cohort — same prices per
 * pricing group, same enrolment, hold, checkout and ledger machinery — with no
 * real limit on copies. Buyers get an expiring download link.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { type Actor, requirePerson } from "../actor";
import { config } from "../config";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { transact } from "../db/transact";
import * as Audit from "../audit";
import * as Enrolment from "../enrolment";
import { Conflict, Forbidden, Invalid, NotFound } from "../errors";
import * as Files from "../files";
import * as Institutions from "../institutions";
import * as People from "../people";
import type { Localized } from "../text";
import { CONTENT_LANGUAGES, languagesOf } from "../text";
import * as Offerings from "../offerings";
import { publicationKind } from "./kind";

export const MAX_FILE_BYTES = 5 * 1024 * 1024; // through the API (Lambda's payload limit is 6 MB)
export const LINK_MINUTES = 15;

export type Publication = Enrolment.Offering & {
  description: Localized;
  status: "draft" | "available";
  file?: { name: string; contentType: string; size: number; key: string };
  createdAt: string;
};
export type PublicationView = {
  id: string;
  institutionId: string;
  title: Localized;
  description: Localized;
  status: "draft" | "available";
  prices: Enrolment.Price[];
  price?: Enrolment.ChargedPrice | null;
  file?: { name: string; contentType: string; size: number };
  createdAt: string;
};

const view = (p: Publication, group?: People.PricingGroup): PublicationView => ({
  id: p.id,
  institutionId: p.institutionId,
  title: p.title,
  description: p.description,
  status: p.status,
  prices: p.prices,
  ...(group ? { price: Enrolment.priceFor(p.prices, group) } : {}),
  ...(p.file ? { file: { name: p.file.name, contentType: p.file.contentType, size: p.file.size } } : {}),
  createdAt: p.createdAt,
});

export async function create(
  actor: Actor,
  input: { institutionId: string; title: Localized; description: Localized; prices: Enrolment.Price[] },
): Promise<PublicationView> {
  await Institutions.requireAdmin(actor, input.institutionId);
  if (!languagesOf(input.title).length)
    throw Invalid.field("title", `A title is needed in at least one of ${CONTENT_LANGUAGES.join(", ")}.`);
  Enrolment.validatePrices(input.prices);
  const id = ulid();
  const now = new Date().toISOString();
  // No dates and no seats: a document is sold for as long as it is on sale, to as many as buy it.
  const publication: Publication = {
    kind: publicationKind.kind,
    id,
    parentId: id,
    institutionId: input.institutionId,
    title: input.title,
    description: input.description,
    prices: input.prices,
    feeShares: Offerings.planFor(publicationKind.defaultFeeShares, input.institutionId),
    status: "draft",
    createdAt: now,
  };
  await Offerings.create(publication, {}, undefined, [
    Audit.write(actor, {
      action: "publication.created",
      target: { kind: "publication", id },
      institutionId: input.institutionId,
      details: { title: (Object.values(input.title).find(Boolean) ?? "").slice(0, 200), prices: input.prices.length },
    }),
  ]);
  return view(publication);
}

async function load(id: string): Promise<Publication> {
  const p = (await Offerings.get(publicationKind.kind, id)) as Publication | null;
  if (!p) throw new NotFound("Publication");
  return p;
}

/** Stores the document and puts the publication on sale. */
export async function uploadFile(
  actor: Actor,
  id: string,
  file: { name: string; contentType: string; bytes: Uint8Array },
): Promise<PublicationView> {
  const p = await load(id);
  await Institutions.requireAdmin(actor, p.institutionId);
  if (file.bytes.byteLength === 0) throw Invalid.field("file", "The file is empty.");
  if (file.bytes.byteLength > MAX_FILE_BYTES)
    throw Invalid.field("file", `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
  const name = file.name.replace(/[^\p{L}\p{N} ._()-]/gu, "_").slice(0, 120) || "document";
  const key = `publications/${id}/${ulid()}`;
  await Files.put(key, file.bytes, file.contentType);
  const meta = { name, contentType: file.contentType, size: file.bytes.byteLength, key };
  const out = await transact([
    {
      Update: {
        TableName: tableName(),
        Key: keys.offering(publicationKind.kind, id),
        UpdateExpression: "SET #file = :file, #status = :available, gsi1pk = :g, gsi1sk = :gs",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#file": "file", "#status": "status" },
        ExpressionAttributeValues: { ":file": meta, ":available": "available", ...listing(p) },
      },
    },
    Audit.write(actor, {
      action: "publication.file_uploaded",
      target: { kind: "publication", id },
      institutionId: p.institutionId,
      details: {
        name,
        contentType: file.contentType,
        size: file.bytes.byteLength,
        wasOnSale: p.status === "available",
      },
    }),
  ]);
  if (!out.ok) throw new NotFound("Publication");
  return view({ ...p, file: meta, status: "available" });
}

const listing = (p: Publication) => {
  const l = keys.publicationListing(p.createdAt, p.id);
  return { ":g": l.gsi1pk, ":gs": l.gsi1sk };
};

/** Publications on sale, newest first, each with the actor's own price. */
export async function list(actor: Actor): Promise<PublicationView[]> {
  const [out, person] = await Promise.all([
    ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p",
        ExpressionAttributeValues: { ":p": keys.publicationsPartition() },
        ScanIndexForward: false,
        Limit: 100,
      }),
    ),
    actor.kind === "person" ? People.get(actor.id) : Promise.resolve(null),
  ]);
  const group = person ? People.pricingGroupOf(person.country, person.organisationType) : undefined;
  return (out.Items ?? []).map((i) => view(i as Publication, group));
}

export async function detail(actor: Actor, id: string): Promise<PublicationView> {
  const p = await load(id);
  if (p.status !== "available" && !(await Institutions.isAdmin(actor, p.institutionId)))
    throw new NotFound("Publication");
  const person = actor.kind === "person" ? await People.get(actor.id) : null;
  return view(p, person ? People.pricingGroupOf(person.country, person.organisationType) : undefined);
}

/** Buying is enrolling: free → active at once; priced → pending_payment, then Checkout. */
export async function buy(actor: Actor, id: string) {
  requirePerson(actor);
  const p = await load(id);
  if (p.status !== "available") throw new NotFound("Publication");
  return Enrolment.enrol(actor, publicationKind.kind, id);
}

const sign = (payload: string) =>
  createHmac("sha256", config().sessionSecret).update(`download:${payload}`).digest("base64url");

/** A link that works for LINK_MINUTES, for a buyer whose purchase is active, or the institution's admins. */
export async function downloadLink(actor: Actor, id: string): Promise<{ url: string; expiresAt: string }> {
  const who = requirePerson(actor);
  const p = await load(id);
  if (!p.file) throw new NotFound("File");
  const admin = await Institutions.isAdmin(actor, p.institutionId);
  if (!admin) {
    const purchase = await Enrolment.get(Enrolment.enrolmentId(publicationKind.kind, id, who.id));
    if (!purchase) throw new Forbidden("Buy this publication to download it.");
    if (purchase.status === "pending_payment") throw new Conflict("Complete the payment to download it.");
    if (purchase.status !== "active") throw new Forbidden("This purchase is no longer valid.");
  }
  const expires = Date.now() + LINK_MINUTES * 60_000;
  const presigned = await Files.presignedDownload(p.file.key, p.file.name, LINK_MINUTES * 60);
  if (presigned) return { url: presigned, expiresAt: new Date(expires).toISOString() };
  const payload = `${id}.${Math.floor(expires / 1000)}`;
  return {
    url: `${config().appUrl}/api/downloads/${payload}.${sign(payload)}`,
    expiresAt: new Date(expires).toISOString(),
  };
}

/** Serves a file for a signed, unexpired token (the local stand-in for a presigned S3 URL). */
export async function download(token: string): Promise<{ name: string; contentType: string; bytes: Uint8Array }> {
  const [id, exp, signature] = token.split(".");
  const expected = sign(`${id}.${exp}`);
  const valid =
    signature && signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
  if (!valid) throw new Forbidden("This download link is not valid.");
  if (Number(exp) * 1000 < Date.now()) throw new Forbidden("This download link has expired; ask for a new one.");
  const p = await load(id);
  if (!p.file) throw new NotFound("File");
  return { name: p.file.name, contentType: p.file.contentType, bytes: await Files.get(p.file.key) };
}
