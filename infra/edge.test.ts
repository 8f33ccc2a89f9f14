// Synth test for the edge limits (decision 0014): a CLOUDFRONT web ACL in us-east-1 with per-IP rate rules
// answering 429 + Retry-After, deployed on its own; production refuses to go out without it.
import { Match, Template } from "aws-cdk-lib/assertions";
import { getStack } from "sst/constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { Edge } from "./edge";
import { Storage } from "./storage";
import { synth } from "./synth";

const ARN = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/rutas-edge/0f0f0f0f-1111-2222-3333-444455556666";

describe("Edge stack (us-east-1)", () => {
  let template: Template;
  beforeAll(async () => {
    await synth("test", "us-east-1");
    template = Template.fromStack(getStack(Edge));
  });

  it("is the only stack of a us-east-1 deploy, and outputs the web ACL's ARN", () => {
    expect(() => getStack(Storage)).toThrow(/StackWrongOrder/);
    expect(getStack(Edge).region).toBe("us-east-1");
    expect(template.toJSON().Outputs.WebAclArn.Value).toEqual({ "Fn::GetAtt": [expect.any(String), "Arn"] });
  });

  it("is a CLOUDFRONT web ACL that allows by default and limits per viewer IP", () => {
    template.resourceCountIs("AWS::WAFv2::WebACL", 1);
    template.hasResourceProperties("AWS::WAFv2::WebACL", {
      Scope: "CLOUDFRONT",
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Name: "costly-writes-per-ip",
          Statement: {
            RateBasedStatement: Match.objectLike({ AggregateKeyType: "IP", Limit: 150, EvaluationWindowSec: 300 }),
          },
        }),
        Match.objectLike({
          Name: "api-per-ip",
          Statement: {
            RateBasedStatement: Match.objectLike({ AggregateKeyType: "IP", Limit: 3000, EvaluationWindowSec: 300 }),
          },
        }),
      ],
    });
  });

  it("scopes the strict rule to POSTs that cost money or send e-mail, the other to /api/", () => {
    const [acl] = Object.values(template.findResources("AWS::WAFv2::WebACL"));
    const [writes, api] = acl.Properties.Rules as { Statement: { RateBasedStatement: { ScopeDownStatement: any } } }[];
    const [method, paths] = writes.Statement.RateBasedStatement.ScopeDownStatement.AndStatement.Statements;
    expect(method.ByteMatchStatement).toMatchObject({ FieldToMatch: { Method: {} }, SearchString: "POST" });
    const uris = paths.OrStatement.Statements.map(
      (s: { ByteMatchStatement: { PositionalConstraint: string; SearchString: string } }) =>
        `${s.ByteMatchStatement.PositionalConstraint} ${s.ByteMatchStatement.SearchString}`,
    );
    expect(uris).toEqual([
      "STARTS_WITH /api/auth/magic-link",
      "STARTS_WITH /api/checkout",
      "ENDS_WITH /refund",
      "STARTS_WITH /api/payouts",
      "STARTS_WITH /api/announcements",
    ]);
    expect(api.Statement.RateBasedStatement.ScopeDownStatement.ByteMatchStatement).toMatchObject({
      FieldToMatch: { UriPath: {} },
      PositionalConstraint: "STARTS_WITH",
      SearchString: "/api/",
    });
  });

  it("answers 429 with Retry-After and a problem document", () => {
    const [acl] = Object.values(template.findResources("AWS::WAFv2::WebACL"));
    for (const rule of acl.Properties.Rules)
      expect(rule.Action.Block.CustomResponse).toEqual({
        ResponseCode: 429,
        CustomResponseBodyKey: "too-many",
        ResponseHeaders: [{ Name: "Retry-After", Value: "300" }],
      });
    const body = acl.Properties.CustomResponseBodies["too-many"];
    expect(body.ContentType).toBe("APPLICATION_JSON");
    expect(JSON.parse(body.Content)).toMatchObject({ status: 429, title: "Too many requests" });
  });
});

describe("attaching it", () => {
  it("refuses a production deploy without WEB_ACL_ARN, or with something that is not a CloudFront web ACL", async () => {
    delete process.env.WEB_ACL_ARN;
    // As a real deploy runs (synth tests are let through without it, as they are without APP_URL).
    process.env.NODE_ENV = "production";
    process.env.APP_URL = "https://rutas.test";
    try {
      await expect(synth("prod")).rejects.toThrow(/Set WEB_ACL_ARN/);
    } finally {
      process.env.NODE_ENV = "test";
      delete process.env.APP_URL;
    }
    process.env.WEB_ACL_ARN = "arn:aws:wafv2:ca-central-1:123456789012:regional/webacl/x/0f0f";
    await expect(synth("prod")).rejects.toThrow(/CloudFront/);
    process.env.WEB_ACL_ARN = ARN;
    await expect(synth("prod")).resolves.toBeDefined();
    delete process.env.WEB_ACL_ARN;
  });
});
