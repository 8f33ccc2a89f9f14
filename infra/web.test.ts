// Synth test for the site: S3 + CloudFront, SPA routing that leaves API errors alone, and /api/* on the same origin.
import { Match, Template } from "aws-cdk-lib/assertions";
import { getStack } from "sst/constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { spaRoutingFunction } from "../functions/src/http/spa";
import { Web } from "./web";
import { synth } from "./synth";

const WEB_ACL_ARN =
  "arn:aws:wafv2:us-east-1:123456789012:global/webacl/rutas-edge/0f0f0f0f-1111-2222-3333-444455556666";

describe("Web stack", () => {
  let template: Template;
  beforeAll(async () => {
    process.env.WEB_ACL_ARN = WEB_ACL_ARN;
    await synth();
    template = Template.fromStack(getStack(Web));
  });

  it("serves the site from a private S3 bucket through CloudFront", () => {
    template.resourceCountIs("AWS::CloudFront::Distribution", 1);
    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
    });
    template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({ DefaultRootObject: "index.html", CustomErrorResponses: Match.absent() }),
    });
    expect(template.toJSON().Outputs.SiteUrl).toBeDefined();
  });

  it("forwards /api/* uncached to the API, with cookies and every method", () => {
    template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: "/api/*",
            AllowedMethods: Match.arrayWith(["POST", "DELETE"]),
            CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", // Managed-CachingDisabled
            OriginRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac", // Managed-AllViewerExceptHostHeader
            ViewerProtocolPolicy: "https-only",
          }),
        ],
      }),
    });
    const origins = JSON.stringify(template.toJSON());
    expect(origins).toContain("test-rutas-Api:ExportsOutputFnGetAttApi");
  });

  it("rewrites extension-less paths to the app shell at the edge", () => {
    const fns = Object.values(template.findResources("AWS::CloudFront::Function"));
    const spa = fns.find((f) => String(f.Properties.FunctionCode).includes('r.uri = "/index.html"'));
    expect(spa).toBeDefined();
    expect(spa!.Properties.FunctionCode).toBe(spaRoutingFunction); // the rule the local server runs too
    template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          FunctionAssociations: [{ EventType: "viewer-request", FunctionARN: Match.anyValue() }],
        }),
      }),
    });
  });

  it("puts the edge web ACL named by WEB_ACL_ARN in front of everything, site and API (decision 0014)", () => {
    template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({ WebACLId: WEB_ACL_ARN }),
    });
  });
});
