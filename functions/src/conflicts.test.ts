/**
 * Transaction conflicts on one cohort's seat counter: 100 people at once on 10 seats (the bench does 200 on 20). Conflicts are
 * retried with jittered backoff inside the retry budget and everyone gets an answer (seat or
 * queue); when the budget runs out the answer is 503 with Retry-After, never a 500, and the seat
 * counter still matches the enrolments (decision 0015).
 * DynamoDB Local serialises transactions and never reports a conflict, so the requests go through
 * a proxy that cancels a share of TransactWriteItems exactly as DynamoDB does (testing/dynamo-faults).
 */
import { Auth, Config, Courses, Enrolment, People } from "@rutas/core";
import { retryStats } from "@rutas/core/db/transact";
import { publishedCourseWithCohort } from "@rutas/core/testing/fixtures";
import { type DynamoFaults, startDynamoFaults } from "@rutas/core/testing/dynamo-faults";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testClient } from "./testing/client";

const { call } = testClient();
let faults: DynamoFaults;
let direct: string;

beforeAll(async () => {
  direct = Config.config().dynamoEndpoint!;
  faults = await startDynamoFaults(direct);
  Config.configure({ dynamoEndpoint: faults.endpoint });
});
afterAll(async () => {
  Config.configure({ dynamoEndpoint: direct });
  await faults?.close();
});

async function rush(people: number, seats: number, prefix: string) {
  const { cohort } = await publishedCourseWithCohort({ capacity: seats });
  const tokens = await Promise.all(
    Array.from({ length: people }, async (_, i) => {
      const p = await People.findOrCreateByEmail(`${prefix}${i}@example.org`);
      return (await Auth.issueSession(p.id, p.email)).token;
    }),
  );
  const before = { ...retryStats };
  faults.set({ conflict: 0.3, throttle: 0.05 });
  const answers = await Promise.all(
    tokens.map((token) => call("POST", `/api/cohorts/${cohort.id}/enrolments`, { token })),
  );
  faults.set({});
  const all = await Enrolment.listForOffering("cohort", cohort.id);
  const seated = all.filter((e) => Enrolment.HOLDING_SEAT.includes(e.status)).length;
  expect((await Courses.getCohort(cohort.id)).seatsTaken).toBe(seated);
  return {
    answers,
    seated,
    retries: retryStats.retries - before.retries,
    exhausted: retryStats.exhausted - before.exhausted,
  };
}

describe("transaction conflicts on one cohort", () => {
  it("retries them: 100 people on 10 seats all get a seat or a place in the queue", { timeout: 120_000 }, async () => {
    const out = await rush(100, 10, "conflict");
    expect(out.retries).toBeGreaterThan(0); // conflicts did happen, and were retried
    expect(faults.injected.conflicts).toBeGreaterThan(0);
    const statuses = out.answers.map((r) => r.status);
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    const kinds = out.answers.map((r) => r.body.status);
    expect(kinds.filter((k) => k === "active")).toHaveLength(10);
    expect(kinds.filter((k) => k === "waitlisted")).toHaveLength(90);
    expect(out.seated).toBe(10);
  });

  it(
    "past the retry budget answers 503 with Retry-After, not 500, and writes nothing half-way",
    { timeout: 120_000 },
    async () => {
      const saved = Config.config().budgets;
      Config.configure({ budgets: { ...saved, transactRetryMs: 1 } }); // the first conflict exhausts it
      try {
        const out = await rush(60, 40, "budget");
        expect(out.exhausted).toBeGreaterThan(0);
        const unavailable = out.answers.filter((r) => r.status === 503);
        expect(unavailable.length).toBe(out.exhausted);
        for (const r of unavailable) {
          expect(r.headers.get("content-type")).toBe("application/problem+json");
          expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
        }
        expect(out.answers.filter((r) => r.status !== 201 && r.status !== 503)).toEqual([]);
        expect(out.seated).toBe(out.answers.filter((r) => r.body.status === "active").length);
      } finally {
        Config.configure({ budgets: saved });
      }
    },
  );
});
