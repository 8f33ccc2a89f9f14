// The scheduled sweep (hold expiry, waitlist promotion, digests by SES): the same core code the dev runner calls.
import { Cron, use, type StackContext } from "sst/constructs";
import { Api } from "./api";
import { Mail, sendMailAccess } from "./mail";
import { Secrets } from "./secrets";
import { Storage, tableAccess } from "./storage";

export function Jobs({ stack }: StackContext) {
  const { table } = use(Storage);
  const { SESSION_SECRET } = use(Secrets);
  const { environment } = use(Api);
  const { identity } = use(Mail);

  const cron = new Cron(stack, "Sweep", {
    schedule: "rate(5 minutes)",
    job: {
      function: {
        handler: "functions/src/jobs.handler",
        memorySize: 512,
        // Well under the 5-minute period, so runs do not pile up.
        timeout: 60,
        environment,
        // The table, and SES for the digests it sends.
        permissions: [tableAccess(table), sendMailAccess(identity)],
        // core's config() refuses to start outside "local" without SESSION_SECRET (links in digests).
        bind: [SESSION_SECRET],
        prefetchSecrets: true,
      },
    },
  });
  return { cron };
}
