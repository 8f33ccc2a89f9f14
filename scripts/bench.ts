/**
 * `npm run bench`: performance figures measured in one run on this machine, as
 * ratios where a ratio is what matters (the API's cost over the raw database
 * call it wraps). Prints; asserts nothing. Pages are measured as `npm start` serves them:
 * web/dist (rebuilt when stale, by the same function) through the local server on the API's
 * origin, with its compression and cache headers.
 */
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { Actor, Auth, Config, Courses, Institutions, Payments, People } from "@rutas/core";
import { stripe } from "@rutas/core/stripe";
import { ulid } from "ulid";
import { ddb, ddbRaw, tableName } from "@rutas/core/db/client";
import { startLocalDynamo } from "@rutas/core/db/local";
import { ensureTable } from "@rutas/core/db/table";
import { retryStats } from "@rutas/core/db/transact";
import { startDynamoFaults } from "@rutas/core/testing/dynamo-faults";
import { keys, type OfferingKind } from "@rutas/core/db/keys";
import { build } from "esbuild";
import { launchChromium } from "./lib/browser";
import { benchLedger } from "./lib/bench-ledger";
import { benchDigest } from "./bench/digest";
import { benchMatcher, benchRound } from "./bench/exchange";
import { startStack } from "./lib/stack";
import { ensureWebBuild, webDist } from "./lib/web-build";

const root = resolve(import.meta.dirname, "..");
const N = Number(process.env.BENCH_N ?? 1000);
/**
 * `BENCH_ONLY=ledger` runs the ledger section alone (BENCH_LEDGER_KIND, BENCH_LEDGER_PAYMENTS, BENCH_LEDGER_N);
 * `BENCH_ONLY=exchange` the exchange's matching (scripts/bench/exchange.ts; BENCH_EXCHANGE_APPLICANTS);
 * `BENCH_ONLY=digest` the alert digests job (scripts/bench/digest.ts; BENCH_DIGEST_SIZES, default 1000,10000).
 */
const ONLY = process.env.BENCH_ONLY;
const exchangeApplicants = Number(process.env.BENCH_EXCHANGE_APPLICANTS ?? 2000);
const digestSizes = (process.env.BENCH_DIGEST_SIZES ?? "1000,10000").split(",").map(Number);
const ledgerOptions = () => ({
  kind: (process.env.BENCH_LEDGER_KIND ?? "route") as OfferingKind,
  payments: Number(process.env.BENCH_LEDGER_PAYMENTS ?? 1000),
  n: Number(process.env.BENCH_LEDGER_N ?? 100),
});

type Stats = { p50: number; p99: number; n: number };
async function timeIt(n: number, fn: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < Math.min(100, n); i++) await fn(); // warm up connections and JIT
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(n * 0.5)], p99: ms[Math.floor(n * 0.99)], n };
}
const f = (x: number) => x.toFixed(2);
const kb = (b: number) => `${(b / 1024).toFixed(1)} kB`;
const row = (...cells: string[]) =>
  console.log(cells.map((c, i) => (i === 0 ? c.padEnd(44) : c.padStart(14))).join(""));

if (ONLY === "ledger") {
  const only = await startStack({
    server: { port: 0, webDist: false, quiet: true },
    tableName: "bench",
    stripe: { port: 0 },
  });
  try {
    await benchLedger({ base: only.server!.url, timeIt, row, f, ...ledgerOptions() });
  } finally {
    await only.stop();
  }
  process.exit(0);
}

if (ONLY === "exchange") {
  console.log(`\nRutas bench — ${new Date().toISOString()} — exchange section`);
  benchMatcher({ row, f });
  const only = await startStack({ server: { port: 0, webDist: false, quiet: true }, tableName: "bench" });
  try {
    await benchRound({ base: only.server!.url, row, f, applicants: exchangeApplicants });
  } finally {
    await only.stop();
  }
  process.exit(0);
}

if (ONLY === "digest") {
  console.log(`\nRutas bench — ${new Date().toISOString()} — digest section`);
  const only = await startStack({ server: { port: 0, webDist: false, quiet: true }, tableName: "bench" });
  try {
    await benchDigest({ row, f, sizes: digestSizes });
  } finally {
    await only.stop();
  }
  process.exit(0);
}

ensureWebBuild();
const stack = await startStack({ server: { port: 0, webDist, quiet: true }, tableName: "bench", stripe: { port: 0 } });
const base = stack.server!.url;
try {
  const person = await People.findOrCreateByEmail("bench@example.org", { name: "Bench", country: "PE" });
  const { token } = await Auth.issueSession(person.id, person.email);

  console.log(
    `\nRutas bench — ${new Date().toISOString()} — ${N} sequential requests each, DynamoDB Local in memory\n`,
  );
  row("API latency", "p50 ms", "p99 ms", "p50 ÷ GetItem");
  const raw = await timeIt(N, () =>
    ddb().send(new GetCommand({ TableName: tableName(), Key: keys.person(person.id) })),
  );
  row("raw DynamoDB GetItem (SDK, same process)", f(raw.p50), f(raw.p99), "1.00");
  const get =
    (path: string, headers: Record<string, string> = {}) =>
    async () => {
      const res = await fetch(base + path, { headers });
      if (!res.ok) throw new Error(`${path} → ${res.status}`);
      await res.arrayBuffer();
    };
  for (const [label, fn] of [
    ["GET /api/health (DescribeTable)", get("/api/health")],
    ["GET /api/me (GetItem + Query)", get("/api/me", { Authorization: `Bearer ${token}` })],
    ["GET /api/topics (no database)", get("/api/topics")],
  ] as const) {
    const s = await timeIt(N, fn);
    row(label, f(s.p50), f(s.p99), f(s.p50 / raw.p50));
  }

  // Courses: the course page against the raw calls it makes, and a rush on one cohort.
  const inst = await Institutions.create(Actor.system, { name: "Bench University", country: "CA", type: "university" });
  await Institutions.addMember(Actor.system, inst.id, { email: "bench-admin@example.org", role: "admin" });
  const benchAdmin = await People.findOrCreateByEmail("bench-admin@example.org");
  const adminActor = {
    kind: "person" as const,
    id: benchAdmin.id,
    email: benchAdmin.email,
    roles: ["participant" as const],
  };
  const course = await Courses.create(adminActor, {
    institutionId: inst.id,
    title: { es: "Comercio justo para pymes andinas", en: "Fair trade for Andean SMEs" },
    summary: { es: "Certificación y mercados.", en: "Certification and markets." },
    topics: ["local-production-and-trade"],
    language: "es",
    modules: [
      {
        title: "Mercados",
        lessons: Array.from({ length: 6 }, (_, i) => ({
          title: `Lección ${i + 1}`,
          body: "Texto de la lección. ".repeat(200),
        })),
      },
    ],
  });
  await Courses.publish(adminActor, course.id);
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const rush = await Courses.addCohort(adminActor, course.id, {
    startDate: day(0),
    endDate: day(13),
    capacity: 50,
    enrolmentDeadline: day(7),
    prices: [],
  });
  console.log();
  row("Course page", "p50 ms", "p99 ms", "÷ raw calls");
  const rawDetail = await timeIt(N, () =>
    Promise.all([
      ddb().send(new GetCommand({ TableName: tableName(), Key: keys.course(course.id) })),
      ddb().send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :p",
          ExpressionAttributeValues: { ":p": keys.courseCohortsPartition(course.id) },
        }),
      ),
    ]),
  );
  row("raw GetItem course ‖ Query cohorts", f(rawDetail.p50), f(rawDetail.p99), "1.00");
  const detail = await timeIt(N, get(`/api/courses/${course.id}`));
  row(`GET /api/courses/:id (anonymous)`, f(detail.p50), f(detail.p99), f(detail.p50 / rawDetail.p50));

  const RUSH = 500;
  const rushers = await Promise.all(
    Array.from({ length: RUSH }, async (_, i) => {
      const p = await People.findOrCreateByEmail(`rush${i}@example.org`);
      return (await Auth.issueSession(p.id, p.email)).token;
    }),
  );
  const latencies: number[] = [];
  const statuses: string[] = [];
  const rushStarted = performance.now();
  await Promise.all(
    rushers.map(async (token) => {
      const t = performance.now();
      const res = await fetch(`${base}/api/cohorts/${rush.id}/enrolments`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}` },
      });
      latencies.push(performance.now() - t);
      statuses.push(res.ok ? ((await res.json()) as { status: string }).status : `http ${res.status}`);
    }),
  );
  const rushMs = performance.now() - rushStarted;
  latencies.sort((a, b) => a - b);
  const seated = statuses.filter((s) => s === "active").length;
  const waitlisted = statuses.filter((s) => s === "waitlisted").length;
  const seatsTaken = (await Courses.getCohort(rush.id)).seatsTaken;
  console.log();
  row(`${RUSH} concurrent enrolments, 50 seats`, "p50 ms", "p99 ms", "seated");
  row(
    `  active ${seated}, waitlisted ${waitlisted}, other ${RUSH - seated - waitlisted}`,
    f(latencies[RUSH / 2]),
    f(latencies[Math.floor(RUSH * 0.99)]),
    `${seatsTaken}/50`,
  );
  row(`  whole rush`, `${f(rushMs)} ms`, "", "");

  // Failing fast (decision 0015): with a dependency hung, a request costs at most its deadline.
  // Production bounds here; the rest of the bench keeps the local stack's looser ones.
  const prod = Config.defaultBudgets();
  const local = Config.config().budgets;
  const timedFetch = async (path: string, init: RequestInit = {}) => {
    const t = performance.now();
    const res = await fetch(base + path, init);
    await res.arrayBuffer();
    return { ms: performance.now() - t, status: res.status, retryAfter: res.headers.get("retry-after") };
  };
  console.log();
  row("Hung dependency (production bounds)", "fail ms", "bound ms", "÷ bound");
  const hungDb = await startLocalDynamo(); // the bench's own second DynamoDB Local, to SIGSTOP
  const main = { dynamoEndpoint: Config.config().dynamoEndpoint, tableName: tableName() };
  Config.configure({ dynamoEndpoint: hungDb.endpoint, tableName: "bench-hung" });
  await ensureTable(ddbRaw(), "bench-hung");
  Config.configure({ budgets: prod });
  hungDb.process.kill("SIGSTOP");
  await new Promise((r) => setTimeout(r, 200)); // let every thread of the JVM stop first
  const answers: string[] = [];
  try {
    for (const path of ["/api/health", "/api/courses"]) {
      // The slowest of three tries, each a 503 with Retry-After (listed below the rows).
      const tries = [await timedFetch(path), await timedFetch(path), await timedFetch(path)];
      const worst = tries.reduce((a, b) => (b.ms > a.ms ? b : a));
      answers.push(...tries.map((r) => `${r.status} Retry-After ${r.retryAfter}`));
      row(`  DynamoDB hung: GET ${path}`, f(worst.ms), f(prod.dynamoCallMs), f(worst.ms / prod.dynamoCallMs));
    }
  } finally {
    hungDb.process.kill("SIGCONT");
    Config.configure({ ...main, budgets: local });
    await hungDb.stop();
  }
  const payCohort = await Courses.addCohort(adminActor, course.id, {
    startDate: day(0),
    endDate: day(13),
    capacity: 5,
    enrolmentDeadline: day(7),
    prices: [{ group: "standard", amount: 12000, currency: "CAD" }],
  });
  const hungPayer = await People.findOrCreateByEmail("hung-payer@example.org", { country: "CA" });
  const hungPayerActor = {
    kind: "person" as const,
    id: hungPayer.id,
    email: hungPayer.email,
    roles: ["participant" as const],
  };
  const held = await Courses.enrolInCohort(hungPayerActor, payCohort.id);
  const payerToken = (await Auth.issueSession(hungPayer.id, hungPayer.email)).token;
  Config.configure({ budgets: { ...local, stripeMs: prod.stripeMs } });
  stack.stripeLocal!.hang();
  try {
    const r = await timedFetch("/api/checkout", {
      method: "POST",
      headers: { Authorization: `Bearer ${payerToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ enrolmentId: held.id, locale: "es" }),
    });
    answers.push(`${r.status} Retry-After ${r.retryAfter}`);
    row(`  Stripe hung: POST /api/checkout`, f(r.ms), f(prod.stripeMs), f(r.ms / prod.stripeMs));
  } finally {
    stack.stripeLocal!.resume();
    Config.configure({ budgets: local });
  }
  const distinct = [...new Set(answers)].map((a) => `${answers.filter((x) => x === a).length} × ${a}`);
  console.log(`  answers: ${distinct.join(", ")} (goal: under 3000 ms and under 1.2 × the bound)`);

  // Conflicts: DynamoDB cancels concurrent transactions on one item; DynamoDB Local never does,
  // so this rush goes through a proxy that cancels a share of them exactly as DynamoDB would.
  // The retry budget is production's; DynamoDB attempts keep the local bounds (Local queues 200 calls).
  const CONFLICT_RUSH = Number(process.env.BENCH_CONFLICT_RUSH ?? 200);
  const CONFLICT_SEATS = Number(process.env.BENCH_CONFLICT_SEATS ?? 20);
  const CONFLICT_RATE = Number(process.env.BENCH_CONFLICT_RATE ?? 0.3);
  const hot = await Courses.addCohort(adminActor, course.id, {
    startDate: day(0),
    endDate: day(13),
    capacity: CONFLICT_SEATS,
    enrolmentDeadline: day(7),
    prices: [],
  });
  const conflictTokens = await Promise.all(
    Array.from({ length: CONFLICT_RUSH }, async (_, i) => {
      const p = await People.findOrCreateByEmail(`hot${i}@example.org`);
      return (await Auth.issueSession(p.id, p.email)).token;
    }),
  );
  const faults = await startDynamoFaults(main.dynamoEndpoint!);
  Config.configure({ dynamoEndpoint: faults.endpoint, budgets: { ...local, transactRetryMs: prod.transactRetryMs } });
  faults.set({ conflict: CONFLICT_RATE });
  const retriesBefore = { ...retryStats };
  const hotMs: number[] = [];
  const hotStatuses: string[] = [];
  try {
    await Promise.all(
      conflictTokens.map(async (token) => {
        const t = performance.now();
        const res = await fetch(`${base}/api/cohorts/${hot.id}/enrolments`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}` },
        });
        hotMs.push(performance.now() - t);
        hotStatuses.push(res.ok ? ((await res.json()) as { status: string }).status : `http ${res.status}`);
      }),
    );
  } finally {
    faults.set({});
    Config.configure({ dynamoEndpoint: main.dynamoEndpoint, budgets: local });
    await faults.close();
  }
  hotMs.sort((a, b) => a - b);
  const count = (s: string) => hotStatuses.filter((x) => x === s).length;
  console.log();
  row(`${CONFLICT_RUSH} enrolments on ${CONFLICT_SEATS} seats, conflicts`, "p50 ms", "p99 ms", "seated");
  row(
    `  active ${count("active")}, waitlist ${count("waitlisted")}, 503 ${count("http 503")}, other ${CONFLICT_RUSH - count("active") - count("waitlisted") - count("http 503")}`,
    f(hotMs[Math.floor(CONFLICT_RUSH / 2)]),
    f(hotMs[Math.floor(CONFLICT_RUSH * 0.99)]),
    `${(await Courses.getCohort(hot.id)).seatsTaken}/${CONFLICT_SEATS}`,
  );
  row(
    `  ${faults.injected.conflicts} conflicts injected (${CONFLICT_RATE * 100}% of transactions), ${retryStats.retries - retriesBefore.retries} retried, ${retryStats.exhausted - retriesBefore.exhausted} budgets (${prod.transactRetryMs} ms) exhausted`,
    "",
    "",
    "",
  );

  // Webhooks: paid sessions' events delivered with 10% duplicates; each write is one transaction.
  const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 200);
  const paidCohort = await Courses.addCohort(adminActor, course.id, {
    startDate: day(0),
    endDate: day(13),
    capacity: WEBHOOKS,
    enrolmentDeadline: day(7),
    prices: [{ group: "standard", amount: 12000, currency: "CAD" }],
  });
  const stripeLocal = stack.stripeLocal!;
  const hook = `${base}/api/stripe/webhook`;
  stripeLocal.setWebhookUrl("http://127.0.0.1:9/captured-by-the-bench");
  const sessions: string[] = [];
  for (let i = 0; i < WEBHOOKS; i++) {
    const person = await People.findOrCreateByEmail(`payer${i}@example.org`, { country: "CA" });
    const actor = { kind: "person" as const, id: person.id, email: person.email, roles: ["participant" as const] };
    const enrolment = await Courses.enrolInCohort(actor, paidCohort.id);
    const session = await Payments.checkout(actor, enrolment.id, "es");
    await fetch(session.url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "card=4242424242424242",
      redirect: "manual",
    });
    sessions.push(session.sessionId);
  }
  const completed = stripeLocal.events().filter((e) => e.type === "checkout.session.completed");
  const deliveries = [...completed, ...completed.slice(0, Math.round(completed.length / 10))].sort(
    () => Math.random() - 0.5,
  );
  const secret = Config.config().stripe.webhookSecret;
  const sdk = stripe();
  const hookLatencies: number[] = [];
  const outcomes = new Map<string, number>();
  const deliver = async (event: (typeof deliveries)[number], timed: boolean) => {
    const payload = JSON.stringify(event);
    const t = performance.now();
    const res = await fetch(hook, {
      method: "POST",
      headers: { "Stripe-Signature": sdk.webhooks.generateTestHeaderString({ payload, secret }) },
      body: payload,
    });
    if (timed) hookLatencies.push(performance.now() - t);
    const outcome = res.ok ? ((await res.json()) as { outcome: string }).outcome : `http ${res.status}`;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  };
  // Latency: one at a time, so the figure is the webhook's own cost, not queueing.
  const sequential = deliveries.splice(0, Math.min(30, Math.floor(deliveries.length / 3)));
  for (const event of sequential) await deliver(event, true);
  // Throughput: the rest, ten at a time.
  const hookStarted = performance.now();
  const concurrent = deliveries.length;
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < deliveries.length) await deliver(deliveries[next++], false);
    }),
  );
  const hookSeconds = (performance.now() - hookStarted) / 1000;
  hookLatencies.sort((a, b) => a - b);
  // The raw transaction a completion writes: marker, payment, posting + 6 lines, enrolment update.
  const rawTx = await timeIt(Math.min(N, 300), () =>
    ddb().send(
      new TransactWriteCommand({
        TransactItems: Array.from({ length: 9 }, (_, i) => ({
          Put: {
            TableName: tableName(),
            Item: { pk: `BENCH#${ulid()}`, sk: `L${i}`, amount: 1234, memo: "x".repeat(80) },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        })),
      }),
    ),
  );
  console.log();
  row(`Webhooks (10% duplicates)`, "p50 ms", "p99 ms", "÷ raw tx");
  row(
    `  ${sequential.length} delivered one at a time`,
    f(hookLatencies[Math.floor(hookLatencies.length / 2)]),
    f(hookLatencies[hookLatencies.length - 1]),
    f(hookLatencies[Math.floor(hookLatencies.length / 2)] / rawTx.p50),
  );
  row(`  raw TransactWriteItems (9 puts)`, f(rawTx.p50), f(rawTx.p99), "1.00");
  row(`  ${concurrent} delivered ten at a time`, `${f(concurrent / hookSeconds)} ev/s`, "", "");
  row(`  outcomes: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(", ")}`, "", "", "");
  stripeLocal.setWebhookUrl(hook);

  // Ledger reads with many payments: an offering's ledger and a host's account (decision 0018).
  const ledgerOffering = await benchLedger({ base, timeIt, row, f, ...ledgerOptions() });

  // The exchange: matching alone, then a whole round through the API (scripts/bench/exchange.ts).
  benchMatcher({ row, f });
  await benchRound({ base, row, f, applicants: exchangeApplicants });

  // Alert digests for 1 000 and 10 000 subscribers: time and DynamoDB reads (scripts/bench/digest.ts).
  await benchDigest({ row, f, sizes: digestSizes });

  // The API Lambda as it would ship: one minified ESM bundle.
  const bundle = await build({
    entryPoints: [resolve(root, "functions/src/lambda.ts")],
    bundle: true,
    minify: true,
    platform: "node",
    target: "node22",
    format: "esm",
    write: false,
    banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
  });
  const code = bundle.outputFiles[0].contents;
  console.log();
  row("API Lambda bundle (esbuild, minified)", "bytes", "gzip");
  row("functions/src/lambda.ts", kb(code.byteLength), kb(gzipSync(code).byteLength));

  // Web first load: what a phone downloads for each page, measured in Chromium.
  console.log();
  row("Web first load (budget 60 kB)", "transferred", "usable 3G ms", "÷ bytes time");
  // A participant in a running free cohort, to measure a lesson page as they see it.
  const learner = await People.findOrCreateByEmail("learner@example.org", { name: "Lucía", country: "BO" });
  const learnerActor = {
    kind: "person" as const,
    id: learner.id,
    email: learner.email,
    roles: ["participant" as const],
  };
  const openCohort = await Courses.addCohort(adminActor, course.id, {
    startDate: day(0),
    endDate: day(13),
    capacity: 30,
    enrolmentDeadline: day(7),
    prices: [],
  });
  const learnerEnrolment = await Courses.enrolInCohort(learnerActor, openCohort.id);
  const learnerSession = await Auth.issueSession(learner.id, learner.email);
  const pages: [string, boolean][] = [
    ["/es/", false],
    ["/es/courses", false],
    ["/es/exchange", false],
    [`/es/courses/${course.id}`, false],
    [`/es/learning/${encodeURIComponent(learnerEnrolment.id)}/1-1`, true],
    ["/es/profile", true],
    ["/fr/signin", false],
    ...(ledgerOffering.kind === "route"
      ? ([
          ["/es/routes", false],
          [`/es/routes/${ledgerOffering.offeringId}`, false],
          [`/es/hosts/${ledgerOffering.hostId}`, false],
        ] as [string, boolean][])
      : []),
  ];
  const browser = await launchChromium();
  try {
    for (const [path, signedIn] of pages) {
      const cells: string[] = [];
      for (const slow of [false, true]) {
        const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
        if (signedIn) await context.addCookies([{ name: "rutas_session", value: learnerSession.token, url: base }]);
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send("Network.enable");
        await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
        // Slow 3G as DevTools defines it: 400 ms RTT, 50 kB/s down.
        if (slow)
          await cdp.send("Network.emulateNetworkConditions", {
            offline: false,
            latency: 400,
            downloadThroughput: 50 * 1024,
            uploadThroughput: 50 * 1024,
          });
        let bytes = 0;
        cdp.on("Network.loadingFinished", (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength));
        const started = performance.now();
        await page.goto(base + path, { waitUntil: "load" });
        await page.waitForSelector("main h1", { state: "visible" }); // the page is usable: its content is drawn
        const usable = performance.now() - started;
        await page.waitForLoadState("networkidle");
        if (!slow) cells.push(kb(bytes));
        else cells.push(f(usable), f(usable / ((bytes / (50 * 1024)) * 1000)));
        await context.close();
      }
      row(`  ${path.length > 40 ? `${path.slice(0, 37)}…` : path}`, ...cells);
    }
  } finally {
    await browser.close();
  }
  console.log(
    "\n(usable: until the page's heading is drawn on emulated Slow 3G; ÷ bytes time: that over the time its bytes alone need at 50 kB/s. Each request also pays 400 ms RTT.)\n",
  );
} finally {
  await stack.stop();
}
