/**
 * Outgoing e-mail. Every message is recorded in the table (the outbox) so what the
 * platform told a person can always be shown; on the local stage the outbox is
 * also how a developer or a browser test reads a magic link.
 */
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";

export type Mail = { to: string; subject: string; text: string; link?: string };
export type SentMail = Mail & { id: string; sentAt: string };

const OUTBOX_DAYS = 30;

export async function send(mail: Mail): Promise<SentMail> {
  const to = mail.to.toLowerCase();
  const id = ulid();
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
        sentAt,
        expiresAt: Math.floor(Date.now() / 1000) + OUTBOX_DAYS * 86400,
      },
    }),
  );
  return { ...mail, to, id, sentAt };
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
    sentAt: i.sentAt,
  }));
}
