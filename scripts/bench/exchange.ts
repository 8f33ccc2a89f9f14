/**
 * Bench section `exchange` (`BENCH_ONLY=exchange npm run bench`): the exchange's matching.
 *
 * 1. `stableMatch` on a seeded random market of 20 000 applicants × 2 000 offers × 10 choices:
 *    median and p95 time, memory at 1/4, 1/2 and full size (in a child process, so the
 *    figure is the matcher's own), and the ratio against `naiveMatch` below, a straightforward
 *    deferred acceptance that rescans an offer's whole ranking on every proposal. Both must give
 *    the same assignments (the applicant-optimal stable matching is unique).
 * 2. A whole round through the API on DynamoDB Local (BENCH_EXCHANGE_APPLICANTS, default 2 000):
 *    offers, applications and rankings written through core, then POST /api/exchange/rounds as
 *    the platform admin: wall time and what it read from DynamoDB.
 *
 * Run directly (`node --expose-gc --import tsx scripts/bench/exchange.ts --memory <scale>`) it is
 * the memory probe the section spawns.
 */
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { GCProfiler, getHeapSpaceStatistics } from "node:v8";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Actor, Auth, Config, ExchangeApplications, ExchangeOffers, Institutions, People } from "@rutas/core";
import { ddbRaw } from "@rutas/core/db/client";
import { type MatchInput, blockingPairs, stableMatch } from "@rutas/core/exchange/match";

type Row = (...cells: string[]) => void;

/** Deterministic PRNG (mulberry32): the same seed gives the same market on every machine. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

export type MarketShape = {
  applicants: number;
  offers: number;
  choices: number;
  /** Capacities are drawn uniformly from 1..maxCapacity (mean about half of it). */
  maxCapacity: number;
  /** Share of those who listed an offer that the offer leaves out of its ranking (unacceptable). */
  dropShare: number;
  seed: number;
};

export const FULL_MARKET: MarketShape = {
  applicants: 20_000,
  offers: 2_000,
  choices: 10,
  maxCapacity: 10,
  dropShare: 0.1,
  seed: 11,
};

/**
 * A seeded random market named as a round publishes it (`applicant-<n>`, `offer-<n>`). Each
 * applicant ranks `choices` distinct offers; popularity is skewed (an offer is drawn as
 * ⌊offers · u^1.5⌋ of a shuffled list), so some offers are listed by many more applicants than
 * others. Each offer ranks those who listed it in a random order, leaving out `dropShare` of them.
 */
export function market(shape: MarketShape): MatchInput {
  const random = prng(shape.seed);
  const offerIds = shuffle(
    Array.from({ length: shape.offers }, (_, i) => `offer-${i + 1}`),
    random,
  );
  const listers: string[][] = Array.from({ length: shape.offers }, () => []);
  const index = new Map(offerIds.map((id, i) => [id, i]));
  const applicants = Array.from({ length: shape.applicants }, (_, i) => {
    const id = `applicant-${i + 1}`;
    const ranking: string[] = [];
    const picked = new Set<number>();
    while (ranking.length < Math.min(shape.choices, shape.offers)) {
      const o = Math.floor(shape.offers * random() ** 1.5);
      if (picked.has(o)) continue;
      picked.add(o);
      ranking.push(offerIds[o]);
      listers[o].push(id);
    }
    return { id, ranking };
  });
  const offers = Array.from({ length: shape.offers }, (_, i) => {
    const id = `offer-${i + 1}`;
    const ranking = shuffle([...listers[index.get(id)!]], random).filter(() => random() >= shape.dropShare);
    return { id, capacity: 1 + Math.floor(random() * shape.maxCapacity), ranking };
  });
  return { applicants, offers };
}

export const rankingEntries = (m: MatchInput) =>
  m.applicants.reduce((n, a) => n + a.ranking.length, 0) + m.offers.reduce((n, o) => n + o.ranking.length, 0);

/**
 * The straightforward deferred acceptance, kept as the bench's yardstick: the same rules as
 * `stableMatch`, but every proposal scans the offer's whole ranking (indexOf) to find the
 * proposer's position and, when the offer is full, each held applicant's position to find the
 * worst one.
 */
export function naiveMatch(input: MatchInput): Record<string, string | null> {
  const offers = new Map(input.offers.map((o) => [o.id, o]));
  const rankings = new Map(input.applicants.map((a) => [a.id, a.ranking]));
  const held = new Map(input.offers.map((o) => [o.id, [] as string[]]));
  const next = new Map(input.applicants.map((a) => [a.id, 0]));
  const free = input.applicants.map((a) => a.id);
  while (free.length) {
    const applicant = free.pop()!;
    const ranking = rankings.get(applicant)!;
    for (let i = next.get(applicant)!; i < ranking.length; i++) {
      next.set(applicant, i + 1);
      const offer = offers.get(ranking[i]);
      if (!offer) continue;
      const position = offer.ranking.indexOf(applicant);
      if (position < 0) continue; // the offer does not rank them
      const holding = held.get(offer.id)!;
      if (holding.length < offer.capacity) {
        holding.push(applicant);
        break;
      }
      let worst = -1;
      let worstPosition = -1;
      holding.forEach((h, k) => {
        const p = offer.ranking.indexOf(h);
        if (p > worstPosition) [worst, worstPosition] = [k, p];
      });
      if (position < worstPosition) {
        free.push(holding[worst]);
        holding[worst] = applicant;
        break;
      }
    }
  }
  const out: Record<string, string | null> = {};
  for (const a of input.applicants) out[a.id] = null;
  for (const [offerId, applicants] of held) for (const a of applicants) out[a] = offerId;
  return out;
}

function times(runs: number, fn: () => unknown): number[] {
  fn(); // warm up the JIT
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b);
}
/** Nearest-rank percentile of sorted values. */
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];

/** Keeps the result alive until the probe has measured what it retains. */
let _sink: unknown;

type MemoryProbe = {
  applicants: number;
  offers: number;
  entries: number;
  gcs: number;
  allocatedBytes: number;
  retainedBytes: number;
};

/**
 * In this (child) process: build the market at `scale`, call `stableMatch` twice (compiled code
 * and feedback are not the matcher's memory), collect, then measure one call with a young
 * generation large enough (--min/max-semi-space-size=128 MB) that no GC runs during it: the JS
 * heap plus array buffers (typed arrays live outside the heap) grow by everything it allocates,
 * garbage included, which bounds its peak from above (code spaces left out: V8 recompiles as it
 * likes). The GC profiler confirms no GC ran. The median of five such calls. Retained: the heap after a full collection, the result referenced.
 */
async function memoryProbe(scale: number): Promise<MemoryProbe> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("the memory probe needs --expose-gc");
  const shape = {
    ...FULL_MARKET,
    applicants: Math.round(FULL_MARKET.applicants * scale),
    offers: Math.round(FULL_MARKET.offers * scale),
  };
  const m = market(shape);
  stableMatch(m);
  stableMatch(m);
  // Data only: the code spaces grow as V8 recompiles, whoever allocates.
  const used = () =>
    getHeapSpaceStatistics()
      .filter((space) => !space.space_name.startsWith("code"))
      .reduce((n, space) => n + space.space_used_size, process.memoryUsage().external);
  // Collected array buffers are freed by a background thread: let it finish before measuring.
  const settle = async () => {
    gc();
    await new Promise((r) => setTimeout(r, 100));
    gc();
  };
  const allocated: number[] = [];
  let gcs = 0;
  let retained = 0;
  for (let run = 0; run < 5; run++) {
    _sink = null;
    await settle();
    const before = used();
    const heapBefore = process.memoryUsage().heapUsed;
    const profiler = new GCProfiler();
    profiler.start();
    _sink = stableMatch(m);
    allocated.push(used() - before);
    gcs += profiler.stop().statistics.length;
    await settle();
    retained = process.memoryUsage().heapUsed - heapBefore;
  }
  _sink = null;
  return {
    applicants: shape.applicants,
    offers: shape.offers,
    entries: rankingEntries(m),
    gcs,
    allocatedBytes: allocated.sort((x, y) => x - y)[2],
    retainedBytes: retained,
  };
}

function spawnProbe(scale: number): MemoryProbe {
  const out = spawnSync(
    process.execPath,
    [
      "--expose-gc",
      "--min-semi-space-size=128",
      "--max-semi-space-size=128",
      "--import",
      "tsx",
      fileURLToPath(import.meta.url),
      "--memory",
      String(scale),
    ],
    { cwd: resolve(import.meta.dirname, "../.."), encoding: "utf8" },
  );
  if (out.status !== 0) throw new Error(`memory probe failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split("\n").pop()!) as MemoryProbe;
}

const MB = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

/** Part 1: the matcher alone. */
export function benchMatcher(opts: { row: Row; f: (x: number) => string }) {
  const { row, f } = opts;
  const load = loadavg()[0];
  const runs = Number(process.env.BENCH_EXCHANGE_RUNS ?? 11);
  const naiveRuns = Number(process.env.BENCH_EXCHANGE_NAIVE_RUNS ?? 3);
  const t0 = performance.now();
  const m = market(FULL_MARKET);
  const built = performance.now() - t0;
  const entries = rankingEntries(m);
  const listed = new Map<string, number>();
  for (const a of m.applicants) for (const o of a.ranking) listed.set(o, (listed.get(o) ?? 0) + 1);
  const places = m.offers.reduce((n, o) => n + o.capacity, 0);

  const cold = performance.now();
  const fast = stableMatch(m).assignments;
  const coldMs = performance.now() - cold;
  const slow = naiveMatch(m);
  const differ = m.applicants.filter((a) => fast[a.id] !== slow[a.id]).length;
  const matched = Object.values(fast).filter((o) => o !== null).length;

  console.log();
  row(
    `Exchange matching, ${FULL_MARKET.applicants} × ${FULL_MARKET.offers} × ${FULL_MARKET.choices}`,
    "median ms",
    "p95 ms",
    "÷ stableMatch",
  );
  console.log(
    `  market (seed ${FULL_MARKET.seed}, built in ${f(built)} ms): ${places} places, ${entries} ranking entries, ` +
      `an offer listed by ${Math.min(...listed.values())}–${Math.max(...listed.values())} applicants, ` +
      `${(FULL_MARKET.dropShare * 100).toFixed(0)}% left unranked; ${matched} matched`,
  );
  const s = times(runs, () => stableMatch(m));
  row(`  stableMatch, first run (cold JIT)`, f(coldMs), "", "");
  row(`  stableMatch (${runs} runs)`, f(pct(s, 0.5)), f(pct(s, 0.95)), "1.00");
  const n = times(naiveRuns, () => naiveMatch(m));
  row(`  naive: rescans rankings (${naiveRuns} runs)`, f(pct(n, 0.5)), f(pct(n, 0.95)), f(pct(n, 0.5) / pct(s, 0.5)));
  let pairs = 0;
  const b = times(3, () => (pairs = blockingPairs(m, fast).length));
  row(`  blockingPairs (stable check, 3 runs)`, f(pct(b, 0.5)), f(pct(b, 0.95)), f(pct(b, 0.5) / pct(s, 0.5)));
  console.log(`  load average ${load.toFixed(2)} → ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores`);
  console.log(
    `  same assignments: ${differ === 0 ? "yes" : `NO, ${differ} applicants differ`}; blocking pairs: ${pairs}` +
      ` (goals: stableMatch ≤ 250 ms; naive ÷ stableMatch ≥ 3)`,
  );

  console.log();
  row("stableMatch memory (child process)", "entries", "allocated", "bytes/entry");
  const probes = [0.25, 0.5, 1].map(spawnProbe);
  for (const p of probes)
    row(`  ${p.applicants} × ${p.offers}`, String(p.entries), MB(p.allocatedBytes), f(p.allocatedBytes / p.entries));
  const [q, , full] = probes;
  console.log(
    `  allocated: JS heap + array buffers grown by one call, ` +
      `${probes.every((p) => p.gcs === 0) ? "no GC during it" : "GCs ran during it (an underestimate)"}, ` +
      `so a bound on its peak; retained after it (the result): ${MB(full.retainedBytes)}\n` +
      `  full ÷ quarter: ${f(full.allocatedBytes / q.allocatedBytes)} for ${f(full.entries / q.entries)} × the entries ` +
      `(linear or better: bytes per entry do not grow; median of 5 calls, code spaces left out)`,
  );
  return { differ, medianMs: pct(s, 0.5) };
}

/** What DynamoDB calls returned while `reading` is on: a middleware on the shared client's stack. */
type Reads = {
  calls: number;
  readCalls: number;
  items: number;
  scanned: number;
  units: number;
  writes: number;
  readMs: number;
  writeMs: number;
  /** The largest item a write sent (its JSON length: about DynamoDB's count of its size). */
  largestItem: number;
  /** Errors DynamoDB answered, by name and message. */
  errors: string[];
};

function countReads(client: DynamoDBClient) {
  const zero = (): Reads => ({
    calls: 0,
    readCalls: 0,
    items: 0,
    scanned: 0,
    units: 0,
    writes: 0,
    readMs: 0,
    writeMs: 0,
    largestItem: 0,
    errors: [],
  });
  const reads = zero();
  const state = { on: false };
  const READS = ["GetItemCommand", "QueryCommand", "ScanCommand", "BatchGetItemCommand", "TransactGetItemsCommand"];
  type Out = {
    Item?: unknown;
    Items?: unknown[];
    ScannedCount?: number;
    Responses?: unknown[] | Record<string, unknown[]>;
    ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!state.on) return next(args);
      const command = (context as { commandName?: string }).commandName ?? "";
      const input = args.input as Record<string, unknown>;
      const read = READS.includes(command);
      reads.calls++;
      if (read) reads.readCalls++;
      else if (command === "TransactWriteItemsCommand") reads.writes += (input.TransactItems as unknown[]).length;
      else if (command === "BatchWriteItemCommand")
        for (const items of Object.values(input.RequestItems as Record<string, unknown[]>))
          reads.writes += items.length;
      else reads.writes++;
      if (command === "TransactWriteItemsCommand")
        for (const item of input.TransactItems as { Put?: { Item?: unknown } }[])
          if (item.Put) reads.largestItem = Math.max(reads.largestItem, JSON.stringify(item.Put.Item).length);
      if (command === "PutItemCommand")
        reads.largestItem = Math.max(reads.largestItem, JSON.stringify(input.Item).length);
      const t = performance.now();
      let out;
      try {
        // Ask DynamoDB what each read cost; the code under test never looks at it.
        out = await next(read ? { ...args, input: { ...input, ReturnConsumedCapacity: "TOTAL" } } : args);
      } catch (err) {
        const e = err as Error;
        reads.errors.push(`${command}: ${e.name}: ${e.message}`);
        throw err;
      } finally {
        reads[read ? "readMs" : "writeMs"] += performance.now() - t;
      }
      if (read) {
        const o = out.output as Out;
        const responses = Array.isArray(o.Responses)
          ? o.Responses.filter((r) => (r as { Item?: unknown }).Item).length
          : Object.values(o.Responses ?? {}).reduce((n, items) => n + items.length, 0);
        const returned = (o.Items?.length ?? 0) + (o.Item ? 1 : 0) + responses;
        reads.items += returned;
        reads.scanned += o.ScannedCount ?? returned;
        const consumed = [o.ConsumedCapacity ?? []].flat();
        reads.units += consumed.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
      }
      return out;
    },
    { step: "initialize", name: "benchCountReads" },
  );
  return {
    reads,
    start: () => {
      Object.assign(reads, zero());
      state.on = true;
    },
    stop: () => {
      state.on = false;
      client.middlewareStack.remove("benchCountReads");
    },
  };
}

/** Runs `fn` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

/**
 * Part 2: a whole round through the API. A market of `applicants` × applicants/10 offers × 10
 * choices from the same generator, written through core: offers, people, applications (each
 * checked against its offers as the API does), each offer's ranking of those who listed it. Then
 * POST /api/exchange/rounds as the platform admin, timed, counting what DynamoDB returned.
 */
export async function benchRound(opts: { base: string; row: Row; f: (x: number) => string; applicants: number }) {
  const { base, row, f, applicants } = opts;
  const shape: MarketShape = { ...FULL_MARKET, applicants, offers: Math.max(1, Math.round(applicants / 10)) };
  const m = market(shape);
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const setupStarted = performance.now();

  const inst = await Institutions.create(Actor.system, {
    name: "Bench Exchange University",
    country: "EC",
    type: "university",
  });
  const adminEmail = `bench-exchange-${inst.id.toLowerCase()}@example.org`;
  await Institutions.addMember(Actor.system, inst.id, { email: adminEmail, role: "admin" });
  const adminPerson = await People.findOrCreateByEmail(adminEmail);
  const admin = {
    kind: "person" as const,
    id: adminPerson.id,
    email: adminPerson.email,
    roles: ["participant" as const],
  };
  const platformEmail = "bench-exchange-platform@example.org";
  Config.configure({ adminEmails: [...Config.config().adminEmails, platformEmail] });
  const platform = await People.findOrCreateByEmail(platformEmail);
  const { token } = await Auth.issueSession(platform.id, platform.email);

  const offerId = new Map<string, string>();
  await pool(m.offers, 8, async (o, i) => {
    const created = await ExchangeOffers.create(admin, {
      institutionId: inst.id,
      kind: "study_visit",
      title: { es: `Visita ${i + 1}`, en: `Visit ${i + 1}` },
      description: { es: "Una semana con productores." },
      country: "EC",
      startDate: day(40),
      endDate: day(45),
      capacity: o.capacity,
      topics: [],
      applicationDeadline: day(20),
    });
    offerId.set(o.id, created.id);
  });
  const personId = new Map<string, string>();
  await pool(m.applicants, 8, async (a, i) => {
    const p = await People.findOrCreateByEmail(`bench-x${i + 1}-${inst.id.toLowerCase()}@example.org`);
    personId.set(a.id, p.id);
    const actor = { kind: "person" as const, id: p.id, email: p.email, roles: ["participant" as const] };
    await ExchangeApplications.save(actor, {
      statement: "Quiero aprender de las cooperativas.",
      ranking: a.ranking.map((id) => offerId.get(id)!),
    });
  });
  await pool(m.offers, 4, async (o) => {
    await ExchangeApplications.rank(
      admin,
      offerId.get(o.id)!,
      o.ranking.map((id) => personId.get(id)!),
    );
  });
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  const counter = countReads(ddbRaw());
  counter.start();
  const started = performance.now();
  const res = await fetch(`${base}/api/exchange/rounds`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: "{}",
  });
  const body = (await res.json()) as { assignments?: Record<string, string | null>; detail?: string; title?: string };
  const ms = performance.now() - started;
  counter.stop();
  const r = counter.reads;

  console.log();
  row(`Exchange round through the API`, "wall ms", "items read", "read units");
  console.log(
    `  ${m.applicants.length} applicants × ${m.offers.length} offers × ${shape.choices} choices, ` +
      `${rankingEntries(m)} ranking entries; written through core in ${f(setupSeconds)} s`,
  );
  row(`  POST /api/exchange/rounds → ${res.status}`, f(ms), String(r.items), f(r.units));
  console.log(
    `  DynamoDB during the request: ${r.readCalls} reads (${r.items} items returned, ${r.scanned} scanned) ` +
      `in ${f(r.readMs)} ms, ${r.calls - r.readCalls} writes (${r.writes} items) in ${f(r.writeMs)} ms` +
      `${r.errors.length ? `, ${r.errors.length} refused` : ""}; largest item written ≈ ${(r.largestItem / 1024).toFixed(1)} kB as JSON ` +
      `(DynamoDB's limit 400 KB)`,
  );
  if (!res.ok) {
    console.log(`  FAILED: ${res.status} ${body.title ?? ""}`);
    for (const e of r.errors) console.log(`  DynamoDB answered ${e.slice(0, 200)}`);
    return { ok: false, ms };
  }
  // The API's outcome, back in the bench's names, against stableMatch on the generated market.
  const byOffer = new Map([...offerId].map(([name, id]) => [id, name]));
  const expected = stableMatch(m).assignments;
  const got = body.assignments ?? {};
  const differ = m.applicants.filter((a) => {
    const o = got[personId.get(a.id)!];
    return (o ? byOffer.get(o) : null) !== expected[a.id];
  }).length;
  const matched = Object.values(got).filter((o) => o !== null).length;
  console.log(
    `  ${matched} matched; same as stableMatch on the generated market: ${differ === 0 ? "yes" : `NO, ${differ} differ`}`,
  );
  return { ok: true, ms };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === "--memory") {
  console.log(JSON.stringify(await memoryProbe(Number(process.argv[3]))));
}
