/**
 * Bench section: ledger reads with many payments. An offering's ledger (every line of its
 * payments, by its gsi1 partition) and a party's account (a host's statement: the lines of
 * `host:<id>` in one currency), each against the raw DynamoDB queries it makes.
 * The offering kind is a parameter (BENCH_LEDGER_KIND, default "route"): only `createOffering`
 * and `SEGMENTS` know the kinds.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  Actor,
  Auth,
  Courses,
  Hosts,
  Institutions,
  Ledger,
  LearningRoutes,
  People,
  type PersonActor,
} from "@rutas/core";
import { ddb, tableName } from "@rutas/core/db/client";
import { keys, type OfferingKind } from "@rutas/core/db/keys";
import { transact } from "@rutas/core/db/transact";

type Stats = { p50: number; p99: number; n: number };
type TimeIt = (n: number, fn: () => Promise<unknown>) => Promise<Stats>;
type Row = (...cells: string[]) => void;

/** The API path segment of each kind's ledger (`/api/<segment>/:id/ledger`). */
const SEGMENTS: Record<string, string> = { cohort: "cohorts", route: "routes", publication: "publications" };

/** A new offering of `kind` belonging to `institutionId`, administered by `admin`. */
async function createOffering(
  kind: OfferingKind,
  institutionId: string,
  admin: PersonActor,
  hostId: string,
): Promise<string> {
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  switch (kind) {
    case "cohort": {
      const course = await Courses.create(admin, {
        institutionId,
        title: { es: "Ruta del agua", en: "Water route" },
        summary: { es: "Qochas y riego.", en: "Reservoirs and irrigation." },
        topics: ["community-natural-resources"],
        language: "es",
        modules: [{ title: "Uno", lessons: [{ title: "Una", body: "Texto." }] }],
      });
      await Courses.publish(admin, course.id);
      const cohort = await Courses.addCohort(admin, course.id, {
        startDate: day(0),
        endDate: day(13),
        capacity: 5000,
        enrolmentDeadline: day(7),
        prices: [{ group: "standard", amount: 12000, currency: "CAD" }],
      });
      return cohort.id;
    }
    case "route": {
      const route = await LearningRoutes.create(admin, {
        institutionId,
        title: { es: "Ruta del agua", en: "Water route" },
        theme: "community-natural-resources",
        countries: ["PE"],
        startDate: day(10),
        endDate: day(13),
        capacity: 5000,
        stops: [{ day: 1, hostId, place: "Apurímac", title: { es: "Qochas" } }],
        prices: [{ group: "standard", amount: 12000, currency: "CAD" }],
        feeShares: [
          { party: `host:${hostId}`, basisPoints: 6000 },
          { party: `institution:${institutionId}`, basisPoints: 2500 },
          { party: "operator", basisPoints: 1000 },
          { party: "solidarity_fund", basisPoints: 500 },
        ],
      });
      await LearningRoutes.publish(admin, route.id);
      return route.id;
    }
    default:
      throw new Error(`bench-ledger: no builder for offering kind "${kind}" yet (scripts/lib/bench-ledger.ts)`);
  }
}

/** Raw: every page of one Query, as the report does. */
async function rawQueryAll(input: { IndexName?: string; key: string; value: string }) {
  let start: Record<string, unknown> | undefined;
  let items = 0;
  do {
    const page = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: input.IndexName,
        KeyConditionExpression: `${input.key} = :p`,
        ExpressionAttributeValues: { ":p": input.value },
        ExclusiveStartKey: start,
        ...(input.IndexName ? {} : { ConsistentRead: true }),
      }),
    );
    items += page.Items?.length ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function benchLedger(opts: {
  base: string;
  timeIt: TimeIt;
  row: Row;
  f: (x: number) => string;
  kind: OfferingKind;
  payments: number;
  n: number;
}) {
  const { base, timeIt, row, f, kind, payments, n } = opts;
  const segment = SEGMENTS[kind];
  if (!segment) throw new Error(`bench-ledger: unknown ledger path for kind "${kind}"`);
  const inst = await Institutions.create(Actor.system, {
    name: "Bench Ledger University",
    country: "PE",
    type: "university",
  });
  const adminEmail = `bench-ledger-${inst.id.toLowerCase()}@example.org`;
  await Institutions.addMember(Actor.system, inst.id, { email: adminEmail, role: "admin" });
  const adminPerson = await People.findOrCreateByEmail(adminEmail);
  const admin: PersonActor = { kind: "person", id: adminPerson.id, email: adminPerson.email, roles: ["participant"] };
  const { token } = await Auth.issueSession(adminPerson.id, adminPerson.email);
  const host = await Hosts.create(Actor.system, { name: "Comunidad Bench", kind: "organisation", country: "PE" });
  const offeringId = await createOffering(kind, inst.id, admin, host.id);
  const plan = [
    { party: `host:${host.id}`, basisPoints: 6000 },
    { party: `institution:${inst.id}`, basisPoints: 2500 },
    { party: "operator", basisPoints: 1000 },
    { party: "solidarity_fund", basisPoints: 500 },
  ];
  // The payments as the webhook posts them (posting, lines, balance items), without Stripe.
  const writeStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < payments) {
        const i = next++;
        const posting = Ledger.newPosting({
          kind: "payment",
          currency: "CAD",
          lines: Ledger.paymentLines(12000, 378, plan),
          memo: `Bench payment ${i}`,
          offering: { kind, id: offeringId },
          institutionId: inst.id,
          enrolmentId: `bench-${i}`,
          paymentIntentId: `pi_bench_${i}`,
        });
        const out = await transact(Ledger.postingWrites(posting));
        if (!out.ok) throw new Error("bench-ledger: a posting failed");
      }
    }),
  );
  const writeSeconds = (performance.now() - writeStarted) / 1000;
  const get = (path: string) => async () => {
    const res = await fetch(base + path, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${path} → ${res.status}`);
    await res.arrayBuffer();
  };

  console.log();
  row(`Ledger reads, ${payments} payments on a ${kind}`, "p50 ms", "p99 ms", "÷ raw queries");
  row(`  ${payments} postings written 8 at a time`, `${f(payments / writeSeconds)} /s`, "", "");
  const offeringPartition = keys.offeringLedgerPartition(kind, offeringId);
  const lines = await rawQueryAll({ IndexName: "gsi1", key: "gsi1pk", value: offeringPartition });
  const rawOffering = await timeIt(n, () =>
    rawQueryAll({ IndexName: "gsi1", key: "gsi1pk", value: offeringPartition }),
  );
  row(`  raw Query gsi1 (${lines} lines, all pages)`, f(rawOffering.p50), f(rawOffering.p99), "1.00");
  const offering = await timeIt(n, get(`/api/${segment}/${offeringId}/ledger`));
  row(`  GET /api/${segment}/:id/ledger`, f(offering.p50), f(offering.p99), f(offering.p50 / rawOffering.p50));

  const account = keys.ledgerAccountPartition(`host:${host.id}`, "CAD");
  const hostLines = await rawQueryAll({ key: "pk", value: account });
  const rawAccount = await timeIt(n, () => rawQueryAll({ key: "pk", value: account }));
  row(`  raw Query account host (${hostLines} lines)`, f(rawAccount.p50), f(rawAccount.p99), "1.00");
  // The statement as a member of the host reads it (membership check, currencies, lines, titles).
  const memberEmail = `bench-host-${host.id.toLowerCase()}@example.org`;
  await Hosts.addMember(Actor.system, host.id, { email: memberEmail });
  const member = await People.findOrCreateByEmail(memberEmail);
  const memberToken = (await Auth.issueSession(member.id, member.email)).token;
  const statementPath = `/api/hosts/${host.id}/statement?currency=CAD`;
  const s = await timeIt(n, async () => {
    const res = await fetch(base + statementPath, { headers: { Authorization: `Bearer ${memberToken}` } });
    if (!res.ok) throw new Error(`${statementPath} → ${res.status}`);
    await res.arrayBuffer();
  });
  row(`  GET /api/hosts/:id/statement`, f(s.p50), f(s.p99), f(s.p50 / rawAccount.p50));
  const balance = await timeIt(n, () => Ledger.partyBalance(`host:${host.id}`, "CAD"));
  row(`  core partyBalance (one GetItem)`, f(balance.p50), f(balance.p99), f(balance.p50 / rawAccount.p50));
  return { kind, offeringId, hostId: host.id };
}
