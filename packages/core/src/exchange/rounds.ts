/**
 * Matching rounds: the platform admin runs `stableMatch` over the open offers (their remaining
 * places and rankings) and the applicants not yet placed. A round stores the algorithm, the sha256
 * of its published (pseudonymised, canonical) input, the outcome, one placement per applicant
 * (what they got and why not better) and one entry per offer (why each place went where).
 *
 * A later round is the "second round": it runs among applicants who were never placed, over
 * the places nobody holds — a place is held once accepted, or while its holder may still answer.
 * Whoever declined or let the answer date pass takes no further part.
 *
 * One round runs at a time: the run holds a lock item that also carries its progress.
 * See docs/decisions/0019-exchange-matching.md.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { type Actor, requirePlatformAdmin } from "../actor";
import * as Audit from "../audit";
import { putAll } from "../db/batch";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { queryAll } from "../db/query";
import { transact } from "../db/transact";
import { Conflict, Invalid, NotFound } from "../errors";
import { type MatchInput, blockingPairs, stableMatch } from "./match";
import type { Offer } from "./offers";
import {
  ALGORITHM,
  type OfferEntry,
  type Reason,
  inputDigest,
  offerEntries,
  pseudonyms,
  publicInput,
  publicOutcome,
  reasons,
} from "./round";
import { allApplications } from "./store";

export type RoundSummary = {
  id: string;
  ranAt: string;
  algorithm: string;
  inputDigest: string;
  applicants: number;
  offers: number;
  matched: number;
  stable: boolean;
  /** The last day assigned applicants may accept or decline. */
  respondBy: string;
};
export type RoundView = RoundSummary & { input: MatchInput; outcome: Record<string, string | null> };

export type PlacementStatus = "assigned" | "unassigned" | "accepted" | "declined";
/** One applicant's result in one round. */
export type Placement = {
  roundId: string;
  ranAt: string;
  personId: string;
  offerId: string | null;
  status: PlacementStatus;
  respondBy: string;
  /** Why not each offer they ranked above the one they got. */
  reasons: Reason[];
  answeredAt?: string;
};
/** One offer's part of a round: its places in that round and everyone who listed it. */
export type RoundOffer = { roundId: string; ranAt: string; offerId: string; places: number; entries: OfferEntry[] };

export type Progress =
  | { state: "idle" }
  | {
      state: "running";
      phase: "reading" | "matching" | "writing" | "mailing";
      done: number;
      total: number;
      startedAt: string;
    };

const today = () => new Date().toISOString().slice(0, 10);
const addDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
/** Assigned and the answer date has passed: the place is free again and the person is out. */
export const lapsed = (p: Pick<Placement, "status" | "respondBy">, day = today()) =>
  p.status === "assigned" && day > p.respondBy;
/** A stale lock (a run that died) stops blocking after this long. */
const LOCK_MINUTES = 15;
/** DynamoDB items hold at most 400 KB; the published JSON is cut well below that. */
const PART_CHARS = 300_000;

const strip = <T>({ pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, type: _t, ...rest }: Record<string, unknown>) =>
  rest as T;

async function openOffers(): Promise<Offer[]> {
  const items = await queryAll({
    TableName: tableName(),
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :p",
    FilterExpression: "#status = :open",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":p": keys.exchangeOffersPartition(), ":open": "open" },
  });
  return items.map((i) => strip<Offer>(i));
}

/** Every round's summary, newest first (public). */
export async function list(): Promise<RoundSummary[]> {
  const items = await queryAll({
    TableName: tableName(),
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :p",
    ExpressionAttributeValues: { ":p": keys.exchangeRoundsPartition() },
    ScanIndexForward: false,
  });
  return items.map((i) => strip<RoundSummary>(i));
}

/** Every placement of a round. */
export const placementsOf = (roundId: string) =>
  queryAll({
    TableName: tableName(),
    KeyConditionExpression: "pk = :p AND begins_with(sk, :s)",
    ExpressionAttributeValues: { ":p": keys.exchangeRound(roundId).pk, ":s": keys.exchangePlacementPrefix() },
  }).then((items) => items.map((i) => strip<Placement>(i)));

/** What earlier rounds leave for the next: who is out, and how many places each offer still has held. */
async function earlierPlacements() {
  const rounds = await list();
  const placements = (await Promise.all(rounds.map((r) => placementsOf(r.id)))).flat();
  const out = new Set<string>();
  const held = new Map<string, number>();
  for (const p of placements) {
    if (p.status !== "unassigned") out.add(p.personId);
    if (p.offerId && (p.status === "accepted" || (p.status === "assigned" && !lapsed(p))))
      held.set(p.offerId, (held.get(p.offerId) ?? 0) + 1);
  }
  return { out, held };
}

async function lock(startedAt: string): Promise<void> {
  const stale = new Date(Date.now() - LOCK_MINUTES * 60_000).toISOString();
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.exchangeRoundLock(), phase: "reading", done: 0, total: 0, startedAt },
        ConditionExpression: "attribute_not_exists(pk) OR startedAt < :stale",
        ExpressionAttributeValues: { ":stale": stale },
      }),
    );
  } catch (err) {
    if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
    throw new Conflict("A matching round is already running; wait for it to finish.", "round_running");
  }
}

const report = async (phase: string, done: number, total: number): Promise<void> => {
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.exchangeRoundLock(),
      UpdateExpression: "SET phase = :p, done = :d, #total = :t",
      ExpressionAttributeNames: { "#total": "total" },
      ExpressionAttributeValues: { ":p": phase, ":d": done, ":t": total },
    }),
  );
};

/** The running round's phase and count, or idle (platform admin: the web's progress bar). */
export async function progress(actor: Actor): Promise<Progress> {
  requirePlatformAdmin(actor);
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.exchangeRoundLock() }));
  const stale = new Date(Date.now() - LOCK_MINUTES * 60_000).toISOString();
  if (!out.Item || out.Item.startedAt < stale) return { state: "idle" };
  const { phase, done, total, startedAt } = out.Item as Extract<Progress, { state: "running" }>;
  return { state: "running", phase, done, total, startedAt };
}

export type RunOptions = {
  respondBy?: string;
  /** Told after the round is stored, with its placements (e-mails; exchange/mails.ts). */
  notify?: (
    round: RoundSummary,
    placements: Placement[],
    offers: Offer[],
    onSent: (n: number) => Promise<void>,
  ) => Promise<void>;
};

export async function run(
  actor: Actor,
  options: RunOptions = {},
): Promise<{ id: string; assignments: Record<string, string | null>; inputDigest: string; respondBy: string }> {
  requirePlatformAdmin(actor);
  const respondBy = options.respondBy ?? addDays(7);
  if (respondBy < today())
    throw new Invalid("Invalid round.", [{ path: "respondBy", message: "The answer date cannot be in the past." }]);
  const ranAt = new Date().toISOString();
  await lock(ranAt);
  try {
    const [offers, applications, earlier] = await Promise.all([openOffers(), allApplications(), earlierPlacements()]);
    await report("matching", 0, applications.length);
    const places = new Map(offers.map((o) => [o.id, o.capacity - (earlier.held.get(o.id) ?? 0)]));
    const inRound = offers.filter((o) => places.get(o.id)! > 0);
    const offerIds = new Set(inRound.map((o) => o.id));
    const applicants = applications.filter((a) => !earlier.out.has(a.personId));
    const personIds = new Set(applicants.map((a) => a.personId));
    const byId = (x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : 1);
    const real: MatchInput = {
      applicants: applicants
        .map((a) => ({ id: a.personId, ranking: a.ranking.filter((id) => offerIds.has(id)) }))
        .sort(byId),
      offers: inRound
        .map((o) => ({
          id: o.id,
          capacity: places.get(o.id)!,
          ranking: (o.ranking ?? []).filter((p) => personIds.has(p)),
        }))
        .sort(byId),
    };
    const { assignments } = stableMatch(real);
    const names = pseudonyms(real);
    const input = publicInput(real, names);
    const outcome = publicOutcome(assignments, names);
    const id = ulid();
    const summary: RoundSummary = {
      id,
      ranAt,
      algorithm: ALGORITHM,
      inputDigest: inputDigest(input),
      applicants: real.applicants.length,
      offers: real.offers.length,
      matched: Object.values(assignments).filter((o) => o !== null).length,
      stable: blockingPairs(real, assignments).length === 0,
      respondBy,
    };

    // Reasons read each applicant's whole ranking, so an offer closed or full before the round is named too.
    const placements: Placement[] = applicants.map((a) => {
      const offerId = assignments[a.personId] ?? null;
      const why = reasons(
        { applicants: [{ id: a.personId, ranking: a.ranking }], offers: real.offers },
        assignments,
        a.personId,
      );
      return {
        roundId: id,
        ranAt,
        personId: a.personId,
        offerId,
        status: offerId ? "assigned" : "unassigned",
        respondBy,
        reasons: why,
      };
    });
    const published = JSON.stringify({ input, outcome });
    const parts = Array.from({ length: Math.ceil(published.length / PART_CHARS) }, (_, n) => ({
      ...keys.exchangeRoundPart(id, n),
      type: "ExchangeRoundPart",
      json: published.slice(n * PART_CHARS, (n + 1) * PART_CHARS),
    }));
    const items = [
      ...parts,
      ...real.offers.map((o) => ({
        ...keys.exchangeRoundOffer(id, o.id, ranAt),
        type: "ExchangeRoundOffer",
        roundId: id,
        ranAt,
        offerId: o.id,
        places: o.capacity,
        entries: offerEntries(real, assignments, o.id),
      })),
      ...placements.map((p) => ({ ...keys.exchangePlacement(id, p.personId, ranAt), type: "ExchangePlacement", ...p })),
    ];
    await report("writing", 0, items.length);
    await putAll(items, (n) => (n % 500 === 0 || n === items.length ? report("writing", n, items.length) : undefined));
    // The round's summary last: a round is listed only once all its parts are stored.
    await transact([
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.exchangeRound(id),
            ...keys.exchangeRoundListing(ranAt, id),
            type: "ExchangeRound",
            ...summary,
            parts: parts.length,
          },
        },
      },
      Audit.write(actor, {
        action: "matching_round.run",
        target: { kind: "matching_round", id },
        details: {
          applicants: summary.applicants,
          offers: summary.offers,
          matched: summary.matched,
          digest: summary.inputDigest,
        },
      }),
    ]);
    if (options.notify) {
      await report("mailing", 0, placements.length);
      await options.notify(summary, placements, offers, (n) => report("mailing", n, placements.length));
    }
    return { id, assignments, inputDigest: summary.inputDigest, respondBy };
  } finally {
    await ddb().send(new DeleteCommand({ TableName: tableName(), Key: keys.exchangeRoundLock() }));
  }
}

/** A round's summary; NotFound when there is none. */
export async function summaryOf(id: string): Promise<RoundSummary & { parts: number }> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.exchangeRound(id) }));
  if (!out.Item) throw new NotFound("Matching round");
  return strip(out.Item);
}

/** A round's public audit view: counts, digest, stability, pseudonymised input and outcome. */
export async function get(id: string): Promise<RoundView> {
  const { parts: _parts, ...summary } = await summaryOf(id);
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: "pk = :p AND begins_with(sk, :s)",
    ExpressionAttributeValues: { ":p": keys.exchangeRound(id).pk, ":s": keys.exchangeRoundPartPrefix() },
  });
  const { input, outcome } = JSON.parse(items.map((i) => i.json as string).join("")) as Pick<
    RoundView,
    "input" | "outcome"
  >;
  return { ...summary, input, outcome };
}

/** An offer's part of every round it took part in, newest first. */
export const offerRounds = (offerId: string) =>
  queryAll({
    TableName: tableName(),
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :p",
    ExpressionAttributeValues: { ":p": keys.exchangeRoundsOfOffer(offerId) },
    ScanIndexForward: false,
  }).then((items) => items.map((i) => strip<RoundOffer>(i)));

/** A person's latest placement (the round they last took part in), or null. */
export async function latestPlacement(personId: string): Promise<Placement | null> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :p",
      ExpressionAttributeValues: { ":p": keys.exchangePlacementsOfPerson(personId) },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  return out.Items?.[0] ? strip<Placement>(out.Items[0]) : null;
}
