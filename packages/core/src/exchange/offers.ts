/**
 * Exchange offers: study visits, internships, market explorations and technology transfer that an
 * institution hosts. An offer is open from creation (no draft), listed publicly while open, editable
 * by its institution's admins until its application deadline, and closable at any time; a closed
 * offer leaves the public list and takes no part in later rounds.
 * See docs/decisions/0019-exchange-matching.md.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import type { Actor } from "../actor";
import * as Audit from "../audit";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { filteredPage } from "../db/pagination";
import { transact } from "../db/transact";
import { Conflict, Invalid, NotFound } from "../errors";
import * as Institutions from "../institutions";
import { isCountryCode } from "../people/countries";
import { CONTENT_LANGUAGES, type Localized, languagesOf } from "../text";
import { isTopicId } from "../topics";

export const OFFER_KINDS = ["study_visit", "internship", "market_exploration", "technology_transfer"] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

export type OfferInput = {
  institutionId: string;
  kind: OfferKind;
  title: Localized;
  description: Localized;
  country: string;
  city?: string;
  startDate: string;
  endDate: string;
  capacity: number;
  topics: string[];
  languages?: string[];
  applicationDeadline: string;
};
export type OfferChanges = Partial<Omit<OfferInput, "institutionId">>;

export type Offer = Omit<OfferInput, "languages"> & {
  id: string;
  languages: string[];
  status: "open" | "closed";
  /** The offer's ranking of its applicants (person ids, best first); empty until it submits one. */
  ranking: string[];
  createdAt: string;
  closedAt?: string;
};
/** An offer as anyone reads it: its ranking of people stays with its institution. */
export type OfferView = Omit<Offer, "ranking">;

const EDITABLE = [
  "kind",
  "title",
  "description",
  "country",
  "city",
  "startDate",
  "endDate",
  "capacity",
  "topics",
  "languages",
  "applicationDeadline",
] as const;

const titleOf = (title: Localized) => (Object.values(title).find(Boolean) ?? "").slice(0, 200);
export const view = ({ ranking: _ranking, ...o }: Offer): OfferView => o;

/** The last moment an offer takes applications and edits: the end of its deadline day, UTC. */
export const deadlinePassed = (o: Pick<Offer, "applicationDeadline">, now = new Date()) =>
  now.toISOString().slice(0, 10) > o.applicationDeadline;

function validate(o: Offer): void {
  const errors: { path: string; message: string }[] = [];
  if (!languagesOf(o.title).length)
    errors.push({ path: "title", message: `A title is needed in at least one of ${CONTENT_LANGUAGES.join(", ")}.` });
  if (!languagesOf(o.description).length) errors.push({ path: "description", message: "A description is needed." });
  if (!isCountryCode(o.country)) errors.push({ path: "country", message: "Must be an ISO 3166-1 alpha-2 code." });
  o.topics.forEach((t, i) => {
    if (!isTopicId(t)) errors.push({ path: `topics.${i}`, message: `Unknown topic ${t}.` });
  });
  if (o.endDate < o.startDate) errors.push({ path: "endDate", message: "The last day must be on or after the first." });
  if (o.applicationDeadline > o.startDate)
    errors.push({
      path: "applicationDeadline",
      message: "The application deadline must be on or before the first day.",
    });
  if (!Number.isInteger(o.capacity) || o.capacity < 1)
    errors.push({ path: "capacity", message: "Capacity is a whole number of at least 1." });
  if (errors.length) throw new Invalid("Invalid exchange offer.", errors);
}

export async function create(actor: Actor, input: OfferInput): Promise<OfferView> {
  await Institutions.requireAdmin(actor, input.institutionId);
  const id = ulid();
  const createdAt = new Date().toISOString();
  const offer: Offer = {
    id,
    institutionId: input.institutionId,
    kind: input.kind,
    title: input.title,
    description: input.description,
    country: input.country,
    ...(input.city ? { city: input.city } : {}),
    startDate: input.startDate,
    endDate: input.endDate,
    capacity: input.capacity,
    topics: [...new Set(input.topics)],
    languages: [...new Set(input.languages ?? [])],
    applicationDeadline: input.applicationDeadline,
    status: "open",
    ranking: [],
    createdAt,
  };
  validate(offer);
  await transact([
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.exchangeOffer(id),
          ...keys.exchangeOfferListing(createdAt, id),
          type: "ExchangeOffer",
          ...offer,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    Audit.write(actor, {
      action: "exchange_offer.created",
      target: { kind: "exchange_offer", id },
      institutionId: offer.institutionId,
      details: { title: titleOf(offer.title), kind: offer.kind, capacity: offer.capacity },
    }),
  ]);
  return view(offer);
}

/** The stored offer, ranking included (core's own use); NotFound when there is none. */
export async function load(id: string): Promise<Offer> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.exchangeOffer(id) }));
  if (!out.Item) throw new NotFound("Exchange offer");
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, type: _t, ...offer } = out.Item;
  return offer as Offer;
}

export const get = async (id: string): Promise<OfferView> => view(await load(id));

export type ListQuery = { kind?: string; country?: string; topic?: string; cursor?: string; limit?: number };

/** Open offers, newest first, filtered by kind, host country and topic (public). */
export async function list(query: ListQuery): Promise<{ items: OfferView[]; nextCursor: string | null }> {
  const filters = ["#status = :open"];
  const values: Record<string, unknown> = { ":open": "open" };
  if (query.kind) {
    filters.push("kind = :kind");
    values[":kind"] = query.kind;
  }
  if (query.country) {
    filters.push("country = :country");
    values[":country"] = query.country;
  }
  if (query.topic) {
    filters.push("contains(topics, :topic)");
    values[":topic"] = query.topic;
  }
  const page = await filteredPage({
    partition: keys.exchangeOffersPartition(),
    filters,
    values,
    names: { "#status": "status" },
    cursor: query.cursor,
    limit: Math.min(query.limit ?? 20, 50),
  });
  return {
    items: page.items.map(({ pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, type: _t, ...o }) => view(o as Offer)),
    nextCursor: page.nextCursor,
  };
}

/** Changes an open offer until its application deadline (then 409 `deadline_passed`). */
export async function update(actor: Actor, id: string, changes: OfferChanges): Promise<OfferView> {
  const current = await load(id);
  await Institutions.requireAdmin(actor, current.institutionId);
  if (current.status !== "open") throw new Conflict("This offer is closed.", "closed");
  if (deadlinePassed(current)) throw new Conflict("The application deadline has passed.", "deadline_passed");
  const next: Offer = { ...current };
  for (const f of EDITABLE) if (changes[f] !== undefined) Object.assign(next, { [f]: changes[f] });
  validate(next);
  const fields = EDITABLE.filter((f) => changes[f] !== undefined);
  if (!fields.length) return view(current);
  const names: Record<string, string> = { "#status": "status" };
  const values: Record<string, unknown> = { ":open": "open", ":deadline": current.applicationDeadline };
  const sets = fields.map((f) => {
    names[`#${f}`] = f;
    values[`:${f}`] = next[f];
    return `#${f} = :${f}`;
  });
  const out = await transact([
    {
      Update: {
        TableName: tableName(),
        Key: keys.exchangeOffer(id),
        UpdateExpression: `SET ${sets.join(", ")}`,
        // Still open, and the deadline this check was made against (a concurrent edit may move it).
        ConditionExpression: "#status = :open AND applicationDeadline = :deadline",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    Audit.write(actor, {
      action: "exchange_offer.updated",
      target: { kind: "exchange_offer", id },
      institutionId: current.institutionId,
      details: { fields: fields.join(","), title: titleOf(next.title) },
    }),
  ]);
  if (!out.ok) throw new Conflict("The offer changed while it was edited; try again.", "stale");
  return view(next);
}

/** Closes an offer: it leaves the public list and later rounds. Closing twice changes nothing. */
export async function close(actor: Actor, id: string): Promise<OfferView> {
  const current = await load(id);
  await Institutions.requireAdmin(actor, current.institutionId);
  if (current.status === "closed") return view(current);
  const closedAt = new Date().toISOString();
  const out = await transact([
    {
      Update: {
        TableName: tableName(),
        Key: keys.exchangeOffer(id),
        UpdateExpression: "SET #status = :closed, closedAt = :at REMOVE gsi1pk, gsi1sk",
        ConditionExpression: "#status = :open",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":closed": "closed", ":open": "open", ":at": closedAt },
      },
    },
    Audit.write(actor, {
      action: "exchange_offer.closed",
      target: { kind: "exchange_offer", id },
      institutionId: current.institutionId,
      details: { title: titleOf(current.title) },
    }),
  ]);
  if (!out.ok) return view(await load(id));
  return view({ ...current, status: "closed", closedAt });
}
