/**
 * Matching rounds: the platform admin runs `stableMatch` over every open offer (its capacity and
 * ranking) and every application (its ranking, restricted to those offers). The round stores the
 * algorithm, the sha256 of its published (pseudonymised, canonical) input and the outcome; its
 * public view carries no personal data, and anyone can re-run the published input.
 * See docs/decisions/0019-exchange-matching.md.
 */
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { type Actor, requirePlatformAdmin } from "../actor";
import * as Audit from "../audit";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { transact } from "../db/transact";
import { NotFound } from "../errors";
import type { Locale, Localized } from "../text";
import { type MatchInput, blockingPairs, stableMatch } from "./match";
import type { Offer } from "./offers";
import { ALGORITHM, explain, inputDigest, pseudonyms, publicInput, publicOutcome } from "./round";
import { allApplications } from "./store";

export type RoundView = {
  id: string;
  ranAt: string;
  algorithm: string;
  inputDigest: string;
  applicants: number;
  offers: number;
  matched: number;
  stable: boolean;
  input: MatchInput;
  outcome: Record<string, string | null>;
};
/** What the round keeps for applicants' explanations and never publishes. */
type StoredRound = RoundView & {
  real: MatchInput;
  assignments: Record<string, string | null>;
  titles: [string, Localized][];
};

async function openOffers(): Promise<Offer[]> {
  const items: Offer[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p",
        FilterExpression: "#status = :open",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":p": keys.exchangeOffersPartition(), ":open": "open" },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((out.Items ?? []) as Offer[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function run(
  actor: Actor,
): Promise<{ id: string; assignments: Record<string, string | null>; inputDigest: string }> {
  requirePlatformAdmin(actor);
  const [offers, applications] = await Promise.all([openOffers(), allApplications()]);
  const open = new Set(offers.map((o) => o.id));
  const real: MatchInput = {
    applicants: applications
      .map((a) => ({ id: a.personId, ranking: a.ranking.filter((id) => open.has(id)) }))
      .sort((x, y) => (x.id < y.id ? -1 : 1)),
    offers: offers
      .map((o) => ({ id: o.id, capacity: o.capacity, ranking: o.ranking ?? [] }))
      .sort((x, y) => (x.id < y.id ? -1 : 1)),
  };
  const { assignments } = stableMatch(real);
  const names = pseudonyms(real);
  const input = publicInput(real, names);
  const id = ulid();
  const round: StoredRound = {
    id,
    ranAt: new Date().toISOString(),
    algorithm: ALGORITHM,
    inputDigest: inputDigest(input),
    applicants: real.applicants.length,
    offers: real.offers.length,
    matched: Object.values(assignments).filter((o) => o !== null).length,
    stable: blockingPairs(real, assignments).length === 0,
    input,
    outcome: publicOutcome(assignments, names),
    real,
    assignments,
    titles: offers.map((o) => [o.id, o.title]),
  };
  await transact([
    { Put: { TableName: tableName(), Item: { ...keys.exchangeRound(id), type: "ExchangeRound", ...round } } },
    { Put: { TableName: tableName(), Item: { ...keys.latestExchangeRound(), roundId: id } } },
    Audit.write(actor, {
      action: "matching_round.run",
      target: { kind: "matching_round", id },
      details: {
        applicants: round.applicants,
        offers: round.offers,
        matched: round.matched,
        digest: round.inputDigest,
      },
    }),
  ]);
  return { id, assignments, inputDigest: round.inputDigest };
}

async function load(id: string): Promise<StoredRound | null> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.exchangeRound(id) }));
  return (out.Item as StoredRound | undefined) ?? null;
}

/** A round's public audit view: counts, digest, stability, pseudonymised input and outcome. */
export async function get(id: string): Promise<RoundView> {
  const r = await load(id);
  if (!r) throw new NotFound("Matching round");
  const { id: rid, ranAt, algorithm, applicants, offers, matched, stable, input, outcome } = r;
  return { id: rid, ranAt, algorithm, inputDigest: r.inputDigest, applicants, offers, matched, stable, input, outcome };
}

/** The latest round with its private part (core's own use: explanations). */
export async function latestPrivate(): Promise<(StoredRound & { titles: [string, Localized][] }) | null> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.latestExchangeRound() }));
  return out.Item ? load(out.Item.roundId as string) : null;
}

export const explainFor = (round: StoredRound, personId: string, label: (offerId: string, locale: Locale) => string) =>
  explain(round.real, round.assignments, personId, label);
