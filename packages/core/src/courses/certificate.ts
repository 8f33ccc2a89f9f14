/**
 * Certificates of completion. One per enrolment: the certificate item and the
 * enrolment's `certificateCode` are written in one transaction conditioned on the
 * enrolment having none, so a race on the last lesson cannot issue two.
 * The public verification code is random (not derived from ids) and short enough to type.
 */
import { randomInt } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { PDFDocument, StandardFonts, rgb } from "pdf-lib";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { transact } from "../db/transact";
import type * as Enrolment from "../enrolment";
import { NotFound } from "../errors";
import { type ContentLanguage, type Locale, type Localized, pick } from "../text";

export type Certificate = {
  code: string;
  enrolmentId: string;
  personId: string;
  name: string;
  courseId: string;
  courseTitle: string;
  institution: string;
  language: Locale;
  startDate: string;
  endDate: string;
  issuedAt: string;
};

const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; // no 0/O, 1/I: read aloud over a phone line
export function newCode(): string {
  const part = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `RUT-${part()}-${part()}`;
}

export async function issue(input: {
  enrolment: Enrolment.Enrolment;
  name: string;
  courseTitle: Localized;
  /** The course's own language: the title's fallback when it has none in `language`. */
  courseLanguage?: ContentLanguage;
  language: Locale;
  institution: string;
  startDate: string;
  endDate: string;
}): Promise<Certificate | null> {
  const { enrolment } = input;
  const cert: Certificate = {
    code: newCode(),
    enrolmentId: enrolment.id,
    personId: enrolment.personId,
    name: input.name,
    courseId: enrolment.parentId,
    courseTitle: pick(input.courseTitle, input.language, input.courseLanguage),
    institution: input.institution,
    language: input.language,
    startDate: input.startDate,
    endDate: input.endDate,
    issuedAt: new Date().toISOString(),
  };
  const out = await transact([
    {
      Put: {
        TableName: tableName(),
        Item: { ...keys.certificate(cert.code), type: "Certificate", ...cert },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.enrolment(enrolment.kind, enrolment.offeringId, enrolment.personId),
        UpdateExpression: "SET certificateCode = :code",
        ConditionExpression: "attribute_not_exists(certificateCode) AND #status = :active",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":code": cert.code, ":active": "active" },
      },
    },
  ]);
  return out.ok ? cert : null; // null: another request issued it first
}

export async function get(code: string): Promise<Certificate> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.certificate(code.toUpperCase()) }));
  if (!out.Item) throw new NotFound("Certificate");
  const { pk: _p, sk: _s, type: _t, ...cert } = out.Item;
  return cert as Certificate;
}

const pdfText: Record<
  Locale,
  { heading: string; certifies: string; completed: string; from: string; to: string; verify: string }
> = {
  en: {
    heading: "Certificate of completion",
    certifies: "This certifies that",
    completed: "completed the short course",
    from: "from",
    to: "to",
    verify: "Verify this certificate at",
  },
  es: {
    heading: "Certificado de aprobación",
    certifies: "Se certifica que",
    completed: "completó el curso corto",
    from: "del",
    to: "al",
    verify: "Verifique este certificado en",
  },
  fr: {
    heading: "Attestation de réussite",
    certifies: "Nous attestons que",
    completed: "a suivi avec succès le cours court",
    from: "du",
    to: "au",
    verify: "Vérifiez cette attestation à",
  },
};

/** The standard PDF fonts speak WinAnsi only: anything else is replaced rather than failing the PDF. */
const winAnsi = (s: string) =>
  s
    .normalize("NFC")
    .replace(/[^\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/g, "?");

export async function pdf(cert: Certificate, verifyUrl: string): Promise<Uint8Array> {
  const t = pdfText[cert.language];
  const doc = await PDFDocument.create();
  doc.setTitle(`${t.heading} — ${cert.courseTitle}`);
  doc.setLanguage(cert.language);
  doc.setProducer("Rutas");
  const page = doc.addPage([842, 595]); // A4 landscape
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const ink = rgb(0.12, 0.2, 0.3);
  const centre = (text: string, y: number, size: number, font = regular) => {
    const s = winAnsi(text);
    const width = font.widthOfTextAtSize(s, size);
    page.drawText(s, { x: (842 - Math.min(width, 760)) / 2, y, size, font, color: ink, maxWidth: 760 });
  };
  page.drawRectangle({ x: 24, y: 24, width: 794, height: 547, borderColor: rgb(0.75, 0.45, 0.2), borderWidth: 3 });
  centre("RUTAS", 510, 16, bold);
  centre(t.heading, 450, 30, bold);
  centre(t.certifies, 395, 14);
  centre(cert.name, 355, 26, bold);
  centre(t.completed, 315, 14);
  centre(cert.courseTitle, 280, 20, bold);
  centre(`${t.from} ${cert.startDate} ${t.to} ${cert.endDate} — ${cert.institution}`, 245, 13);
  centre(`${t.verify} ${verifyUrl}`, 120, 11);
  centre(cert.code, 95, 16, bold);
  return doc.save();
}
