// Synth test for the API: Graviton + Node 22, its environment, and access to the table and its secrets only.
import { Template } from "aws-cdk-lib/assertions";
import { getStack, use } from "sst/constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { Api } from "./api";
import { actionsOf, propsOf, resourcesOf, statementsOf, synth, type Statement } from "./synth";

describe("Api stack", () => {
  let template: Template;
  let statements: Statement[];
  beforeAll(async () => {
    process.env.ADMIN_EMAILS = "ops@example.org";
    await synth();
    template = Template.fromStack(getStack(Api));
    statements = statementsOf(template, (id) => id.startsWith("ApiLambdadefault"));
  });

  it("sends every request to one arm64 nodejs22.x Lambda", () => {
    template.resourceCountIs("AWS::ApiGatewayV2::Route", 1);
    template.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "$default" });
    template.hasResourceProperties("AWS::Lambda::Function", {
      Architectures: ["arm64"],
      Runtime: "nodejs22.x",
      MemorySize: 512,
      Timeout: 15,
    });
    // The template holds placeholder code until deploy; the props say what will be built.
    const fn = use(Api).api.getFunction("$default")!;
    expect(propsOf(fn)).toMatchObject({
      handler: "functions/src/lambda.handler",
      runtime: "nodejs22.x",
      architecture: "arm_64",
      nodejs: { minify: true },
    });
  });

  it("throttles the $default stage as a whole (decision 0014)", () => {
    template.resourceCountIs("AWS::ApiGatewayV2::Stage", 1);
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
  });

  it("gives the function the environment core's config() reads", () => {
    const [fn] = Object.entries(template.findResources("AWS::Lambda::Function")).filter(([id]) =>
      id.startsWith("ApiLambdadefault"),
    );
    const env = fn[1].Properties.Environment.Variables;
    expect(JSON.stringify(env.TABLE_NAME)).toContain("test-rutas-Storage");
    expect(JSON.stringify(env.FILES_BUCKET)).toContain("test-rutas-Storage");
    expect(env).toMatchObject({ APP_STAGE: "test", ADMIN_EMAILS: "ops@example.org", APP_URL: "https://rutas.test" });
  });

  it("allows DynamoDB item actions on the table and its indexes only", () => {
    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("dynamodb:")));
    expect(dynamo).toHaveLength(1);
    const [s] = dynamo;
    expect(actionsOf(s)).not.toContain("dynamodb:*");
    expect(actionsOf(s)).not.toContain("dynamodb:Scan");
    expect(actionsOf(s)).toEqual(
      expect.arrayContaining(["dynamodb:Query", "dynamodb:PutItem", "dynamodb:ConditionCheckItem"]),
    );
    const resources = resourcesOf(s);
    expect(resources).toHaveLength(2);
    for (const r of resources) {
      expect(r).not.toBe("*");
      expect(JSON.stringify(r)).toContain("test-rutas-Storage:ExportsOutputFnGetAttTable");
    }
  });

  it("reads and writes objects in the files bucket only, and cannot list or delete them", () => {
    const s3 = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("s3:")));
    expect(s3).toHaveLength(1);
    expect(actionsOf(s3[0]).sort()).toEqual(["s3:GetObject", "s3:PutObject"]);
    expect(JSON.stringify(resourcesOf(s3[0]))).toContain("FilesBucket");
  });

  it("sends e-mail by SES as the site's identity only, with MAIL_FROM set (decision 0023)", () => {
    const ses = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("ses:")));
    expect(ses).toHaveLength(1);
    expect(actionsOf(ses[0])).toEqual(["ses:SendEmail"]);
    expect(JSON.stringify(resourcesOf(ses[0]))).toContain("MailIdentity");
    const [fn] = Object.entries(template.findResources("AWS::Lambda::Function")).filter(([id]) =>
      id.startsWith("ApiLambdadefault"),
    );
    expect(fn[1].Properties.Environment.Variables.MAIL_FROM).toBe("Rutas <alertas@rutas.test>");
  });

  it("grants nothing else but the three secrets, SES (and X-Ray tracing)", () => {
    const services = new Set(statements.flatMap(actionsOf).map((a) => a.split(":")[0]));
    expect([...services].sort()).toEqual(["dynamodb", "s3", "ses", "ssm", "xray"]);
    const ssm = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("ssm:")));
    const paths = ssm.flatMap(resourcesOf).map((r) => JSON.stringify(r).match(/parameter(\/[^"]+)/)![1]);
    expect(paths.sort()).toEqual(
      ["SESSION_SECRET", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"]
        .flatMap((n) => [`/sst/rutas/.fallback/Secret/${n}/value`, `/sst/rutas/test/Secret/${n}/value`])
        .sort(),
    );
    const xray = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("xray:")));
    expect(xray.flatMap(actionsOf).every((a) => a.startsWith("xray:"))).toBe(true);
  });
});
