// Secrets live in SSM (set with `npx sst secrets set`), never in the repo or the template.
import { Config, type StackContext } from "sst/constructs";

export function Secrets({ stack }: StackContext) {
  return Config.Secret.create(stack, "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "SESSION_SECRET");
}
