/**
 * Alert subscriptions: one item per person (`PERSON#<id>` / `SUBSCRIPTION`) saying which topics and
 * countries they want to hear about and how often. A subscriber of a frequency is listed in gsi1
 * under `DIGESTS#<frequency>` by the last period they were handled in, so the digest job reads only
 * those still due; `off` removes the listing (sparse index). Unsubscribing needs no sign-in: the
 * link carries an HMAC of the person's id (token.ts). Decision 0023.
 */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type Actor, requirePerson } from "../actor";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { Invalid } from "../errors";
import * as People from "../people";
import { isCountryCode } from "../people/countries";
import { type Locale, localeOf } from "../text";
import { type TopicId, isTopicId } from "../topics";
import { verifyUnsubscribeToken } from "./token";

export const FREQUENCIES = ["daily", "weekly", "off"] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export type SendingFrequency = Exclude<Frequency, "off">;
export const MAX_COUNTRIES = 50;

export type SubscriptionInput = { topics: string[]; countries: string[]; frequency: Frequency };
export type Subscription = {
  personId: string;
  /** Empty: every topic. */
  topics: TopicId[];
  /** Empty: every country (items without a country, such as online courses, match any list). */
  countries: string[];
  frequency: Frequency;
  createdAt: string;
  updatedAt: string;
  /** The end of the window the last digest covered: the next one lists what is newer. */
  lastDigestAt?: string;
  /** `<frequency>#<period>` of the last period handled (sent, or found with nothing new). */
  lastPeriod?: string;
};
/** What the API answers. */
export type SubscriptionView = Pick<Subscription, "topics" | "countries" | "frequency"> &
  Partial<Pick<Subscription, "createdAt" | "updatedAt" | "lastDigestAt">>;

export const view = (s: Subscription | null): SubscriptionView =>
  s
    ? {
        topics: s.topics,
        countries: s.countries,
        frequency: s.frequency,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
        ...(s.lastDigestAt ? { lastDigestAt: s.lastDigestAt } : {}),
      }
    : { topics: [], countries: [], frequency: "off" };

const FIELDS = [
  "personId",
  "topics",
  "countries",
  "frequency",
  "createdAt",
  "updatedAt",
  "lastDigestAt",
  "lastPeriod",
] as const satisfies readonly (keyof Subscription)[];

export const fromItem = (item: Record<string, unknown>): Subscription =>
  Object.fromEntries(FIELDS.filter((k) => item[k] !== undefined).map((k) => [k, item[k]])) as Subscription;

/** The period part of `lastPeriod` when it belongs to this frequency, else `0` (never handled). */
export const periodIn = (frequency: SendingFrequency, lastPeriod: string | undefined) =>
  lastPeriod?.startsWith(`${frequency}#`) ? lastPeriod.slice(frequency.length + 1) : "0";

export async function load(personId: string): Promise<Subscription | null> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.subscription(personId), ConsistentRead: true }),
  );
  return out.Item ? fromItem(out.Item) : null;
}

export async function mine(actor: Actor): Promise<SubscriptionView> {
  return view(await load(requirePerson(actor).id));
}

function validate(input: SubscriptionInput) {
  const errors: { path: string; message: string }[] = [];
  input.topics.forEach((t, i) => {
    if (!isTopicId(t)) errors.push({ path: `topics.${i}`, message: `Unknown topic ${t}.` });
  });
  input.countries.forEach((c, i) => {
    if (!isCountryCode(c)) errors.push({ path: `countries.${i}`, message: "Must be an ISO 3166-1 alpha-2 code." });
  });
  if (input.countries.length > MAX_COUNTRIES)
    errors.push({ path: "countries", message: `At most ${MAX_COUNTRIES} countries.` });
  if (!(FREQUENCIES as readonly string[]).includes(input.frequency))
    errors.push({ path: "frequency", message: `One of ${FREQUENCIES.join(", ")}.` });
  if (errors.length) throw new Invalid("Invalid subscription.", errors);
}

/**
 * Saves the actor's subscription (a whole replacement). The listing a digest reads moves with the
 * frequency; staying on the same frequency keeps its place, so saving twice in a day never makes
 * a second digest that day. `lastDigestAt` survives every change: nothing is listed twice.
 */
export async function save(actor: Actor, input: SubscriptionInput, attempt = 0): Promise<SubscriptionView> {
  const who = requirePerson(actor);
  validate(input);
  const current = await load(who.id);
  const now = new Date().toISOString();
  const next: Subscription = {
    ...(current ?? {}),
    personId: who.id,
    topics: [...new Set(input.topics)] as TopicId[],
    countries: [...new Set(input.countries)],
    frequency: input.frequency,
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
  };
  const listing =
    next.frequency === "off"
      ? null
      : keys.subscriptionDue(next.frequency, periodIn(next.frequency, current?.lastPeriod), who.id);
  const values: Record<string, unknown> = {
    ":type": "Subscription",
    ":personId": who.id,
    ":topics": next.topics,
    ":countries": next.countries,
    ":frequency": next.frequency,
    ":createdAt": next.createdAt,
    ":updatedAt": now,
  };
  let update =
    "SET #type = :type, personId = :personId, topics = :topics, countries = :countries, frequency = :frequency, " +
    "createdAt = :createdAt, updatedAt = :updatedAt";
  if (listing) {
    values[":gpk"] = listing.gsi1pk;
    values[":gsk"] = listing.gsi1sk;
    update += ", gsi1pk = :gpk, gsi1sk = :gsk";
  } else update += " REMOVE gsi1pk, gsi1sk";
  // The job may claim a period between the read and this write: the write is conditioned on the
  // item's state as read, and a lost race is retried from a fresh read.
  const condition = !current
    ? "attribute_not_exists(pk)"
    : current.lastPeriod
      ? "lastPeriod = :seen"
      : "attribute_exists(pk) AND attribute_not_exists(lastPeriod)";
  if (current?.lastPeriod) values[":seen"] = current.lastPeriod;
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.subscription(who.id),
        UpdateExpression: update,
        ConditionExpression: condition,
        ExpressionAttributeNames: { "#type": "type" },
        ExpressionAttributeValues: values,
      }),
    );
  } catch (err) {
    if ((err as Error).name === "ConditionalCheckFailedException" && attempt < 3)
      return save(actor, input, attempt + 1);
    throw err;
  }
  return view(next);
}

/** One-click unsubscribe (RFC 8058): the token is the authority; unsubscribing twice is fine. */
export async function unsubscribe(token: string): Promise<{ personId: string; frequency: "off" }> {
  const personId = verifyUnsubscribeToken(token);
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.subscription(personId),
        UpdateExpression: "SET frequency = :off, updatedAt = :now REMOVE gsi1pk, gsi1sk",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":off": "off", ":now": new Date().toISOString() },
      }),
    );
  } catch (err) {
    if ((err as Error).name !== "ConditionalCheckFailedException") throw err; // nothing to turn off
  }
  return { personId, frequency: "off" };
}

/** Whom an unsubscribe token names, and the language their page is shown in (a bad token: 400 `token`). */
export async function unsubscribeTarget(token: string): Promise<{ personId: string; locale: Locale }> {
  const personId = verifyUnsubscribeToken(token);
  const person = await People.get(personId);
  return { personId, locale: localeOf(person?.languages) };
}
