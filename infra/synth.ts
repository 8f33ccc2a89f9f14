// Builds the real app from sst.config.ts in memory for the synth tests: no AWS account, no bundling.
import { fileURLToPath } from "node:url";
import type { Template } from "aws-cdk-lib/assertions";
import { App, type Function as SstFunction, type FunctionProps } from "sst/constructs";
import { initProject } from "sst/project.js";
import config from "../sst.config";

/**
 * Functions and the site are built by deferred tasks that only `app.finish()` runs (at deploy),
 * so the template holds placeholder code and the tests need neither functions/ nor web/dist.
 */
export async function synth(stage = "test", region = "ca-central-1") {
  await initProject({ stage, root: fileURLToPath(new URL("..", import.meta.url)) });
  const app = new App({ mode: "deploy", stage, name: "rutas", region, account: "123456789012" });
  await config.stacks(app);
  return app;
}

export type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** Every IAM statement granted to the execution role of the template's one function matching `fn`. */
export function statementsOf(template: Template, fn: (logicalId: string) => boolean): Statement[] {
  const [role] = Object.entries(template.findResources("AWS::Lambda::Function"))
    .filter(([id]) => fn(id))
    .map(([, r]) => (r.Properties.Role as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0]);
  if (!role) throw new Error("no such function");
  return Object.values(template.findResources("AWS::IAM::Policy"))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

export const actionsOf = (s: Statement) => [s.Action].flat();
export const resourcesOf = (s: Statement) => [s.Resource].flat();

/** The merged props (app defaults + the function's own) a function will be built with at deploy. */
export const propsOf = (fn: SstFunction) => (fn as unknown as { props: FunctionProps }).props;
