/** Scheduled entry (SST Cron on AWS; the dev runner calls the same core function locally). */
import { Jobs } from "@rutas/core";

export async function handler() {
  const report = await Jobs.runScheduled({ now: new Date() });
  console.log(JSON.stringify({ level: "info", msg: "scheduled jobs", ...report }));
  return report;
}
