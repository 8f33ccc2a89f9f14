/**
 * Scheduled jobs: plain functions run by SST Cron on AWS and by the dev runner on
 * an interval locally — one implementation for both. Each returns how many
 * things it changed.
 */
import * as Enrolment from "../enrolment";

export type JobContext = { now: Date };
export type Job = { name: string; run: (ctx: JobContext) => Promise<number> };

export const jobs: Job[] = [
  // Seat holds whose 30 minutes ran out go back to the pool, and waitlists move up.
  { name: "release-expired-holds", run: ({ now }) => Enrolment.releaseExpiredHolds(now) },
];

/** Runs every job; one failing job does not stop the others, and the failure is reported. */
export async function runScheduled(ctx: JobContext) {
  const results: Record<string, number | string> = {};
  for (const job of jobs) {
    try {
      results[job.name] = await job.run(ctx);
    } catch (err) {
      results[job.name] = `failed: ${(err as Error).message}`;
    }
  }
  return { ranAt: ctx.now.toISOString(), results };
}
