/**
 * The demand board (issue 12): a signed-in professional asks for a course on a topic in a language;
 * the public board shows, per topic × language, how many asked and how many open cohorts answer.
 *
 * Rules kept in the write (CONVENTIONS 5):
 * - one request per person per topic × language: the request item is Put with
 *   `attribute_not_exists` in the same transaction as the counter's `ADD requests 1`, so a repeat
 *   (or the same request 50 times at once) counts once and the counter always equals its items;
 * - an institution is told once per crossing: when a request finds the count at or above an
 *   alert's threshold, the e-mail goes only to the caller whose conditional write raises the
 *   institution × topic × language "notified at level" marker to that threshold.
 * See docs/decisions/0022-demand-observatory-report.md.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { type Actor, requirePerson } from "../actor";
import * as Audit from "../audit";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { queryAll } from "../db/query";
import { transact } from "../db/transact";
import { Invalid } from "../errors";
import * as Institutions from "../institutions";
import * as Mail from "../mail";
import * as People from "../people";
import { CONTENT_LANGUAGES, type Locale, isContentLanguage, localeOf } from "../text";
import { TOPIC_IDS, isTopicId, topics as TOPICS } from "../topics";
import { openCohorts } from "./supply";

export { openCohorts, forgetSupply, publishedCourses, mapLimit, SUPPLY_TTL_MS } from "./supply";

export type DemandItem = { topic: string; language: string; requests: number; openCohorts: number };
export type RequestResult = { topic: string; language: string; requests: number; created: boolean };
export type Alert = { institutionId: string; threshold: number; topics: string[]; updatedAt: string | null };

function check(topic: string, language: string) {
  const errors = [];
  if (!isTopicId(topic)) errors.push({ path: "topic", message: `Unknown topic ${topic}.` });
  if (!isContentLanguage(language))
    errors.push({ path: "language", message: `One of ${CONTENT_LANGUAGES.join(", ")}.` });
  if (errors.length) throw new Invalid("Invalid demand.", errors);
}

async function count(topic: string, language: string): Promise<number> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.demandCounter(topic, language), ConsistentRead: true }),
  );
  return (out.Item?.requests as number | undefined) ?? 0;
}

/**
 * "I need a course on <topic> in <language>", with the person's country from their profile.
 * A repeat by the same person is not counted again: `created: false` (the route answers 200).
 */
export async function request(actor: Actor, input: { topic: string; language: string }): Promise<RequestResult> {
  const me = requirePerson(actor);
  check(input.topic, input.language);
  const { topic, language } = input;
  const person = await People.get(me.id);
  const country = person?.country ?? null;
  const side = People.sideOf(person?.country) ?? "unknown";
  const at = new Date().toISOString();
  const out = await transact([
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.demandRequest(topic, language, me.id),
          type: "DemandRequest",
          topic,
          language,
          personId: me.id,
          country,
          side,
          createdAt: at,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.demandCounter(topic, language),
        UpdateExpression:
          "SET #type = :type, topic = :topic, #language = :language, gsi1pk = :g, gsi1sk = :gs, updatedAt = :at ADD requests :one",
        ExpressionAttributeNames: { "#type": "type", "#language": "language" },
        ExpressionAttributeValues: {
          ":type": "DemandCounter",
          ":topic": topic,
          ":language": language,
          ":g": keys.demandCounterListing(topic, language).gsi1pk,
          ":gs": keys.demandCounterListing(topic, language).gsi1sk,
          ":at": at,
          ":one": 1,
        },
      },
    },
  ]);
  const requests = await count(topic, language);
  if (out.ok) await notifyCrossings(topic, language, requests);
  return { topic, language, requests, created: out.ok };
}

/** Every counter (one query of the DEMANDS partition: at most topics × languages items). */
async function counters(): Promise<Map<string, number>> {
  const items = await queryAll<{ topic: string; language: string; requests: number }>({
    TableName: tableName(),
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :p",
    ExpressionAttributeValues: { ":p": keys.demandCountersPartition() },
  });
  return new Map(items.map((i) => [`${i.topic}|${i.language}`, i.requests ?? 0]));
}

/** The public board: every topic × language with a request or an open cohort, most requested first. */
export async function summary(): Promise<{ items: DemandItem[] }> {
  const [demand, supply] = await Promise.all([counters(), openCohorts()]);
  const items: DemandItem[] = [];
  for (const topic of TOPIC_IDS)
    for (const language of CONTENT_LANGUAGES) {
      const k = `${topic}|${language}`;
      const requests = demand.get(k) ?? 0;
      const open = supply.get(k) ?? 0;
      if (requests || open) items.push({ topic, language, requests, openCohorts: open });
    }
  items.sort(
    (a, b) => b.requests - a.requests || a.topic.localeCompare(b.topic) || a.language.localeCompare(b.language),
  );
  return { items };
}

async function loadAlert(institutionId: string): Promise<Alert | null> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.demandAlert(institutionId), ConsistentRead: true }),
  );
  if (!out.Item) return null;
  return {
    institutionId,
    threshold: out.Item.threshold as number,
    topics: out.Item.topics as string[],
    updatedAt: out.Item.updatedAt as string,
  };
}

/** An institution's alert (its admins); without one, no threshold and every topic. */
export async function getAlert(actor: Actor, institutionId: string): Promise<Alert> {
  await Institutions.requireAdmin(actor, institutionId);
  return (await loadAlert(institutionId)) ?? { institutionId, threshold: 0, topics: [...TOPIC_IDS], updatedAt: null };
}

/**
 * Sets an institution's threshold and topics. In the same transaction, each topic × language of
 * its topics already at or above the new threshold is marked as told (the alert speaks of crossings
 * to come; what is already over it is on the gaps page), and the mark of every other one is
 * removed: the marks always describe the alert as it now stands, not an earlier threshold.
 */
export async function setAlert(
  actor: Actor,
  institutionId: string,
  input: { threshold: number; topics: string[] },
): Promise<Alert> {
  await Institutions.requireAdmin(actor, institutionId);
  const errors: { path: string; message: string }[] = [];
  if (!Number.isInteger(input.threshold) || input.threshold < 1 || input.threshold > 1_000_000)
    errors.push({ path: "threshold", message: "A whole number from 1 to 1000000." });
  input.topics.forEach((t, i) => {
    if (!isTopicId(t)) errors.push({ path: `topics.${i}`, message: `Unknown topic ${t}.` });
  });
  if (!input.topics.length) errors.push({ path: "topics", message: "At least one topic." });
  if (errors.length) throw new Invalid("Invalid demand alert.", errors);
  const topicSet = [...new Set(input.topics)];
  const updatedAt = new Date().toISOString();
  const demand = await counters();
  const mine = [...demand].filter(([k]) => topicSet.includes(k.split("|")[0]));
  await transact([
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.demandAlert(institutionId),
          ...keys.demandAlertListing(institutionId),
          type: "DemandAlert",
          institutionId,
          threshold: input.threshold,
          topics: topicSet,
          updatedAt,
        },
      },
    },
    ...mine.map(([k, n]) => {
      const [topic, language] = k.split("|");
      return n >= input.threshold
        ? markerWrite(institutionId, topic, language, input.threshold, updatedAt, false)
        : { Delete: { TableName: tableName(), Key: keys.demandNotified(institutionId, topic, language) } };
    }),
    Audit.write(actor, {
      action: "demand_alert.set",
      target: { kind: "institution", id: institutionId },
      institutionId,
      details: { threshold: input.threshold, topics: topicSet.join(",") },
    }),
  ]);
  return { institutionId, threshold: input.threshold, topics: topicSet, updatedAt };
}

/** Raises the marker to `level`, on condition that it is below it (or absent). */
function markerWrite(institutionId: string, topic: string, language: string, level: number, at: string, cond = true) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.demandNotified(institutionId, topic, language),
      UpdateExpression: "SET #type = :type, #level = :level, notifiedAt = :at",
      ...(cond ? { ConditionExpression: "attribute_not_exists(#level) OR #level < :level" } : {}),
      ExpressionAttributeNames: { "#type": "type", "#level": "level" },
      ExpressionAttributeValues: { ":type": "DemandNotified", ":level": level, ":at": at },
    },
  };
}

/** Where demand has no supply, in the institution's topics (all topics without an alert). */
export async function gaps(actor: Actor, institutionId: string): Promise<Alert & { items: DemandItem[] }> {
  const alert = await getAlert(actor, institutionId);
  const { items } = await summary();
  return {
    ...alert,
    items: items.filter((i) => i.requests > 0 && i.openCohorts === 0 && alert.topics.includes(i.topic)),
  };
}

/**
 * Tells every institution whose alert covers `topic` and whose threshold `requests` has reached.
 * Reads the alerts partition (one item per institution that set one); the e-mail goes out only
 * when this caller's conditional write moved the marker — concurrent requests send it once.
 */
async function notifyCrossings(topic: string, language: string, requests: number) {
  const alerts = await queryAll<{ institutionId: string; threshold: number }>({
    TableName: tableName(),
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :p",
    FilterExpression: "contains(topics, :topic) AND threshold <= :n",
    ExpressionAttributeValues: { ":p": keys.demandAlertsPartition(), ":topic": topic, ":n": requests },
  });
  for (const a of alerts) {
    const won = await transact([markerWrite(a.institutionId, topic, language, a.threshold, new Date().toISOString())]);
    if (won.ok) await tellAdmins(a.institutionId, topic, language, a.threshold, requests);
  }
}

const MAIL: Record<
  Locale,
  (t: string, lang: string, threshold: number, n: number) => { subject: string; text: string }
> = {
  en: (t, lang, threshold, n) => ({
    subject: `Demand for "${t}" courses in ${lang} reached ${threshold}`,
    text: `${n} professionals have asked for a course on "${t}" in ${lang}, crossing your alert threshold of ${threshold}.\n\nSee where demand has no supply on your institution's demand page.`,
  }),
  es: (t, lang, threshold, n) => ({
    subject: `La demanda de cursos de «${t}» en ${lang} llegó a ${threshold}`,
    text: `${n} profesionales han pedido un curso de «${t}» en ${lang}, superando su umbral de alerta de ${threshold}.\n\nVea dónde la demanda no tiene oferta en la página de demanda de su institución.`,
  }),
  fr: (t, lang, threshold, n) => ({
    subject: `La demande de cours « ${t} » en ${lang} a atteint ${threshold}`,
    text: `${n} professionnels ont demandé un cours « ${t} » en ${lang}, dépassant votre seuil d'alerte de ${threshold}.\n\nVoyez où la demande n'a pas d'offre sur la page de demande de votre établissement.`,
  }),
};

async function tellAdmins(institutionId: string, topic: string, language: string, threshold: number, n: number) {
  const members = await queryAll<{ personId: string; email: string }>({
    TableName: tableName(),
    KeyConditionExpression: "pk = :p AND begins_with(sk, :m)",
    ExpressionAttributeValues: { ":p": keys.institution(institutionId).pk, ":m": keys.membersPrefix() },
  });
  const people = await People.getMany(members.map((m) => m.personId));
  const name = TOPICS.find((t) => t.id === topic)?.name;
  for (const m of members) {
    const locale = localeOf(people.get(m.personId)?.languages);
    const lang = new Intl.DisplayNames([locale], { type: "language" }).of(language) ?? language;
    const mail = MAIL[locale](name?.[locale] ?? topic, lang, threshold, n);
    await Mail.send({ to: m.email, ...mail, link: `institutions/${institutionId}/demand` });
  }
}
