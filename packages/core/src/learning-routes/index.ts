/**
 * Learning Routes: a journey of some days through hosts' places (communities, cooperatives, local
 * talents), sold as an offering (kind.ts) through the one enrolment, checkout and ledger machinery.
 * Every payment is split by the route's own fee plan, in which each stop's host has a share.
 * Once a route is paid for (`firstPaidAt`), its prices and plan are frozen. Each host of a stop
 * has an index item in its own partition, so a host's page lists its routes without a scan.
 * See docs/decisions/0016-learning-routes.md.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { type Actor, requirePerson } from "../actor";
import * as Audit from "../audit";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { filteredPage } from "../db/pagination";
import { canonicalJson } from "../canonical";
import { publishDraft } from "../db/publish";
import { type TransactItems, transact } from "../db/transact";
import * as Enrolment from "../enrolment";
import { Conflict, Invalid, NotFound } from "../errors";
import * as Hosts from "../hosts";
import * as Institutions from "../institutions";
import type { Share } from "../ledger/split";
import * as Offerings from "../offerings";
import * as People from "../people";
import { CONTENT_LANGUAGES, type Localized, languagesOf } from "../text";
import { isTopicId } from "../topics";
import { type LearningRoute, type Stop, routeKind } from "./kind";

export type { LearningRoute, Stop } from "./kind";

/** Text as a client may send it: one language's words (stored as English), or several languages. */
export type TextInput = string | Localized;
export type StopInput = { day: number; hostId: string; place: string; title: TextInput; activity?: TextInput };
export type RouteInput = {
  institutionId: string;
  title: TextInput;
  summary?: TextInput;
  /** One topic id or several; merged with `topics`. */
  theme?: string | string[];
  topics?: string[];
  countries: string[];
  startDate: string;
  endDate: string;
  capacity: number;
  /** Defaults to the day before `startDate`. */
  enrolmentDeadline?: string;
  stops: StopInput[];
  prices: Offerings.Price[];
  feeShares: Share[];
};
export type RouteChanges = Partial<Omit<RouteInput, "institutionId">>;

/**
 * A host as a route shows it at a stop: its public profile, never its contact. A route's page
 * (GET /api/routes/:id, and publish's answer) carries the whole public profile; lists of routes
 * and the answers to create and change carry its name, kind and place only.
 */
export type StopHost = { id: string; name: string; kind: Hosts.HostKind; country: string; region?: string } & Partial<
  Pick<
    Hosts.Host,
    "organisationType" | "languages" | "topics" | "expertise" | "achievements" | "figures" | "photo" | "createdAt"
  >
>;
export type RouteView = {
  id: string;
  institutionId: string;
  title: Localized;
  summary: Localized;
  topics: string[];
  countries: string[];
  startDate: string;
  endDate: string;
  enrolmentDeadline: string;
  capacity: number;
  seatsLeft: number;
  status: "draft" | "published";
  prices: Offerings.Price[];
  feeShares: Share[];
  /** The signed-in person's own price (null: free); absent when nobody is signed in. */
  price?: Offerings.ChargedPrice | null;
  firstPaidAt?: string;
  publishedAt?: string;
  createdAt: string;
  stops: (Stop & { host: StopHost | null })[];
};

type StoredRoute = LearningRoute & { revision?: number };

const MAX_HOSTS = 40; // one index item each, and the route's own items, in one transaction (limit 100)

const asLocalized = (t: TextInput | undefined): Localized =>
  t === undefined ? {} : typeof t === "string" ? { en: t } : t;
const titleOf = (title: Localized) => (Object.values(title).find(Boolean) ?? "").slice(0, 200);
const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
/** Whole days from start to end, counting both: the days a stop may fall on are 1 … this. */
export const daysOf = (startDate: string, endDate: string) =>
  Math.round((Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / 86_400_000) + 1;
const hostIdOf = (party: string) => (party.startsWith("host:") ? party.slice("host:".length) : null);
const PARTY = /^(operator|solidarity_fund|institution|institution:[0-9A-HJKMNP-TV-Z]{26}|host:[0-9A-HJKMNP-TV-Z]{26})$/;

type Problem = { path: string; message: string };

/** Everything a route must be, checked at once so the form shows every mistake. */
async function validate(r: LearningRoute, hostsChecked: Map<string, Hosts.Host | null>): Promise<void> {
  const errors: Problem[] = [];
  if (!languagesOf(r.title).length)
    errors.push({ path: "title", message: `A title is needed in at least one of ${CONTENT_LANGUAGES.join(", ")}.` });
  r.topics.forEach((t, i) => {
    if (!isTopicId(t)) errors.push({ path: `topics.${i}`, message: `Unknown topic ${t}.` });
  });
  if (r.countries.length === 0)
    errors.push({ path: "countries", message: "A route passes through one country or more." });
  r.countries.forEach((c, i) => {
    if (!People.isCountryCode(c))
      errors.push({ path: `countries.${i}`, message: "Must be an ISO 3166-1 alpha-2 code." });
  });
  const days = daysOf(r.startDate, r.endDate);
  if (days < 1) errors.push({ path: "endDate", message: "The last day must be on or after the first." });
  if (r.enrolmentDeadline > r.endDate)
    errors.push({ path: "enrolmentDeadline", message: "The enrolment deadline must be on or before the last day." });
  if (!Number.isInteger(r.capacity) || r.capacity < 1)
    errors.push({ path: "capacity", message: "Capacity is a whole number of at least 1." });
  if (r.stops.length === 0) errors.push({ path: "stops", message: "A route has at least one stop." });
  r.stops.forEach((s, i) => {
    if (!Number.isInteger(s.day) || s.day < 1 || s.day > Math.max(days, 0))
      errors.push({ path: `stops.${i}.day`, message: `Day ${s.day} is not one of the route's days 1 to ${days}.` });
    if (!languagesOf(s.title).length) errors.push({ path: `stops.${i}.title`, message: "A stop needs a title." });
    if (hostsChecked.get(s.hostId) === null)
      errors.push({ path: `stops.${i}.hostId`, message: `No host ${s.hostId} is registered.` });
  });
  const total = r.feeShares.reduce((n, s) => n + s.basisPoints, 0);
  if (total !== 10_000)
    errors.push({ path: "feeShares", message: `Basis points must sum to 10000; they sum to ${total}.` });
  if (new Set(r.feeShares.map((s) => s.party)).size !== r.feeShares.length)
    errors.push({ path: "feeShares", message: "Each party appears once." });
  r.feeShares.forEach((s, i) => {
    if (!PARTY.test(s.party))
      errors.push({
        path: `feeShares.${i}.party`,
        message: "A party is host:<id>, operator, solidarity_fund or institution:<id>.",
      });
    else if (hostIdOf(s.party) && hostsChecked.get(hostIdOf(s.party)!) === null)
      errors.push({ path: `feeShares.${i}.party`, message: `No host ${hostIdOf(s.party)} is registered.` });
    if (!Number.isInteger(s.basisPoints) || s.basisPoints < 0)
      errors.push({ path: `feeShares.${i}.basisPoints`, message: "Basis points are a whole number ≥ 0." });
  });
  // Every host who receives the participants is paid a share of every fee: no share, no stop.
  const shared = new Set(r.feeShares.filter((s) => s.basisPoints > 0).map((s) => s.party));
  for (const hostId of new Set(r.stops.map((s) => s.hostId))) {
    if (hostsChecked.get(hostId) && !shared.has(`host:${hostId}`))
      errors.push({ path: "feeShares", message: `Host ${hostId} receives a stop but has no share (host:${hostId}).` });
  }
  if (new Set(r.stops.map((s) => s.hostId)).size > MAX_HOSTS)
    errors.push({ path: "stops", message: `A route has at most ${MAX_HOSTS} different hosts.` });
  try {
    Offerings.validatePrices(r.prices);
  } catch (err) {
    if (err instanceof Invalid) errors.push(...(err.errors ?? [{ path: "prices", message: err.message }]));
    else throw err;
  }
  if (errors.length) throw new Invalid("Invalid route.", errors);
}

/** Looks up every host a route names (stops and shares); null for one that does not exist. */
async function hostsOf(r: Pick<LearningRoute, "stops" | "feeShares">): Promise<Map<string, Hosts.Host | null>> {
  const ids = new Set([...r.stops.map((s) => s.hostId), ...r.feeShares.map((s) => hostIdOf(s.party)).filter(Boolean)]);
  const found = await Promise.all([...ids].map(async (id) => [id!, await Hosts.get(id!)] as const));
  return new Map(found);
}

function topicsOf(input: Pick<RouteInput, "theme" | "topics">): string[] {
  const theme = input.theme === undefined ? [] : Array.isArray(input.theme) ? input.theme : [input.theme];
  return [...new Set([...theme, ...(input.topics ?? [])])];
}

// Stored in the order given, so an error names the stop by the index the client sent.
const stopsOf = (stops: StopInput[]): Stop[] =>
  stops.map((s) => ({
    day: s.day,
    hostId: s.hostId,
    place: s.place,
    title: asLocalized(s.title),
    ...(s.activity !== undefined ? { activity: asLocalized(s.activity) } : {}),
  }));
/** Day by day; stops of one day keep the order they were given in (Array.prototype.sort is stable). */
const byDay = (stops: Stop[]) => [...stops].sort((a, b) => a.day - b.day);

const hostIds = (stops: Stop[]) => [...new Set(stops.map((s) => s.hostId))];
const hostIndexPut = (hostId: string, r: LearningRoute) => ({
  Put: {
    TableName: tableName(),
    Item: { ...keys.hostRoute(hostId, r.id), type: "HostRoute", hostId, routeId: r.id },
  },
});
const hostIndexDelete = (hostId: string, routeId: string) => ({
  Delete: { TableName: tableName(), Key: keys.hostRoute(hostId, routeId) },
});

export async function create(actor: Actor, input: RouteInput): Promise<RouteView> {
  await Institutions.requireAdmin(actor, input.institutionId);
  const id = ulid();
  const createdAt = new Date().toISOString();
  const route: StoredRoute = {
    kind: routeKind.kind,
    id,
    parentId: id,
    institutionId: input.institutionId,
    title: asLocalized(input.title),
    summary: asLocalized(input.summary),
    topics: topicsOf(input),
    countries: [...new Set(input.countries)],
    startDate: input.startDate,
    endDate: input.endDate,
    enrolmentDeadline: input.enrolmentDeadline ?? dayBefore(input.startDate),
    capacity: input.capacity,
    seatsTaken: 0,
    stops: stopsOf(input.stops),
    prices: input.prices,
    feeShares: Offerings.planFor(input.feeShares, input.institutionId),
    status: "draft",
    createdAt,
    revision: 0,
  };
  const hosts = await hostsOf(route);
  await validate(route, hosts);
  await Offerings.create(route, keys.institutionRoute(input.institutionId, createdAt, id), undefined, [
    ...hostIds(route.stops).map((h) => hostIndexPut(h, route)),
    Audit.write(actor, {
      action: "route.created",
      target: { kind: "route", id },
      institutionId: input.institutionId,
      details: {
        title: titleOf(route.title),
        startDate: route.startDate,
        endDate: route.endDate,
        capacity: route.capacity,
        stops: route.stops.length,
      },
    }),
  ]);
  return view(route, hosts);
}

async function load(id: string): Promise<StoredRoute> {
  const r = (await Offerings.get(routeKind.kind, id)) as StoredRoute | null;
  if (!r) throw new NotFound(routeKind.notFoundName);
  return r;
}

/** Equal in content, whatever the order of their keys (DynamoDB does not keep it). */
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/**
 * Changes a route. Prices and the fee plan are frozen once it is paid for: a change to them is
 * conditioned on no payment (`attribute_not_exists(firstPaidAt)`), which the payment's own
 * transaction sets, so the two never cross. Other fields stay editable (an itinerary detail, a
 * larger group); capacity never drops below the seats taken.
 */
export async function update(actor: Actor, id: string, changes: RouteChanges, attempt = 0): Promise<RouteView> {
  const current = await load(id);
  await Institutions.requireAdmin(actor, current.institutionId);
  const next: StoredRoute = {
    ...current,
    ...(changes.title !== undefined ? { title: asLocalized(changes.title) } : {}),
    ...(changes.summary !== undefined ? { summary: asLocalized(changes.summary) } : {}),
    ...(changes.theme !== undefined || changes.topics !== undefined
      ? { topics: topicsOf({ theme: changes.theme, topics: changes.topics }) }
      : {}),
    ...(changes.countries !== undefined ? { countries: [...new Set(changes.countries)] } : {}),
    ...(changes.startDate !== undefined ? { startDate: changes.startDate } : {}),
    ...(changes.endDate !== undefined ? { endDate: changes.endDate } : {}),
    ...(changes.capacity !== undefined ? { capacity: changes.capacity } : {}),
    ...(changes.enrolmentDeadline !== undefined ? { enrolmentDeadline: changes.enrolmentDeadline } : {}),
    ...(changes.stops !== undefined ? { stops: stopsOf(changes.stops) } : {}),
    ...(changes.prices !== undefined ? { prices: changes.prices } : {}),
    ...(changes.feeShares !== undefined
      ? { feeShares: Offerings.planFor(changes.feeShares, current.institutionId) }
      : {}),
  };
  // A deadline that was the default (the day before the start) moves with the start, unless one is given.
  if (
    changes.startDate !== undefined &&
    changes.enrolmentDeadline === undefined &&
    current.enrolmentDeadline === dayBefore(current.startDate)
  )
    next.enrolmentDeadline = dayBefore(next.startDate);
  const fields = (
    [
      "title",
      "summary",
      "topics",
      "countries",
      "startDate",
      "endDate",
      "capacity",
      "enrolmentDeadline",
      "stops",
      "prices",
      "feeShares",
    ] as const
  ).filter((f) => !same(current[f], next[f]));
  const freezing = fields.includes("prices") || fields.includes("feeShares");
  if (freezing && current.firstPaidAt)
    throw new Conflict("This route has been paid for: its prices and fee shares can no longer change.", "frozen");
  const hosts = await hostsOf(next);
  await validate(next, hosts);
  if (fields.length === 0) return view(current, hosts);

  const before = new Set(hostIds(current.stops));
  const after = new Set(hostIds(next.stops));
  const revision = current.revision ?? 0;
  const values: Record<string, unknown> = { ":revision": revision, ":next": revision + 1 };
  const names: Record<string, string> = {};
  const sets = fields.map((f) => {
    names[`#${f}`] = f;
    values[`:${f}`] = next[f];
    return `#${f} = :${f}`;
  });
  const conditions = ["attribute_exists(pk)", "(attribute_not_exists(revision) OR revision = :revision)"];
  if (freezing) conditions.push("attribute_not_exists(firstPaidAt)");
  if (fields.includes("capacity")) conditions.push("seatsTaken <= :capacity");
  const items: TransactItems = [
    {
      Update: {
        TableName: tableName(),
        Key: keys.offering(routeKind.kind, id),
        UpdateExpression: `SET ${sets.join(", ")}, revision = :next`,
        ConditionExpression: conditions.join(" AND "),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    ...[...before].filter((h) => !after.has(h)).map((h) => hostIndexDelete(h, id)),
    ...[...after].filter((h) => !before.has(h)).map((h) => hostIndexPut(h, next)),
    Audit.write(actor, {
      action: "route.updated",
      target: { kind: "route", id },
      institutionId: current.institutionId,
      details: { fields: fields.join(","), title: titleOf(next.title) },
    }),
  ];
  const out = await transact(items);
  if (!out.ok) {
    // Something moved between the read and the write: a payment, a seat, another edit. Read again.
    const now = await load(id);
    if (freezing && now.firstPaidAt)
      throw new Conflict("This route has been paid for: its prices and fee shares can no longer change.", "frozen");
    if (fields.includes("capacity") && now.seatsTaken > next.capacity)
      throw new Conflict(`${now.seatsTaken} seats are taken: capacity cannot be lower.`, "capacity_below_taken");
    if (attempt < 3) return update(actor, id, changes, attempt + 1);
    throw new Conflict("The route kept changing while it was edited; try again.", "stale");
  }
  return view({ ...next, revision: revision + 1 }, hosts);
}

export async function publish(actor: Actor, id: string): Promise<RouteView> {
  const route = await load(id);
  await Institutions.requireAdmin(actor, route.institutionId);
  if (route.status === "published") return detailOf(actor, route);
  const publishedAt = new Date().toISOString();
  const l = keys.routeListing(publishedAt, id);
  // Only the call that moves the draft writes (and records) anything: a concurrent one finds it published.
  await transact([
    publishDraft(keys.offering(routeKind.kind, id), l, publishedAt),
    Audit.write(actor, {
      action: "route.published",
      target: { kind: "route", id },
      institutionId: route.institutionId,
      details: { title: titleOf(route.title) },
    }),
  ]);
  return detailOf(actor, await load(id));
}

/** The actor's pricing group, when a person is signed in. */
async function groupOf(actor: Actor): Promise<People.PricingGroup | undefined> {
  if (actor.kind !== "person") return undefined;
  const p = await People.get(actor.id);
  return p ? People.pricingGroupOf(p.country, p.organisationType) : undefined;
}

const publicHost = (h: Hosts.Host, full: boolean): StopHost => (full ? Hosts.publicView(h) : compactHost(h));
const compactHost = (h: Hosts.Host): StopHost => ({
  id: h.id,
  name: h.name,
  kind: h.kind,
  country: h.country,
  ...(h.region ? { region: h.region } : {}),
});

function view(
  r: StoredRoute,
  hosts: Map<string, Hosts.Host | null>,
  group?: People.PricingGroup,
  full = false,
): RouteView {
  return {
    id: r.id,
    institutionId: r.institutionId,
    title: r.title,
    summary: r.summary ?? {},
    topics: r.topics,
    countries: r.countries,
    startDate: r.startDate,
    endDate: r.endDate,
    enrolmentDeadline: r.enrolmentDeadline,
    capacity: r.capacity,
    seatsLeft: Math.max(0, r.capacity - (r.seatsTaken ?? 0)),
    status: r.status,
    prices: r.prices,
    feeShares: r.feeShares,
    ...(group ? { price: Offerings.priceFor(r.prices, group) } : {}),
    ...(r.firstPaidAt ? { firstPaidAt: r.firstPaidAt } : {}),
    ...(r.publishedAt ? { publishedAt: r.publishedAt } : {}),
    createdAt: r.createdAt,
    stops: byDay(r.stops).map((s) => {
      const h = hosts.get(s.hostId);
      return { ...s, host: h ? publicHost(h, full) : null };
    }),
  };
}

/** Views of several routes, each host looked up once; `full`: each stop's host's whole public profile. */
async function views(actor: Actor, routes: StoredRoute[], full = false): Promise<RouteView[]> {
  const [hosts, group] = await Promise.all([
    hostsOf({ stops: routes.flatMap((r) => r.stops), feeShares: [] }),
    groupOf(actor),
  ]);
  return routes.map((r) => view(r, hosts, group, full));
}

const detailOf = async (actor: Actor, r: StoredRoute) => (await views(actor, [r], true))[0];

/** Whether the actor may see the route as it is (drafts: its institution's admins and platform admins). */
async function visible(actor: Actor, r: StoredRoute): Promise<boolean> {
  return r.status === "published" || Institutions.isAdmin(actor, r.institutionId); // platform admins included
}

export async function get(actor: Actor, id: string): Promise<RouteView> {
  const r = await load(id);
  if (!(await visible(actor, r))) throw new NotFound(routeKind.notFoundName);
  return detailOf(actor, r);
}

export type CatalogueQuery = { country?: string; topic?: string; cursor?: string; limit?: number };

/** Published routes, newest first, filtered by a country they pass through and a topic. */
export async function catalogue(
  actor: Actor,
  query: CatalogueQuery,
): Promise<{ items: RouteView[]; nextCursor: string | null }> {
  const limit = Math.min(query.limit ?? 20, 50);
  const filters: string[] = [];
  const values: Record<string, unknown> = {};
  if (query.country) {
    filters.push("contains(countries, :country)");
    values[":country"] = query.country;
  }
  if (query.topic) {
    filters.push("contains(topics, :topic)");
    values[":topic"] = query.topic;
  }
  const page = await filteredPage({ partition: keys.routesPartition(), filters, values, cursor: query.cursor, limit });
  return { items: await views(actor, page.items as StoredRoute[]), nextCursor: page.nextCursor };
}

/** An institution's own routes, drafts included, newest first (its admins). */
export async function listForInstitution(actor: Actor, institutionId: string): Promise<RouteView[]> {
  await Institutions.requireAdmin(actor, institutionId);
  const routes: StoredRoute[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :p",
        ExpressionAttributeValues: { ":p": keys.institutionRoutesPartition(institutionId) },
        ScanIndexForward: false,
        ExclusiveStartKey: start,
      }),
    );
    routes.push(...((out.Items ?? []) as StoredRoute[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return views(actor, routes);
}

/** The published routes a host receives at one of their stops, soonest first. */
export async function listForHost(actor: Actor, hostId: string): Promise<RouteView[]> {
  if (!(await Hosts.get(hostId))) throw new NotFound("Host");
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :p AND begins_with(sk, :route)",
        ExpressionAttributeValues: { ":p": keys.host(hostId).pk, ":route": keys.hostRoutePrefix() },
        ExclusiveStartKey: start,
      }),
    );
    ids.push(...(out.Items ?? []).map((i) => i.routeId as string));
    start = out.LastEvaluatedKey;
  } while (start);
  const found = await Offerings.getMany(ids.map((id) => ({ kind: routeKind.kind, id })));
  const routes = [...found.values()]
    .map((o) => o as StoredRoute)
    .filter((r) => r.status === "published")
    .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.id.localeCompare(b.id));
  return views(actor, routes);
}

/** Enrols the actor in a published route: the one enrolment machinery (seat, hold, waitlist). */
export async function enrol(actor: Actor, id: string): Promise<Enrolment.EnrolResult> {
  requirePerson(actor);
  const r = await load(id);
  if (r.status !== "published") throw new NotFound(routeKind.notFoundName);
  return Enrolment.enrol(actor, routeKind.kind, id);
}
