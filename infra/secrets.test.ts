// Synth test for the secrets: they are SST Config secrets (SSM), bound and prefetched where needed, never in a template.
import { Template } from "aws-cdk-lib/assertions";
import { getStack, use } from "sst/constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { Api } from "./api";
import { Jobs } from "./jobs";
import { Secrets } from "./secrets";
import { synth } from "./synth";

const NAMES = ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "SESSION_SECRET"];

function secretEnv(template: Template) {
  const fns = Object.values(template.findResources("AWS::Lambda::Function"));
  const vars = fns.map((f) => (f.Properties.Environment?.Variables ?? {}) as Record<string, unknown>);
  return Object.assign(
    {},
    ...vars.map((v) => Object.fromEntries(Object.entries(v).filter(([k]) => k.startsWith("SST_Secret_")))),
  );
}

describe("Secrets stack", () => {
  beforeAll(() => synth());

  it("declares the three secrets as SST Config secrets, with no value in any template", () => {
    const secrets = use(Secrets);
    expect(Object.keys(secrets).sort()).toEqual([...NAMES].sort());
    expect(
      Object.values(secrets)
        .map((s) => s.name)
        .sort(),
    ).toEqual([...NAMES].sort());
    Template.fromStack(getStack(Secrets)).resourceCountIs("AWS::SSM::Parameter", 0);
  });

  it("binds all three to the API and only SESSION_SECRET to the jobs, fetched from SSM at deploy", () => {
    const api = Template.fromStack(getStack(Api));
    expect(secretEnv(api)).toEqual(
      Object.fromEntries(NAMES.map((n) => [`SST_Secret_value_${n}`, "__FETCH_FROM_SSM__"])),
    );
    api.resourceCountIs("Custom::SecretPrefetcher", 1);

    const jobs = Template.fromStack(getStack(Jobs));
    expect(secretEnv(jobs)).toEqual({ SST_Secret_value_SESSION_SECRET: "__FETCH_FROM_SSM__" });
    jobs.resourceCountIs("Custom::SecretPrefetcher", 1);
  });
});
