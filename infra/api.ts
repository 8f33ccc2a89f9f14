// The HTTP API: one Lambda runs the whole Hono app; it gets the table and its secrets, nothing more.
import { Api as HttpApi, use, type StackContext } from "sst/constructs";
import { Mail, sendMailAccess } from "./mail";
import { Secrets } from "./secrets";
import { Storage, filesAccess, tableAccess } from "./storage";

export function Api({ stack, app }: StackContext) {
  const { table, files } = use(Storage);
  const secrets = use(Secrets);
  const mail = use(Mail);

  // "local" turns on the dev outbox route (it shows magic links): it must never reach AWS.
  if (app.stage === "local") throw new Error('The "local" stage is reserved for the offline dev runner.');
  // Magic links and e-mails point at APP_URL; there is no sensible guess, so a deploy must say it.
  const appUrl = process.env.APP_URL ?? (app.isRunningSSTTest() ? "https://rutas.test" : undefined);
  if (!appUrl) throw new Error("Set APP_URL to the site's public URL (see docs/decisions/0004-infrastructure.md).");

  /** What every Lambda of the app reads through core's config(). */
  const environment = {
    TABLE_NAME: table.tableName,
    APP_STAGE: app.stage,
    APP_URL: appUrl,
    ADMIN_EMAILS: process.env.ADMIN_EMAILS ?? "",
    FILES_BUCKET: files.bucketName,
    // Set: core sends e-mail by SES as this address (and records it in the outbox).
    MAIL_FROM: mail.mailFrom,
  };

  const api = new HttpApi(stack, "Api", {
    // One ceiling for the whole stage, every caller together (requests/s, steady and burst): far above
    // our busiest hour, it bounds what a flood costs. Per client: the edge WAF; per person: the app
    // (decision 0014).
    defaults: { throttle: { rate: 100, burst: 200 } },
    routes: {
      $default: {
        function: {
          handler: "functions/src/lambda.handler",
          memorySize: 512,
          // Outlives every deadline inside it (API budget 4.5 s, calls 2.5 s): docs/decisions/0015.
          timeout: 15,
          environment,
          permissions: [tableAccess(table), filesAccess(files), sendMailAccess(mail.identity)],
          bind: [secrets.STRIPE_SECRET_KEY, secrets.STRIPE_WEBHOOK_SECRET, secrets.SESSION_SECRET],
          // Secret values are copied into the env at deploy: no SSM call on a cold start.
          prefetchSecrets: true,
        },
      },
    },
  });
  stack.addOutputs({ ApiUrl: api.url });
  return { api, environment };
}
