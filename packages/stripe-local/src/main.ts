// CLI: `npx tsx packages/stripe-local/src/main.ts` runs the local Stripe-compatible server on STRIPE_LOCAL_PORT for manual development.
import { DEFAULT_WEBHOOK_SECRET, startStripeLocal } from "./index";

const port = Number(process.env.STRIPE_LOCAL_PORT ?? 12111);
const webhookUrl = process.env.STRIPE_WEBHOOK_URL ?? "http://localhost:3000/api/stripe/webhook";
const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET ?? DEFAULT_WEBHOOK_SECRET;

const server = await startStripeLocal({
  port,
  host: process.env.STRIPE_LOCAL_HOST ?? "127.0.0.1",
  webhookUrl,
  webhookSecret,
  publicUrl: process.env.STRIPE_LOCAL_PUBLIC_URL,
  log: (line) => console.log(`[stripe-local] ${line}`),
});

console.log(`stripe-local listening on ${server.url}
  SDK:       new Stripe("sk_test_…", { host: "${new URL(server.url).hostname}", port: ${server.port}, protocol: "http" })
  webhooks:  ${webhookUrl} (secret ${webhookSecret === DEFAULT_WEBHOOK_SECRET ? DEFAULT_WEBHOOK_SECRET : "from STRIPE_WEBHOOK_SECRET"})
  cards:     4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
