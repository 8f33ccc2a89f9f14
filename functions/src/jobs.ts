/** Scheduled entry (SST Cron on AWS; the dev runner calls the same core function locally). */
import { Jobs } from "@rutas/core";

export async function handler() {
  const report = await Jobs.runScheduled({ now: new Date() });
  // A failed job ends this run with an error logged; the next run (5 minutes later) picks up.
  const line = JSON.stringify(Jobs.logLine(report));
  if (report.ok) console.log(line);
  else console.error(line);
  return report;
}
