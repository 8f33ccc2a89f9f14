/**
 * The digest job: for each frequency whose current period has opened, the subscribers not yet
 * handled in it (one gsi1 query), every source read once for the widest window they need, then per
 * subscriber, in memory, what is new since their last digest in their topics and countries.
 *
 * Once per period, whatever runs at once: before sending, a subscriber's period is claimed by one
 * conditional UpdateItem on their subscription item (`lastPeriod <> <frequency>#<period>`, still
 * listed under this frequency), which also moves their listing past the period and their window's
 * start to this run's end. Only the run whose claim succeeds sends; a digest with nothing new is
 * claimed (so the subscriber is not read again this period) but not sent. If sending fails, the
 * claim is given back so a later run retries. Decision 0023.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { queryAll } from "../db/query";
import * as Mail from "../mail";
import * as People from "../people";
import { localeOf } from "../text";
import { renderDigest } from "./render";
import { DEFAULT_SOURCES, type DigestItem, type DigestSource } from "./sources";
import { type SendingFrequency, type Subscription, fromItem, periodIn } from "./subscriptions";
import { unsubscribeUrl } from "./token";

/** Digests go out from this hour (UTC) of their period's first day: early morning from Canada to the Andes. */
export const SEND_HOUR_UTC = 11;
/** Items younger than this are left to the next digest: a GSI (and a clock) may lag a little. */
export const SETTLE_MS = 60_000;
const DAY = 86_400_000;

export type Period = { frequency: SendingFrequency; key: string; start: Date; sendFrom: Date; length: number };

/** The day (UTC) or ISO week a moment falls in. */
export function periodOf(frequency: SendingFrequency, now: Date, sendHourUtc = SEND_HOUR_UTC): Period {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (frequency === "daily") {
    const start = new Date(midnight);
    return {
      frequency,
      key: start.toISOString().slice(0, 10),
      start,
      sendFrom: new Date(midnight + sendHourUtc * 3_600_000),
      length: DAY,
    };
  }
  const weekday = (now.getUTCDay() + 6) % 7; // Monday 0
  const monday = midnight - weekday * DAY;
  const thursday = new Date(monday + 3 * DAY); // the ISO week's year is its Thursday's
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return {
    frequency,
    key: `${year}-W${String(week).padStart(2, "0")}`,
    start: new Date(monday),
    sendFrom: new Date(monday + sendHourUtc * 3_600_000),
    length: 7 * DAY,
  };
}

/**
 * The subscriber's window starts at their last digest, or one period before they subscribed, but
 * never more than two periods back: someone back from months of `off` gets recent news, not a
 * backlog (and the run's one read of each source stays small).
 */
export function sinceOf(s: Subscription, p: Period): string {
  const own = s.lastDigestAt ?? new Date(Date.parse(s.createdAt) - p.length).toISOString();
  const earliest = new Date(p.start.getTime() - 2 * p.length).toISOString();
  return own > earliest ? own : earliest;
}

/** Whether an item is for this subscriber: in their window, one of their topics and countries. */
export function matches(item: DigestItem, s: Subscription, since: string, until: string): boolean {
  if (item.at <= since || item.at > until) return false;
  if (s.topics.length && !item.topics.some((t) => (s.topics as string[]).includes(t))) return false;
  if (s.countries.length && item.countries.length && !item.countries.some((c) => s.countries.includes(c))) return false;
  return true;
}

/** A subscriber's items: matching, oldest first, a new offer's reminder left out beside the offer itself. */
export function select(all: DigestItem[], s: Subscription, since: string, until: string): DigestItem[] {
  const mine = all.filter((i) => matches(i, s, since, until));
  const newOffers = new Set(mine.filter((i) => i.kind === "exchange_offer").map((i) => i.id));
  return mine
    .filter((i) => !(i.kind === "exchange_deadline" && newOffers.has(i.id)))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

type Claim = { claim: string; previous: Subscription };

/** The conditional write that makes a period's digest happen once (see the module comment). */
async function claim(s: Subscription, p: Period, until: string): Promise<Claim | null> {
  const claimed = `${p.frequency}#${p.key}`;
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.subscription(s.personId),
        UpdateExpression: "SET lastPeriod = :claim, lastDigestAt = :until, gsi1sk = :sk",
        ConditionExpression:
          "gsi1pk = :listed AND frequency = :f AND (attribute_not_exists(lastPeriod) OR lastPeriod <> :claim)",
        ExpressionAttributeValues: {
          ":claim": claimed,
          ":until": until,
          ":sk": keys.subscriptionDue(p.frequency, p.key, s.personId).gsi1sk,
          ":listed": keys.subscribersPartition(p.frequency),
          ":f": p.frequency,
        },
      }),
    );
    return { claim: claimed, previous: s };
  } catch (err) {
    if ((err as Error).name === "ConditionalCheckFailedException") return null; // another run has it, or they left
    throw err;
  }
}

/** Gives a claim back after a failed send, so the next run tries again (best effort). */
async function release(c: Claim, p: Period): Promise<void> {
  const s = c.previous;
  const previousPeriod = s.lastPeriod;
  const sk = keys.subscriptionDue(p.frequency, periodIn(p.frequency, previousPeriod), s.personId).gsi1sk;
  const sets = ["gsi1sk = :sk", ...(previousPeriod ? ["lastPeriod = :prev"] : [])];
  const removes = previousPeriod ? [] : ["lastPeriod"];
  if (s.lastDigestAt) sets.push("lastDigestAt = :at");
  else removes.push("lastDigestAt");
  await ddb()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.subscription(s.personId),
        UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
        ConditionExpression: "lastPeriod = :claim AND gsi1pk = :listed",
        ExpressionAttributeValues: {
          ":claim": c.claim,
          ":sk": sk,
          ":listed": keys.subscribersPartition(p.frequency),
          ...(previousPeriod ? { ":prev": previousPeriod } : {}),
          ...(s.lastDigestAt ? { ":at": s.lastDigestAt } : {}),
        },
      }),
    )
    .catch(() => undefined);
}

export type DigestOptions = {
  now: Date;
  sources?: DigestSource[];
  sendHourUtc?: number;
  settleMs?: number;
  /** Digests sent at once (keep it within the SES account's sending rate). */
  concurrency?: number;
  /**
   * No new subscriber is started after this long: the job's Lambda has 60 s and SES a sending rate,
   * and whoever is left stays due for the next run, 5 minutes later.
   */
  budgetMs?: number;
};
export const DIGEST_BUDGET_MS = 40_000;
export type DigestReport = {
  due: number;
  sent: number;
  empty: number;
  /** Claimed by another run at the same time, or unsubscribed meanwhile. */
  skipped: number;
  failed: number;
  /** Items the sources returned in this run, all subscribers together. */
  sourceItems: number;
  /** Due subscribers left for the next run when the time budget ran out. */
  left: number;
};

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** One run of the digest job (both frequencies). Safe to run twice, or twice at once. */
export async function runDigests(opts: DigestOptions): Promise<DigestReport> {
  const report: DigestReport = { due: 0, sent: 0, empty: 0, skipped: 0, failed: 0, sourceItems: 0, left: 0 };
  const stopAt = performance.now() + (opts.budgetMs ?? DIGEST_BUDGET_MS);
  const errors: string[] = [];
  for (const frequency of ["daily", "weekly"] as const) {
    const p = periodOf(frequency, opts.now, opts.sendHourUtc);
    if (opts.now < p.sendFrom) continue;
    const due = (
      await queryAll({
        TableName: tableName(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p AND gsi1sk < :period",
        ExpressionAttributeValues: { ":p": keys.subscribersPartition(frequency), ":period": p.key },
      })
    ).map(fromItem);
    if (!due.length) continue;
    report.due += due.length;
    const until = new Date(opts.now.getTime() - (opts.settleMs ?? SETTLE_MS)).toISOString();
    const since = due.map((s) => sinceOf(s, p)).reduce((a, b) => (a < b ? a : b));
    const window = { since, until, now: opts.now };
    // A failing source fails the run before anyone is claimed: nothing is skipped silently.
    const all = (await Promise.all((opts.sources ?? DEFAULT_SOURCES).map((s) => s.read(window)))).flat();
    report.sourceItems += all.length;
    const people = await People.getMany(due.map((s) => s.personId));
    await pool(due, opts.concurrency ?? 16, async (s) => {
      if (performance.now() > stopAt) return void report.left++;
      const person = people.get(s.personId);
      const items = select(all, s, sinceOf(s, p), until);
      const claimed = await claim(s, p, until);
      if (!claimed) return void report.skipped++;
      if (!items.length || !person) return void report.empty++;
      try {
        const locale = localeOf(person.languages);
        await Mail.send(
          renderDigest({ to: person.email, locale, frequency, items, unsubscribeUrl: unsubscribeUrl(s.personId) }),
        );
        report.sent++;
      } catch (err) {
        report.failed++;
        errors.push(`${s.personId}: ${(err as Error).name}: ${(err as Error).message}`);
        await release(claimed, p);
      }
    });
  }
  if (errors.length)
    throw new Error(
      `${errors.length} digest(s) not sent (they are retried next run): ${errors.slice(0, 3).join("; ")}`,
    );
  return report;
}
