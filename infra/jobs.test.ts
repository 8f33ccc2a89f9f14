// Synth test for the scheduled sweep: every 5 minutes, arm64, with the table and nothing it does not need.
import { Template } from "aws-cdk-lib/assertions";
import { getStack, use } from "sst/constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { Jobs } from "./jobs";
import { actionsOf, propsOf, resourcesOf, statementsOf, synth } from "./synth";

describe("Jobs stack", () => {
  let template: Template;
  beforeAll(async () => {
    await synth();
    template = Template.fromStack(getStack(Jobs));
  });

  it("runs functions/src/jobs.handler every 5 minutes", () => {
    template.resourceCountIs("AWS::Events::Rule", 1);
    template.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "rate(5 minutes)", State: "ENABLED" });
    template.hasResourceProperties("AWS::Lambda::Function", {
      Architectures: ["arm64"],
      Runtime: "nodejs22.x",
      Timeout: 60,
    });
    expect(propsOf(use(Jobs).cron.jobFunction)).toMatchObject({
      handler: "functions/src/jobs.handler",
      runtime: "nodejs22.x",
      nodejs: { minify: true },
    });
  });

  it("reaches the table through TABLE_NAME and a policy scoped to it", () => {
    const [fn] = Object.entries(template.findResources("AWS::Lambda::Function")).filter(([id]) =>
      id.startsWith("SweepJob"),
    );
    expect(fn[1].Properties.Environment.Variables).toMatchObject({ APP_STAGE: "test", TABLE_NAME: expect.anything() });
    const statements = statementsOf(template, (id) => id.startsWith("SweepJob"));
    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("dynamodb:")));
    expect(dynamo).toHaveLength(1);
    expect(resourcesOf(dynamo[0]).map((r) => JSON.stringify(r))).toEqual([
      expect.stringContaining("test-rutas-Storage:ExportsOutputFnGetAttTable"),
      expect.stringContaining("/index/*"),
    ]);
  });
});
