// The SPA on S3 + CloudFront, with /api/* served by the same distribution so the session
// cookie stays first-party (SameSite=Lax) and a slow phone opens one connection, not two.
import { Fn } from "aws-cdk-lib";
import {
  AllowedMethods,
  CachePolicy,
  Function as CfFunction,
  FunctionCode,
  FunctionEventType,
  OriginRequestPolicy,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { StaticSite, use, type StackContext } from "sst/constructs";
import { spaRoutingFunction } from "../functions/src/http/spa";
import { Api } from "./api";

export function Web({ stack, app }: StackContext) {
  const { api } = use(Api);
  // Per-client limits: the web ACL of infra/edge.ts, made by its own deploy in us-east-1 (decision 0014).
  // A production deploy does not go out without it (synth tests of prod, like APP_URL's, are let through).
  const webAclId = process.env.WEB_ACL_ARN || undefined;
  if (!webAclId && app.stage === "prod" && !app.isRunningSSTTest())
    throw new Error("Set WEB_ACL_ARN to the Edge stack's WebAclArn output (see docs/decisions/0014-throttling.md).");
  if (webAclId && !/^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\//.test(webAclId))
    throw new Error("WEB_ACL_ARN must be a CloudFront (global, us-east-1) web ACL's ARN: the Edge stack's WebAclArn.");

  // Client-side routes get the app shell, by the rule the local server also runs (functions/src/
  // http/spa.ts). This replaces SST's default 403/404 -> index.html error responses, which would
  // also rewrite the API's own 403/404s.
  const spaRouting = new CfFunction(stack, "SpaRouting", { code: FunctionCode.fromInline(spaRoutingFunction) });

  const site = new StaticSite(stack, "Web", {
    path: "web",
    buildCommand: "npm run build",
    buildOutput: "dist",
    // Empty = same origin: the web calls /api/... on the site's own domain.
    environment: { VITE_API_URL: "" },
    // SST would otherwise write web/src/sst-env.d.ts on every synth.
    vite: { types: "../.sst/types/web-env.d.ts" },
    cdk: {
      distribution: {
        webAclId,
        errorResponses: [],
        defaultBehavior: {
          functionAssociations: [{ function: spaRouting, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
        additionalBehaviors: {
          "/api/*": {
            origin: new HttpOrigin(Fn.select(2, Fn.split("/", api.url))),
            viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
            allowedMethods: AllowedMethods.ALLOW_ALL,
            cachePolicy: CachePolicy.CACHING_DISABLED,
            originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          },
        },
      },
    },
  });
  stack.addOutputs({ SiteUrl: site.url });
  return { site };
}
