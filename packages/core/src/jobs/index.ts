/**
 * Scheduled jobs: plain functions run by SST Cron on AWS and by the dev runner on
 * an interval locally — one implementation for both. Each capability registers
 * its sweep here (hold expiry, waitlist promotion, digests).
 */
export type JobContext = { now: Date };
export type Job = { name: string; run: (ctx: JobContext) => Promise<number> };

const registry: Job[] = [];

export function register(job: Job) {
  if (!registry.some((j) => j.name === job.name)) registry.push(job);
}

export const registered = () => registry.map((j) => j.name);

/** Runs every job; one failing job does not stop the others, and the failure is reported. */
export async function runScheduled(ctx: JobContext) {
  const results: Record<string, number | string> = {};
  for (const job of registry) {
    try {
      results[job.name] = await job.run(ctx);
    } catch (err) {
      results[job.name] = `failed: ${(err as Error).message}`;
    }
  }
  return { ranAt: ctx.now.toISOString(), results };
}
