// Per-client limits at the edge (decision 0014): a WAF web ACL on the site's CloudFront distribution
// counts requests per viewer IP. CloudFront only takes a web ACL made in us-east-1, and SST v2 puts
// every stack in the app's region, so this stack is its own deploy (`--region us-east-1`) and the
// Web stack attaches its ARN, passed in as WEB_ACL_ARN.
import { CfnWebACL } from "aws-cdk-lib/aws-wafv2";
import type { StackContext } from "sst/constructs";

type Statement = CfnWebACL.StatementProperty;

/** Requests per viewer IP in a trailing window; over it, that IP's matching requests are refused. */
export const EDGE_LIMITS = {
  // Writes that cost money or send e-mail, from one address: sign-in links, checkout, refunds,
  // payouts, announcements. A classroom or a community centre behind one NAT (a whole cohort
  // signing in and paying at once, a few presses each) stays under it; a script spraying sign-in
  // links at many addresses (each address is limited on its own in core) does not.
  costlyWrites: { limit: 150, windowSeconds: 300 },
  // Everything under /api from one address: ~10 requests/s for five minutes, far above a NAT'd
  // room of people browsing, far below a flood.
  api: { limit: 3000, windowSeconds: 300 },
};

const uri = (positionalConstraint: "STARTS_WITH" | "ENDS_WITH", searchString: string): Statement => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint,
    searchString,
    textTransformations: [{ priority: 0, type: "NONE" }],
  },
});

/** POST to a route that costs money or sends e-mail (the per-person limits of functions/src/http/rate-limit.ts). */
const costlyWrite: Statement = {
  andStatement: {
    statements: [
      {
        byteMatchStatement: {
          fieldToMatch: { method: {} },
          positionalConstraint: "EXACTLY",
          searchString: "POST",
          textTransformations: [{ priority: 0, type: "NONE" }],
        },
      },
      {
        orStatement: {
          statements: [
            uri("STARTS_WITH", "/api/auth/magic-link"),
            uri("STARTS_WITH", "/api/checkout"),
            uri("ENDS_WITH", "/refund"),
            uri("STARTS_WITH", "/api/payouts"),
            uri("STARTS_WITH", "/api/announcements"),
          ],
        },
      },
    ],
  },
};

function perIp(name: string, priority: number, limit: { limit: number; windowSeconds: number }, scope: Statement) {
  return {
    name,
    priority,
    statement: {
      rateBasedStatement: {
        aggregateKeyType: "IP",
        limit: limit.limit,
        evaluationWindowSec: limit.windowSeconds,
        scopeDownStatement: scope,
      },
    },
    // The same answer the API gives for its own limits, as far as WAF allows: it cannot set
    // Content-Type to application/problem+json, so the problem document goes as application/json.
    action: {
      block: {
        customResponse: {
          responseCode: 429,
          customResponseBodyKey: "too-many",
          responseHeaders: [{ name: "Retry-After", value: String(limit.windowSeconds) }],
        },
      },
    },
    visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: name },
  } satisfies CfnWebACL.RuleProperty;
}

export function Edge({ stack }: StackContext) {
  if (stack.region !== "us-east-1")
    throw new Error(
      "The edge web ACL is for CloudFront, which reads it from us-east-1: deploy with --region us-east-1.",
    );
  const acl = new CfnWebACL(stack, "EdgeLimits", {
    scope: "CLOUDFRONT",
    description: "Per-client (viewer IP) request limits for the Rutas site and API (decision 0014).",
    defaultAction: { allow: {} },
    customResponseBodies: {
      "too-many": {
        contentType: "APPLICATION_JSON",
        content: JSON.stringify({
          type: "https://rutas.app/problems/429",
          title: "Too many requests",
          status: 429,
          detail: "Too many requests from this network address; try again after the seconds in Retry-After.",
        }),
      },
    },
    rules: [
      perIp("costly-writes-per-ip", 0, EDGE_LIMITS.costlyWrites, costlyWrite),
      perIp("api-per-ip", 1, EDGE_LIMITS.api, uri("STARTS_WITH", "/api/")),
    ],
    visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "rutas-edge" },
  });
  stack.addOutputs({ WebAclArn: acl.attrArn });
  return { acl };
}
