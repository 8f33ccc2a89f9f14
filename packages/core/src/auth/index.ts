/**
 * Passwordless sign-in. A magic link carries a random token; only its SHA-256
 * is stored, with a 15-minute TTL, and it is consumed by one conditional delete,
 * so it works once even when two tabs race. The session is a signed JWT (HS256).
 */
import { createHash, randomBytes } from "node:crypto";
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { SignJWT, jwtVerify } from "jose";
import type { PersonActor, Role } from "../actor";
import { config } from "../config";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { Unauthorized } from "../errors";
import * as Mail from "../mail";
import * as People from "../people";
import { consume } from "./rate-limit";

export * as RateLimit from "./rate-limit";

export const MAGIC_LINK_MINUTES = 15;
export type Locale = "en" | "es" | "fr";

const hash = (token: string) => createHash("sha256").update(token).digest("hex");
const secret = () => new TextEncoder().encode(config().sessionSecret);

const mailText: Record<Locale, { subject: string; body: (link: string) => string }> = {
  en: {
    subject: "Your Rutas sign-in link",
    body: (l) =>
      `Open this link to sign in to Rutas. It works once, for ${MAGIC_LINK_MINUTES} minutes:\n\n${l}\n\nIf you did not ask for it, ignore this e-mail.`,
  },
  es: {
    subject: "Tu enlace para entrar en Rutas",
    body: (l) =>
      `Abre este enlace para entrar en Rutas. Funciona una sola vez, durante ${MAGIC_LINK_MINUTES} minutos:\n\n${l}\n\nSi no lo pediste, ignora este correo.`,
  },
  fr: {
    subject: "Votre lien de connexion à Rutas",
    body: (l) =>
      `Ouvrez ce lien pour vous connecter à Rutas. Il fonctionne une fois, pendant ${MAGIC_LINK_MINUTES} minutes :\n\n${l}\n\nSi vous ne l'avez pas demandé, ignorez ce courriel.`,
  },
};

export async function requestMagicLink(rawEmail: string, locale: Locale = "en"): Promise<void> {
  const email = People.normaliseEmail(rawEmail);
  await consume("magic-link", email, config().magicLinksPerHour, 3600);
  const token = randomBytes(32).toString("base64url");
  await ddb().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.magicLink(hash(token)),
        type: "MagicLink",
        email,
        expiresAt: Math.floor(Date.now() / 1000) + MAGIC_LINK_MINUTES * 60,
      },
    }),
  );
  const link = `${config().appUrl}/${locale}/signin?token=${token}`;
  const text = mailText[locale];
  await Mail.send({ to: email, subject: text.subject, text: text.body(link), link });
}

export type Session = { token: string; expiresAt: string; person: People.Person };

/** Exchanges a magic-link token for a session. Used, expired or unknown tokens → Unauthorized. */
export async function exchangeMagicLink(token: string): Promise<Session> {
  let email: string | undefined;
  try {
    const out = await ddb().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: keys.magicLink(hash(token)),
        // TTL deletion is lazy (up to days on AWS): the expiry is checked here too.
        ConditionExpression: "attribute_exists(pk) AND expiresAt > :now",
        ExpressionAttributeValues: { ":now": Math.floor(Date.now() / 1000) },
        ReturnValues: "ALL_OLD",
      }),
    );
    email = out.Attributes?.email as string | undefined;
  } catch (err) {
    if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
  }
  if (!email) throw new Unauthorized("This sign-in link is invalid, expired or already used.");
  const person = await People.findOrCreateByEmail(email);
  return { ...(await issueSession(person.id, email)), person };
}

export async function issueSession(personId: string, email: string): Promise<{ token: string; expiresAt: string }> {
  const days = config().sessionDays;
  const exp = Math.floor(Date.now() / 1000) + days * 86400;
  const token = await new SignJWT({ email })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(personId)
    .setIssuedAt()
    .setExpirationTime(exp)
    .setIssuer("rutas")
    .sign(secret());
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

export function rolesFor(email: string): Role[] {
  return config().adminEmails.includes(email) ? ["participant", "platform_admin"] : ["participant"];
}

/** Verifies a session token and returns who holds it. Forged or expired → Unauthorized. */
export async function verifySession(token: string): Promise<PersonActor> {
  try {
    const { payload } = await jwtVerify(token, secret(), { issuer: "rutas", algorithms: ["HS256"] });
    const email = payload.email;
    if (!payload.sub || typeof email !== "string") throw new Error("incomplete token");
    return { kind: "person", id: payload.sub, email, roles: rolesFor(email) };
  } catch {
    throw new Unauthorized("Your session is invalid or has expired; sign in again.");
  }
}
