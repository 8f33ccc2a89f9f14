/**
 * One SES (v2) client, created lazily with its region and time limits pinned, used only when
 * `MAIL_FROM` is configured (AWS stages). The message goes as SES "Simple" content: subject, plain
 * text, optional HTML and extra headers (List-Unsubscribe, RFC 8058), which SES adds as given.
 */
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { config } from "../config";

let cached: { key: string; client: SESv2Client } | undefined;

function client(): SESv2Client {
  const c = config();
  const key = `${c.region}|${c.mail.endpoint ?? "aws"}|${c.budgets.dynamoCallMs}`;
  if (!cached || cached.key !== key) {
    cached = {
      key,
      client: new SESv2Client({
        region: c.region,
        endpoint: c.mail.endpoint,
        maxAttempts: 2,
        // A local fake endpoint takes any credentials; AWS uses the default chain.
        ...(c.mail.endpoint ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
        requestHandler: new NodeHttpHandler({ connectionTimeout: 1000, socketTimeout: c.budgets.dynamoCallMs }),
      }),
    };
  }
  return cached.client;
}

export type Outgoing = { to: string; subject: string; text: string; html?: string; headers?: Record<string, string> };

/** Sends one message through SES; returns SES's message id. */
export async function sendWithSes(from: string, mail: Outgoing): Promise<string | undefined> {
  const c = config();
  const out = await client().send(
    new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: [mail.to] },
      ConfigurationSetName: c.mail.configurationSet,
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: "UTF-8" },
          Body: {
            Text: { Data: mail.text, Charset: "UTF-8" },
            ...(mail.html ? { Html: { Data: mail.html, Charset: "UTF-8" } } : {}),
          },
          Headers: Object.entries(mail.headers ?? {}).map(([Name, Value]) => ({ Name, Value })),
        },
      },
    }),
    { abortSignal: AbortSignal.timeout(c.budgets.dynamoCallMs * 2) },
  );
  return out.MessageId;
}
