/**
 * Exchange offers: study visits, internships, market explorations and technology transfer that an
 * institution hosts. An offer is open from creation (no draft), listed publicly while open, editable
 * by its institution's admins until its application deadline, and closable at any time; a closed
 * offer leaves the public list and takes no part in later rounds.
 * An offer may charge a participation fee: its place is an offering (place-kind.ts) written in the
 * same transaction as the offer, so the two never disagree; once a place is paid for, its prices
 * and fee plan are frozen, as a route's (decision 0016).
 * See docs/decisions/0019-exchange-matching.md.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { canonicalJson } from "../canonical";
import type { Actor } from "../actor";
import * as Audit from "../audit";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { filteredPage } from "../db/pagination";
import { queryAll } from "../db/query";
import { transact } from "../db/transact";
import { Conflict, Invalid, NotFound } from "../errors";
import * as Institutions from "../institutions";
import type { Share } from "../ledger/split";
import * as Offerings from "../offerings";
import { feeShareProblems } from "../offerings/shares";
import { isCountryCode } from "../people/countries";
import { CONTENT_LANGUAGES, type Localized, languagesOf } from "../text";
import { isTopicId } from "../topics";
import { type ExchangePlace, placeKind } from "./place-kind";

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
  /** The participation fee per pricing group; none (or empty): free. */
  prices?: Offerings.Price[];
  /** Who shares each fee; `institution` stands for the offer's own. Default: placeKind's plan. */
  feeShares?: Share[];
  /** A course to take before leaving (an existing course's id). */
  preparatoryCourseId?: string;
};
/** `preparatoryCourseId: null` removes it. */
export type OfferChanges = Partial<Omit<OfferInput, "institutionId" | "preparatoryCourseId">> & {
  preparatoryCourseId?: string | null;
};

export type Offer = Omit<OfferInput, "languages" | "prices" | "feeShares"> & {
  id: string;
  languages: string[];
  prices: Offerings.Price[];
  /** Concrete (`institution:<id>`), as the place's offering item has it. */
  feeShares: Share[];
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
  "prices",
  "feeShares",
  "preparatoryCourseId",
] as const;
/** What a payment freezes (decision 0016). */
const FROZEN = ["prices", "feeShares"] as const;

const titleOf = (title: Localized) => (Object.values(title).find(Boolean) ?? "").slice(0, 200);
export const view = ({ ranking: _ranking, ...o }: Offer): OfferView => o;
/** A stored offer; one written before fees were added is free and has the default plan. */
const fromItem = ({
  pk: _pk,
  sk: _sk,
  gsi1pk: _g,
  gsi1sk: _s,
  gsi2pk: _h,
  gsi2sk: _i,
  type: _t,
  ...o
}: Record<string, unknown>): Offer => ({
  ...(o as Offer),
  prices: (o.prices as Offerings.Price[] | undefined) ?? [],
  feeShares:
    (o.feeShares as Share[] | undefined) ?? Offerings.planFor(placeKind.defaultFeeShares, o.institutionId as string),
});
/** Equal in content, whatever the order of their keys (DynamoDB does not keep it). */
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** The offering item of the offer's place: what enrolment, Checkout and the ledger read. */
export const placeOf = (o: Offer): ExchangePlace => ({
  kind: placeKind.kind,
  id: o.id,
  parentId: o.id,
  institutionId: o.institutionId,
  title: o.title,
  prices: o.prices,
  feeShares: o.feeShares,
  startDate: o.startDate,
  endDate: o.endDate,
  enrolmentDeadline: o.startDate,
});

async function courseExists(courseId: string): Promise<boolean> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.course(courseId), ProjectionExpression: "pk" }),
  );
  return !!out.Item;
}

/** The last moment an offer takes applications and edits: the end of its deadline day, UTC. */
export const deadlinePassed = (o: Pick<Offer, "applicationDeadline">, now = new Date()) =>
  now.toISOString().slice(0, 10) > o.applicationDeadline;

async function validate(o: Offer): Promise<void> {
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
  try {
    Offerings.validatePrices(o.prices);
  } catch (err) {
    if (!(err instanceof Invalid)) throw err;
    errors.push(...(err.errors ?? [{ path: "prices", message: err.message }]));
  }
  errors.push(...(await feeShareProblems(o.feeShares)));
  if (o.preparatoryCourseId !== undefined && !(await courseExists(o.preparatoryCourseId)))
    errors.push({ path: "preparatoryCourseId", message: `No course ${o.preparatoryCourseId} exists.` });
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
    prices: input.prices ?? [],
    feeShares: Offerings.planFor(input.feeShares ?? placeKind.defaultFeeShares, input.institutionId),
    ...(input.preparatoryCourseId ? { preparatoryCourseId: input.preparatoryCourseId } : {}),
    status: "open",
    ranking: [],
    createdAt,
  };
  await validate(offer);
  // The place's offering item first; the offer and its audit entry in the same transaction.
  await Offerings.create(placeOf(offer), {}, "ExchangePlace", [
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.exchangeOffer(id),
          ...keys.exchangeOfferListing(createdAt, id),
          ...keys.institutionExchangeOffer(offer.institutionId, createdAt, id),
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
  return fromItem(out.Item);
}

export const get = async (id: string): Promise<OfferView> => view(await load(id));

/** An institution's offers, closed ones included, newest first (its admins). */
export async function listForInstitution(actor: Actor, institutionId: string): Promise<OfferView[]> {
  await Institutions.requireAdmin(actor, institutionId);
  const items = await queryAll({
    TableName: tableName(),
    IndexName: "gsi2",
    KeyConditionExpression: "gsi2pk = :p",
    ExpressionAttributeValues: { ":p": keys.institutionExchangeOffersPartition(institutionId) },
    ScanIndexForward: false,
  });
  return items.map((o) => view(fromItem(o)));
}

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
    items: page.items.map((o) => view(fromItem(o))),
    nextCursor: page.nextCursor,
  };
}

/**
 * Changes an open offer until its application deadline (then 409 `deadline_passed`). The place's
 * offering item changes in the same transaction; a change to the fee (prices, plan) is conditioned
 * on the place not yet paid for, which the first payment's own transaction marks (409 `frozen`).
 */
export async function update(actor: Actor, id: string, changes: OfferChanges): Promise<OfferView> {
  const current = await load(id);
  await Institutions.requireAdmin(actor, current.institutionId);
  if (current.status !== "open") throw new Conflict("This offer is closed.", "closed");
  if (deadlinePassed(current)) throw new Conflict("The application deadline has passed.", "deadline_passed");
  const next: Offer = { ...current };
  for (const f of EDITABLE) if (changes[f] !== undefined) Object.assign(next, { [f]: changes[f] });
  if (changes.feeShares !== undefined) next.feeShares = Offerings.planFor(changes.feeShares, current.institutionId);
  if (changes.preparatoryCourseId === null) delete next.preparatoryCourseId;
  const fields = EDITABLE.filter((f) => changes[f] !== undefined);
  const freezing = FROZEN.some((f) => !same(current[f], next[f]));
  if (freezing && (await Offerings.get(placeKind.kind, id))?.firstPaidAt) throw frozen();
  await validate(next);
  if (!fields.length) return view(current);
  const names: Record<string, string> = { "#status": "status" };
  const values: Record<string, unknown> = { ":open": "open", ":deadline": current.applicationDeadline };
  const sets: string[] = [];
  const removes: string[] = [];
  for (const f of fields) {
    names[`#${f}`] = f;
    if (next[f] === undefined) removes.push(`#${f}`);
    else {
      values[`:${f}`] = next[f];
      sets.push(`#${f} = :${f}`);
    }
  }
  const out = await transact([
    {
      Update: {
        TableName: tableName(),
        Key: keys.exchangeOffer(id),
        UpdateExpression: [
          sets.length ? `SET ${sets.join(", ")}` : "",
          removes.length ? `REMOVE ${removes.join(", ")}` : "",
        ]
          .filter(Boolean)
          .join(" "),
        // Still open, and the deadline this check was made against (a concurrent edit may move it).
        ConditionExpression: "#status = :open AND applicationDeadline = :deadline",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    placeUpdate(current, next, freezing),
    Audit.write(actor, {
      action: "exchange_offer.updated",
      target: { kind: "exchange_offer", id },
      institutionId: current.institutionId,
      details: { fields: fields.join(","), title: titleOf(next.title) },
    }),
  ]);
  if (!out.ok) {
    if (out.failed[1]) throw frozen();
    throw new Conflict("The offer changed while it was edited; try again.", "stale");
  }
  return view(next);
}

const frozen = () =>
  new Conflict("A place on this offer has been paid for: its prices and fee shares can no longer change.", "frozen");

/**
 * Brings the place's offering item to the offer's new state. Only what changed is written (a
 * concurrent edit of another field is not undone); the rest is written only where missing, which
 * also creates the item of an offer posted before fees existed.
 */
function placeUpdate(current: Offer, next: Offer, freezing: boolean) {
  const before = placeOf(current);
  const after = placeOf(next);
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":type": "ExchangePlace" };
  const sets = (Object.keys(after) as (keyof ExchangePlace)[]).map((a) => {
    names[`#${a}`] = a;
    values[`:${a}`] = after[a];
    return same(before[a], after[a]) ? `#${a} = if_not_exists(#${a}, :${a})` : `#${a} = :${a}`;
  });
  return {
    Update: {
      TableName: tableName(),
      Key: keys.offering(placeKind.kind, next.id),
      UpdateExpression: `SET ${sets.join(", ")}, #type = if_not_exists(#type, :type)`,
      ...(freezing ? { ConditionExpression: "attribute_not_exists(firstPaidAt)" } : {}),
      ExpressionAttributeNames: { ...names, "#type": "type" },
      ExpressionAttributeValues: values,
    },
  };
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
