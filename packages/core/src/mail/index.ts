/**
 * Outgoing e-mail. Every message is recorded in the table (the outbox) so what the
 * platform told a person can always be shown; on the local stage the outbox is
 * also how a developer or a browser test reads a magic link. With `MAIL_FROM` configured
 * (AWS), SES sends the message first and the outbox records it with SES's id; a message SES
 * refused is not recorded as sent (the error reaches the caller, who may retry).
 */
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { config } from "../config";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { sendWithSes } from "./ses";

/** `html`: a light alternative to `text`; `headers`: extra headers (e.g. List-Unsubscribe). */
export type Mail = {
  to: string;
  subject: string;
  text: string;
  link?: string;
  html?: string;
  headers?: Record<string, string>;
};
export type SentMail = Mail & { id: string; sentAt: string; sesMessageId?: string };

const OUTBOX_DAYS = 30;

/** Who delivers: SES when a sender address is configured, else only the outbox. */
export const transport = (): "ses" | "outbox" => (config().mail.from ? "ses" : "outbox");

export async function send(mail: Mail): Promise<SentMail> {
  const to = mail.to.toLowerCase();
  const id = ulid();
  const from = config().mail.from;
  const sesMessageId = from ? await sendWithSes(from, { ...mail, to }) : undefined;
  const sentAt = new Date().toISOString();
  await ddb().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.outbox(to, id),
        type: "Mail",
        id,
        to,
        subject: mail.subject,
        text: mail.text,
        link: mail.link,
        html: mail.html,
        headers: mail.headers,
        sesMessageId,
        sentAt,
        expiresAt: Math.floor(Date.now() / 1000) + OUTBOX_DAYS * 86400,
      },
    }),
  );
  return { ...mail, to, id, sentAt, ...(sesMessageId ? { sesMessageId } : {}) };
}

/** Newest first. */
export async function listFor(to: string, limit = 20): Promise<SentMail[]> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.outboxPartition(to.toLowerCase()) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => ({
    id: i.id,
    to: i.to,
    subject: i.subject,
    text: i.text,
    link: i.link,
    ...(i.html ? { html: i.html } : {}),
    ...(i.headers ? { headers: i.headers } : {}),
    sentAt: i.sentAt,
  }));
}
