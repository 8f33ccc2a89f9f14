/**
 * The public observatory (issue 12): what the programme has given and recovered, from the data,
 * with no personal data — only counts and sums leave this module.
 *
 * The figures read every published course and route, every enrolment of them, every host, every
 * institution's balances and every matching round: bounded by the size of the programme, not by a
 * request, so they are computed at most once per FRESH_MS into one snapshot item and a request reads
 * that one item. A lease on the snapshot lets one caller recompute while the others serve the last
 * snapshot. See docs/decisions/0022-demand-observatory-report.md.
 */
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { publishedCourses, mapLimit } from "../demand/supply";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { queryAll } from "../db/query";
import * as Institutions from "../institutions";
import * as Ledger from "../ledger";
import * as People from "../people";
import { placementsOf } from "../exchange/rounds";

export type Money = { amount: number; currency: string };
export type Observatory = {
  /** Published courses. */
  courses: number;
  /** Cohorts of published courses (past, running and to come). */
  cohorts: number;
  /** Distinct people with an active enrolment in a cohort or a route or an accepted exchange placement, by side. */
  participants: { north: number; south: number };
  /** Published Learning Routes. */
  routes: number;
  /** Hosts (rural organisations, local talents). */
  hosts: number;
  /** Exchange placements accepted by their participant, over every round. */
  exchangePlacements: number;
  /** Per currency: payments received less refunds, as the parties' ledger balances hold them. */
  recovered: Money[];
  computedAt: string;
};

export const FRESH_MS = 10 * 60_000;
const LEASE_MS = 60_000;
const CONCURRENCY = 16;

async function activePeople(kind: string, offeringId: string): Promise<string[]> {
  const items = await queryAll<{ personId: string }>({
    TableName: tableName(),
    KeyConditionExpression: "pk = :p AND begins_with(sk, :e)",
    FilterExpression: "#status = :active",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: {
      ":p": `${kind}#${offeringId}`,
      ":e": keys.enrolmentPrefix(),
      ":active": "active",
    },
    ProjectionExpression: "personId",
  });
  return items.map((i) => i.personId);
}

/** Computes every figure from the table (no snapshot). */
export async function compute(): Promise<Observatory> {
  const [courses, routeItems, hostItems, institutions, rounds] = await Promise.all([
    publishedCourses(),
    queryAll<{ id: string }>({
      TableName: tableName(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :p",
      ExpressionAttributeValues: { ":p": keys.routesPartition() },
      ProjectionExpression: "id",
    }),
    queryAll<{ id: string }>({
      TableName: tableName(),
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :p",
      ExpressionAttributeValues: { ":p": keys.allHostsPartition() },
      ProjectionExpression: "id",
    }),
    Institutions.list(),
    queryAll<{ id: string }>({
      TableName: tableName(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :p",
      ExpressionAttributeValues: { ":p": keys.exchangeRoundsPartition() },
      ProjectionExpression: "id",
    }),
  ]);
  const cohortIds = await mapLimit(courses, CONCURRENCY, async (c) =>
    (
      await queryAll<{ id: string }>({
        TableName: tableName(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p",
        ExpressionAttributeValues: { ":p": keys.courseCohortsPartition(c.id) },
        ProjectionExpression: "id",
      })
    ).map((k) => k.id),
  ).then((l) => l.flat());
  const offerings = [
    ...cohortIds.map((id) => keys.offeringPartition("cohort", id)),
    ...routeItems.map((r) => keys.offeringPartition("route", r.id)),
  ];
  const enrolled = await mapLimit(offerings, CONCURRENCY, (pk) => {
    const [kind, ...rest] = pk.split("#");
    return activePeople(kind, rest.join("#"));
  });
  const accepted = await mapLimit(rounds, CONCURRENCY, async (r) =>
    (await placementsOf(r.id)).filter((p) => p.status === "accepted").map((p) => p.personId),
  );
  const people = await People.getMany([...new Set([...enrolled.flat(), ...accepted.flat()])]);
  const participants = { north: 0, south: 0 };
  for (const p of people.values()) {
    const side = People.sideOf(p.country);
    if (side) participants[side]++;
  }
  const parties = [
    "operator",
    "solidarity_fund",
    ...institutions.map((i) => `institution:${i.id}`),
    ...hostItems.map((h) => `host:${h.id}`),
  ];
  const balances = await mapLimit(parties, CONCURRENCY, (p) => Ledger.balancesOfParty(p));
  const recovered = new Map<string, number>();
  for (const b of balances.flat()) recovered.set(b.currency, (recovered.get(b.currency) ?? 0) + b.owed);
  return {
    courses: courses.length,
    cohorts: cohortIds.length,
    participants,
    routes: routeItems.length,
    hosts: hostItems.length,
    exchangePlacements: accepted.reduce((n, k) => n + k.length, 0),
    recovered: [...recovered]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amount]) => ({ amount, currency })),
    computedAt: new Date().toISOString(),
  };
}

/** Recomputes and stores the snapshot. */
export async function refresh(): Promise<Observatory> {
  const figures = await compute();
  await ddb().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.observatorySnapshot(), type: "ObservatorySnapshot", figures, computedAt: figures.computedAt },
    }),
  );
  return figures;
}

/** The public figures: the snapshot while fresh, else recomputed by one caller under a lease. */
export async function get(now = Date.now()): Promise<Observatory> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.observatorySnapshot() }));
  const snap = out.Item?.figures as Observatory | undefined;
  if (snap && now - Date.parse(snap.computedAt) < FRESH_MS) return snap;
  if (snap) {
    try {
      await ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.observatorySnapshot(),
          UpdateExpression: "SET leaseUntil = :until",
          ConditionExpression: "attribute_not_exists(leaseUntil) OR leaseUntil < :now",
          ExpressionAttributeValues: { ":until": now + LEASE_MS, ":now": now },
        }),
      );
    } catch (err) {
      if ((err as Error).name === "ConditionalCheckFailedException") return snap; // another caller refreshes
      throw err;
    }
  }
  return refresh();
}
