/**
 * DynamoDB Local HUNG (SIGSTOP: the process is stuck, its sockets stay open — a stuck node or a
 * network partition looks the same to us) → every route answers 503 problem+json with Retry-After
 * within the per-call deadline, never a held request; a transaction caught in it either happened
 * or not (read back after SIGCONT); a scheduled run ends with a logged error and the next run
 * picks up. The bounds are the production defaults (decision 0015), not test values.
 */
import { Actor, Config, Courses, Enrolment, Jobs, People } from "@rutas/core";
import { ddbRaw } from "@rutas/core/db/client";
import { type LocalDynamo, startLocalDynamo } from "@rutas/core/db/local";
import { ensureTable } from "@rutas/core/db/table";
import { readFileSync } from "node:fs";
import { publishedCourseWithCohort } from "@rutas/core/testing/fixtures";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { handler as jobsHandler } from "./jobs";
import { testClient } from "./testing/client";

const { call, signIn } = testClient();
const budgets = Config.defaultBudgets();
/** A request may take the per-call deadline plus a little: 1.2 × is the goal written in 0015. */
const BOUND_MS = budgets.dynamoCallMs * 1.2;
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

let own: LocalDynamo;
let token: string;
let me: Actor.Actor;
let cohortId: string;
let paidCohortId: string;
let courseId: string;
let holder: Actor.Actor;

const state = () => readFileSync(`/proc/${own.process.pid}/stat`, "utf8").split(") ")[1]?.[0];
/** SIGSTOP, then wait until the kernel reports the process stopped (T) before sending anything. */
async function hang() {
  own.process.kill("SIGSTOP");
  for (let i = 0; i < 100 && state() !== "T"; i++) await new Promise((r) => setTimeout(r, 20));
  expect(state()).toBe("T");
}
const wake = () => own.process.kill("SIGCONT");

/** After SIGCONT the database first works through what queued up while it was stopped. */
async function answersAgain() {
  for (const until = Date.now() + 20_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    if ((await call("GET", "/api/health")).status === 200) return;
  }
  throw new Error("the database did not answer again within 20 s of SIGCONT");
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await fn();
  return [out, performance.now() - t];
}

beforeAll(async () => {
  own = await startLocalDynamo();
  // Set up with the local bounds (a busy machine must not fail the set-up); the tests use the defaults.
  Config.configure({ dynamoEndpoint: own.endpoint, tableName: "hung-test", budgets: Config.localStackBudgets() });
  await ensureTable(ddbRaw(), "hung-test");
  const session = await signIn("hung@example.org");
  token = session.token;
  me = { kind: "person", id: session.user.id, email: session.user.email, roles: ["participant"] };
  const free = await publishedCourseWithCohort({ capacity: 5 });
  const { admin, course } = free;
  courseId = course.id;
  cohortId = free.cohort.id;
  const cohort = { startDate: day(0), endDate: day(13), capacity: 5, enrolmentDeadline: day(7) };
  paidCohortId = (
    await Courses.addCohort(admin, course.id, {
      ...cohort,
      prices: (["standard", "reduced", "community"] as const).map((group) => ({
        group,
        amount: 5000,
        currency: "PEN",
      })),
    })
  ).id;
  const h = await People.findOrCreateByEmail("holder@example.org", { country: "PE" });
  holder = { kind: "person", id: h.id, email: h.email, roles: ["participant"] };
  Config.configure({ budgets });
  expect((await call("GET", "/api/health")).status).toBe(200);
}, 60_000);
afterAll(async () => {
  wake();
  await own?.stop();
});

function expectUnavailable(res: Awaited<ReturnType<typeof call>>) {
  expect(res.status).toBe(503);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(res.body).toMatchObject({ status: 503, title: "Service unavailable" });
}

describe("when the database hangs", () => {
  it("reads answer 503 with Retry-After within the deadline, and 200 again once it wakes", async () => {
    await hang();
    try {
      for (const path of ["/api/health", "/api/courses", `/api/courses/${courseId}`]) {
        const [res, ms] = await timed(() => call("GET", path, { token }));
        expectUnavailable(res);
        expect(ms, path).toBeLessThan(BOUND_MS);
      }
    } finally {
      wake();
    }
    await answersAgain();
    expect((await call("GET", "/api/courses")).status).toBe(200);
  });

  it("holds no request even when more arrive than there are sockets", async () => {
    await hang();
    try {
      const [all, ms] = await timed(() => Promise.all(Array.from({ length: 80 }, () => call("GET", "/api/health"))));
      for (const res of all) expectUnavailable(res);
      expect(ms).toBeLessThan(BOUND_MS);
    } finally {
      wake();
    }
    await answersAgain();
  });

  it("an enrolment caught in it either happened or not: read back after the database wakes", async () => {
    await hang();
    let res: Awaited<ReturnType<typeof call>>;
    let ms: number;
    try {
      [res, ms] = await timed(() => call("POST", `/api/cohorts/${cohortId}/enrolments`, { token }));
    } finally {
      wake();
    }
    expectUnavailable(res);
    expect(ms).toBeLessThan(BOUND_MS);
    // The stuck process may still apply what reached it before it stopped: wait for it to settle.
    await answersAgain();
    await new Promise((r) => setTimeout(r, 500));
    const mine = await Enrolment.listMine(me);
    const enrolled = mine.filter((e) => e.offeringId === cohortId && e.status === "active").length;
    const cohort = await Courses.getCohort(cohortId);
    // All or nothing: the seat is taken exactly when the enrolment exists.
    expect(cohort.seatsTaken).toBe(enrolled);
    // Trying again ends in one enrolment and one seat, whichever way the first attempt went.
    const again = await call("POST", `/api/cohorts/${cohortId}/enrolments`, { token });
    expect([201, 409]).toContain(again.status);
    expect((await Courses.getCohort(cohortId)).seatsTaken).toBe(1);
  });

  it("a scheduled run ends with a logged error within the deadline, and the next run picks up", async () => {
    const enrolment = await Courses.enrolInCohort(holder, paidCohortId);
    expect(enrolment.status).toBe("pending_payment");
    const later = new Date(Date.now() + 31 * 60_000);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    await hang();
    try {
      const [report, ms] = await timed(() => jobsHandler());
      expect(ms).toBeLessThan(BOUND_MS * Jobs.jobs.length);
      expect(report.ok).toBe(false);
      // The digest job reads the table only from its send hour, so whether it fails too depends on the clock.
      expect(report.failed).toContain("release-expired-holds");
      const logged = errors.mock.calls.map((args) => JSON.parse(String(args[0])));
      expect(logged).toContainEqual(expect.objectContaining({ level: "error", msg: "scheduled jobs failed" }));
      const [late] = await timed(() => Jobs.runScheduled({ now: later }));
      expect(late.results["release-expired-holds"]).toMatch(/^failed: /);
    } finally {
      wake();
      errors.mockRestore();
    }
    await answersAgain();
    const next = await Jobs.runScheduled({ now: later });
    expect(next).toMatchObject({ ok: true, results: { "release-expired-holds": 1 } });
    expect((await Enrolment.get(enrolment.id))?.status).not.toBe("pending_payment");
  });
});
