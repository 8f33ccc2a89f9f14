// Outgoing e-mail on AWS: an SES identity for the site's domain (from APP_URL), the sender address
// the functions read as MAIL_FROM, and a policy that lets a function send as that identity only.
// Until MAIL_FROM reaches a function, core records e-mail in the outbox only (decision 0023).
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { EmailIdentity, Identity } from "aws-cdk-lib/aws-ses";
import type { StackContext } from "sst/constructs";

export function Mail({ stack, app }: StackContext) {
  const appUrl = process.env.APP_URL ?? (app.isRunningSSTTest() ? "https://rutas.test" : undefined);
  if (!appUrl) throw new Error("Set APP_URL to the site's public URL (see docs/decisions/0004-infrastructure.md).");
  const domain = process.env.MAIL_DOMAIN ?? new URL(appUrl).hostname;
  // DKIM: SES answers with three CNAME records to publish in the domain's DNS (stack outputs below);
  // a new account is in the SES sandbox until AWS lifts it (decision 0023).
  const identity = new EmailIdentity(stack, "MailIdentity", { identity: Identity.domain(domain) });
  const mailFrom = process.env.MAIL_FROM ?? `Rutas <alertas@${domain}>`;
  stack.addOutputs({
    MailDomain: domain,
    MailFrom: mailFrom,
    ...Object.fromEntries(
      identity.dkimRecords.map((r, i) => [`MailDkim${i + 1}`, `${r.name} CNAME ${r.value}`] as [string, string]),
    ),
  });
  return { identity, domain, mailFrom };
}

/** Send e-mail as the site's identity, nothing else (no other sender, no account settings). */
export function sendMailAccess(identity: EmailIdentity) {
  return new PolicyStatement({ actions: ["ses:SendEmail"], resources: [identity.emailIdentityArn] });
}
