// Synth test for outgoing mail: one SES domain identity for the site's domain, with DKIM, and the
// scheduled jobs (the digests) may send as it.
import { Template } from "aws-cdk-lib/assertions";
import { getStack } from "sst/constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { Jobs } from "./jobs";
import { Mail } from "./mail";
import { actionsOf, resourcesOf, statementsOf, synth } from "./synth";

describe("Mail stack", () => {
  beforeAll(() => synth());

  it("declares the site's domain as an SES identity with DKIM", () => {
    const template = Template.fromStack(getStack(Mail));
    template.resourceCountIs("AWS::SES::EmailIdentity", 1);
    template.hasResourceProperties("AWS::SES::EmailIdentity", { EmailIdentity: "rutas.test" });
  });

  it("lets the jobs send as that identity, with MAIL_FROM in their environment", () => {
    const template = Template.fromStack(getStack(Jobs));
    const ses = statementsOf(template, (id) => id.startsWith("SweepJob")).filter((s) =>
      actionsOf(s).some((a) => a.startsWith("ses:")),
    );
    expect(ses.flatMap(actionsOf)).toEqual(["ses:SendEmail"]);
    expect(JSON.stringify(ses.flatMap(resourcesOf))).toContain("MailIdentity");
    const [fn] = Object.entries(template.findResources("AWS::Lambda::Function")).filter(([id]) =>
      id.startsWith("SweepJob"),
    );
    expect(fn[1].Properties.Environment.Variables.MAIL_FROM).toBe("Rutas <alertas@rutas.test>");
  });
});
