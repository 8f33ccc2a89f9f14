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
import { GCProfiler } from "node:v8";
import { type MatchInput, stableMatch } from "@rutas/core/exchange/match";

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
let sink: unknown;

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
 * garbage included, which bounds its peak from above. The GC profiler confirms no GC ran.
 * Retained: the heap after a full collection with the result still referenced.
 */
function memoryProbe(scale: number): MemoryProbe {
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
  gc();
  gc();
  const used = () => {
    const u = process.memoryUsage();
    return u.heapUsed + u.external;
  };
  const before = used();
  const heapBefore = process.memoryUsage().heapUsed;
  const profiler = new GCProfiler();
  profiler.start();
  sink = stableMatch(m);
  const after = used();
  const stats = profiler.stop();
  gc();
  const retained = process.memoryUsage().heapUsed - heapBefore;
  sink = null;
  return {
    applicants: shape.applicants,
    offers: shape.offers,
    entries: rankingEntries(m),
    gcs: stats.statistics.length,
    allocatedBytes: after - before,
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
  console.log(`  load average ${load.toFixed(2)} → ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores`);
  console.log(
    `  same assignments: ${differ === 0 ? "yes" : `NO, ${differ} applicants differ`}` +
      ` (goals: stableMatch ≤ 250 ms; naive ÷ stableMatch ≥ 3)`,
  );

  console.log();
  row("stableMatch memory (child process)", "entries", "allocated", "bytes/entry");
  const probes = [0.25, 0.5, 1].map(spawnProbe);
  for (const p of probes)
    row(`  ${p.applicants} × ${p.offers}`, String(p.entries), MB(p.allocatedBytes), f(p.allocatedBytes / p.entries));
  const [q, half, full] = probes;
  const marginal = (full.allocatedBytes - half.allocatedBytes) / (full.entries - half.entries);
  console.log(
    `  allocated: JS heap + array buffers grown by one call, ` +
      `${probes.every((p) => p.gcs === 0) ? "no GC during it" : "GCs ran during it (an underestimate)"}, ` +
      `so a bound on its peak; retained after it (the result): ${MB(full.retainedBytes)}\n` +
      `  full ÷ quarter: ${f(full.allocatedBytes / q.allocatedBytes)} for ${f(full.entries / q.entries)} × the entries; ` +
      `from 1/2 to full: ${f(marginal)} bytes per added entry (linear: constant)`,
  );
  return { differ, medianMs: pct(s, 0.5) };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === "--memory") {
  console.log(JSON.stringify(memoryProbe(Number(process.argv[3]))));
}
