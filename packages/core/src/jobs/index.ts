/**
 * Scheduled jobs: plain functions run by SST Cron on AWS and by the dev runner on
 * an interval locally — one implementation for both. Each returns how many
 * things it changed. A hung or dead dependency fails a job within the per-call deadlines
 * (decision 0015): the run ends and reports it, and the next run picks up what is left — every job
 * works from what is still pending in the table, not from a list of its own.
 */
import * as Alerts from "../alerts";
import * as Enrolment from "../enrolment";

export type JobContext = { now: Date };
export type Job = { name: string; run: (ctx: JobContext) => Promise<number> };

export const jobs: Job[] = [
  // Seat holds whose 30 minutes ran out go back to the pool, and waitlists move up.
  { name: "release-expired-holds", run: ({ now }) => Enrolment.releaseExpiredHolds(now) },
  // Each due subscriber's daily or weekly digest, once per period (decision 0023): how many were sent.
  { name: "send-digests", run: async ({ now }) => (await Alerts.runDigests({ now })).sent },
];

/** Runs every job; one failing job does not stop the others, and the failure is reported. */
export async function runScheduled(ctx: JobContext) {
  const results: Record<string, number | string> = {};
  const failed: string[] = [];
  for (const job of jobs) {
    try {
      results[job.name] = await job.run(ctx);
    } catch (err) {
      failed.push(job.name);
      results[job.name] = `failed: ${(err as Error).name}: ${(err as Error).message}`;
    }
  }
  return { ranAt: ctx.now.toISOString(), ok: failed.length === 0, failed, results };
}

/** One log line for a run: an error when any job failed, so alarms see it. */
export function logLine(report: Awaited<ReturnType<typeof runScheduled>>) {
  return {
    level: report.ok ? "info" : "error",
    msg: report.ok ? "scheduled jobs" : "scheduled jobs failed",
    ...report,
  };
}
