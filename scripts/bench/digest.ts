/**
 * Bench section `digest`: the digest job for N subscribers on DynamoDB Local — wall time, and what
 * it read from DynamoDB (calls, items, read units), for 1 000 and 10 000 subscribers, and how both
 * grow. The job reads each source once per run and each due subscriber once (their subscription in
 * the due query, their person in a BatchGet), so items read should grow with N and the catalogue's
 * share should not (decision 0023).
 *
 * Seeding: a small catalogue through core verbs (courses with cohorts, exchange offers), then the
 * subscribers written straight as items with BatchWrite (person, e-mail claim, subscription: the
 * same items `People.findOrCreateByEmail` and `Alerts.save` write, through the same key builders),
 * because 10 000 transactions on DynamoDB Local would take minutes and measure nothing of the job.
 *
 * Used by scripts/bench.ts (`benchDigest`); core must be configured (startStack does it). Run alone:
 * `npx tsx scripts/bench/digest.ts [sizes…]` starts its own DynamoDB Local.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Alerts, Courses, Topics } from "@rutas/core";
import { putAll } from "@rutas/core/db/batch";
import { ddbRaw } from "@rutas/core/db/client";
import { keys } from "@rutas/core/db/keys";
import * as ExchangeOffers from "@rutas/core/exchange/offers";
import { institutionWithAdmin, isoDay } from "@rutas/core/testing/fixtures";
import { ulid } from "ulid";

type Row = (...cells: string[]) => void;

export type DigestBench = {
  subscribers: number;
  ms: number;
  readCalls: number;
  itemsRead: number;
  readUnits: number;
  writes: number;
  sent: number;
  empty: number;
  sourceItems: number;
};

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Counts what DynamoDB returns while on: a middleware on the shared client's stack. */
function countReads(client: DynamoDBClient) {
  const c = { on: false, readCalls: 0, items: 0, units: 0, writes: 0 };
  const READS = ["GetItemCommand", "QueryCommand", "BatchGetItemCommand", "TransactGetItemsCommand", "ScanCommand"];
  const name = `benchDigestReads-${ulid()}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!c.on) return next(args);
      const command = (context as { commandName?: string }).commandName ?? "";
      const input = args.input as Record<string, unknown>;
      if (!READS.includes(command)) {
        c.writes++;
        return next(args);
      }
      c.readCalls++;
      const out = await next({ ...args, input: { ...input, ReturnConsumedCapacity: "TOTAL" } });
      const o = out.output as {
        Item?: unknown;
        Items?: unknown[];
        Responses?: Record<string, unknown[]>;
        ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
      };
      c.items +=
        (o.Items?.length ?? 0) +
        (o.Item ? 1 : 0) +
        Object.values(o.Responses ?? {}).reduce((n, items) => n + (Array.isArray(items) ? items.length : 0), 0);
      c.units += [o.ConsumedCapacity ?? []].flat().reduce((n, x) => n + (x.CapacityUnits ?? 0), 0);
      return out;
    },
    { step: "initialize", name },
  );
  return { c, stop: () => client.middlewareStack.remove(name) };
}

/** A small catalogue, new since yesterday: `courses` courses with a cohort each, `offers` exchange offers. */
export async function seedCatalogue(opts: { courses?: number; offers?: number } = {}) {
  const { institution, admin } = await institutionWithAdmin("Bench Digest University");
  for (let i = 0; i < (opts.courses ?? 20); i++) {
    const course = await Courses.create(admin, {
      institutionId: institution.id,
      title: { es: `Curso ${i + 1}`, en: `Course ${i + 1}` },
      summary: { es: "Resumen." },
      topics: [Topics.TOPIC_IDS[i % Topics.TOPIC_IDS.length]],
      language: "es",
      modules: [{ title: "Uno", lessons: [{ title: "Lección", body: "Texto" }] }],
    });
    await Courses.publish(admin, course.id);
    await Courses.addCohort(admin, course.id, {
      startDate: isoDay(30),
      endDate: isoDay(43),
      capacity: 20,
      enrolmentDeadline: isoDay(25),
      prices: [],
    });
  }
  const countries = ["PE", "EC", "BO", "CO", "CA"];
  for (let i = 0; i < (opts.offers ?? 10); i++) {
    await ExchangeOffers.create(admin, {
      institutionId: institution.id,
      kind: "study_visit",
      title: { es: `Visita ${i + 1}` },
      description: { es: "Una semana." },
      country: countries[i % countries.length],
      startDate: isoDay(40),
      endDate: isoDay(45),
      capacity: 3,
      topics: [Topics.TOPIC_IDS[i % Topics.TOPIC_IDS.length]],
      applicationDeadline: isoDay(20),
    });
  }
}

/** `n` daily subscribers with seeded topics, countries and languages. */
export async function seedSubscribers(n: number, seed = 23): Promise<void> {
  const random = prng(seed + n);
  const now = new Date().toISOString();
  const run = ulid().toLowerCase();
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const id = ulid();
    const email = `bench-digest-${run}-${i}@example.org`;
    const languages = [["es"], ["en"], ["fr"], ["qu", "es"]][Math.floor(random() * 4)];
    const topics = random() < 0.3 ? [] : [Topics.TOPIC_IDS[Math.floor(random() * Topics.TOPIC_IDS.length)]];
    const countries = random() < 0.5 ? [] : [["PE", "EC", "BO", "CO", "CA"][Math.floor(random() * 5)]];
    items.push(
      { ...keys.email(email), type: "EmailClaim", personId: id },
      { ...keys.person(id), type: "Person", id, email, languages, createdAt: now, updatedAt: now },
      {
        ...keys.subscription(id),
        ...keys.subscriptionDue("daily", "0", id),
        type: "Subscription",
        personId: id,
        topics,
        countries,
        frequency: "daily",
        createdAt: now,
        updatedAt: now,
      },
    );
  }
  await putAll(items);
}

/** Seeds `n` subscribers and runs the job once, counting its DynamoDB reads. */
export async function digestRun(n: number): Promise<DigestBench> {
  await seedSubscribers(n);
  const counter = countReads(ddbRaw());
  counter.c.on = true;
  const started = performance.now();
  let report: Alerts.DigestReport;
  try {
    report = await Alerts.runDigests({
      now: new Date(),
      sendHourUtc: 0,
      settleMs: 0,
      concurrency: 32,
      budgetMs: Number.POSITIVE_INFINITY, // the whole job, not one run's share
    });
  } finally {
    counter.c.on = false;
    counter.stop();
  }
  return {
    subscribers: n,
    ms: performance.now() - started,
    readCalls: counter.c.readCalls,
    itemsRead: counter.c.items,
    readUnits: counter.c.units,
    writes: counter.c.writes,
    sent: report.sent,
    empty: report.empty,
    sourceItems: report.sourceItems,
  };
}

/** The section: a catalogue, then 1 000 and 10 000 subscribers (each run handles only its own). */
export async function benchDigest(opts: { row: Row; f: (x: number) => string; sizes?: number[] }) {
  const { row, f } = opts;
  const sizes = opts.sizes ?? [1000, 10_000];
  await seedCatalogue();
  const results: DigestBench[] = [];
  console.log();
  row("Digest job (daily, one run)", "wall ms", "items read", "read units");
  for (const n of sizes) {
    const r = await digestRun(n);
    results.push(r);
    row(`  ${n} subscribers`, f(r.ms), String(r.itemsRead), f(r.readUnits));
    console.log(
      `    ${r.readCalls} read calls, ${r.writes} write calls; ${r.sent} digests sent, ${r.empty} with nothing new; ` +
        `sources returned ${r.sourceItems} items (read once for the run)`,
    );
  }
  if (results.length >= 2) {
    const [a, b] = [results[0], results[results.length - 1]];
    const k = b.subscribers / a.subscribers;
    console.log(
      `  ×${f(k)} subscribers → time ×${f(b.ms / a.ms)}, items read ×${f(b.itemsRead / a.itemsRead)}, ` +
        `read calls ×${f(b.readCalls / a.readCalls)} (linear in subscribers; the catalogue is read once per run)`,
    );
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startStack } = await import("../lib/stack");
  const stack = await startStack({ tableName: "bench-digest" });
  try {
    const sizes = process.argv.slice(2).map(Number).filter(Boolean);
    const row: Row = (...cells) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(44) : c.padStart(14))).join(""));
    await benchDigest({ row, f: (x) => x.toFixed(2), sizes: sizes.length ? sizes : undefined });
  } finally {
    await stack.stop();
  }
  process.exit(0);
}
