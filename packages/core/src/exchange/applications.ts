/**
 * Exchange applications and offers' rankings of their applicants. One application per person
 * (its key is the person), a statement and a ranked list of open offers, editable until the
 * earliest application deadline among its offers. An offer's admins read who listed it and rank
 * those they find acceptable; ranking anyone else is refused, naming the entry.
 * See docs/decisions/0019-exchange-matching.md.
 */
import { type Actor, requirePerson } from "../actor";
import * as Audit from "../audit";
import { tableName } from "../db/client";
import { keys } from "../db/keys";
import { queryAll } from "../db/query";
import { transact } from "../db/transact";
import { Conflict, Invalid, NotFound } from "../errors";
import * as Institutions from "../institutions";
import * as People from "../people";
import { sideOf } from "../people/countries";
import * as Offers from "./offers";
import * as Placements from "./placements";
import * as Rounds from "./rounds";

export type OfferSummary = Pick<
  Offers.Offer,
  "id" | "kind" | "title" | "country" | "city" | "startDate" | "endDate" | "applicationDeadline" | "status"
>;
export type ApplicationView = Omit<Application, "personId"> & {
  /** The offers it names (and the one assigned), in short; only in the signed-in person's read. */
  offers?: OfferSummary[];
  assignment?: Placements.PlacementView;
};

const summaryOf = (o: Offers.Offer): OfferSummary => ({
  id: o.id,
  kind: o.kind,
  title: o.title,
  country: o.country,
  ...(o.city ? { city: o.city } : {}),
  startDate: o.startDate,
  endDate: o.endDate,
  applicationDeadline: o.applicationDeadline,
  status: o.status,
});

import { type Application, findApplication as find, findApplications } from "./store";

export type { Application } from "./store";

const loadOrNull = (id: string) => Offers.load(id).catch(() => null);

/**
 * Writes (or rewrites) the signed-in person's application, and in the same transaction one
 * listing item per offer it names (dropping those of offers it no longer names), so an offer's
 * applicants are read from its own partition. The write is conditioned on the application read,
 * so two saves at once cannot leave a listing behind; the loser reads again and retries.
 */
export async function save(actor: Actor, input: { statement: string; ranking: string[] }): Promise<ApplicationView> {
  const person = requirePerson(actor);
  for (let attempt = 0; attempt < 10; attempt++) {
    // Saves racing on one application (a double click, two tabs): back off a little, at random.
    if (attempt) await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    const current = await find(person.id);
    const ids = [...new Set([...(current?.ranking ?? []), ...input.ranking])];
    const offers = new Map((await Promise.all(ids.map(loadOrNull))).flatMap((o) => (o ? [[o.id, o] as const] : [])));
    const errors = input.ranking.flatMap((id, i) => {
      const o = offers.get(id);
      if (!o) return [{ path: `ranking.${i}`, message: `No exchange offer ${id}.` }];
      if (o.status !== "open") return [{ path: `ranking.${i}`, message: `Offer ${id} is closed.` }];
      if (input.ranking.indexOf(id) !== i) return [{ path: `ranking.${i}`, message: `Offer ${id} is listed twice.` }];
      return [];
    });
    if (errors.length) throw new Invalid("Invalid application.", errors);
    // Editable until the earliest deadline among its offers, those it had and those it names now.
    const passed = ids.map((id) => offers.get(id)).filter((o) => o && Offers.deadlinePassed(o));
    if (passed.length)
      throw new Conflict(`The application deadline of offer ${passed[0]!.id} has passed.`, "deadline_passed");
    const app: Application = {
      id: current?.id ?? person.id,
      personId: person.id,
      statement: input.statement,
      ranking: input.ranking,
      updatedAt: new Date().toISOString(),
    };
    const dropped = (current?.ranking ?? []).filter((id) => !input.ranking.includes(id));
    const out = await transact([
      {
        Put: {
          TableName: tableName(),
          Item: { ...keys.exchangeApplication(person.id), type: "ExchangeApplication", ...app },
          ...(current
            ? { ConditionExpression: "updatedAt = :read", ExpressionAttributeValues: { ":read": current.updatedAt } }
            : { ConditionExpression: "attribute_not_exists(pk)" }),
        },
      },
      ...input.ranking.map((offerId) => ({
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.exchangeOfferApplicant(offerId, person.id),
            type: "ExchangeOfferApplicant",
            personId: person.id,
          },
        },
      })),
      ...dropped.map((offerId) => ({
        Delete: { TableName: tableName(), Key: keys.exchangeOfferApplicant(offerId, person.id) },
      })),
      Audit.write(actor, {
        action: "exchange_application.saved",
        target: { kind: "exchange_application", id: app.id },
        details: { offers: app.ranking.length },
      }),
    ]);
    if (out.ok) return viewOf(app);
  }
  throw new Conflict("Your application changed while it was saved; try again.", "stale");
}

/** The people whose application lists an offer. */
const applicantIds = (offerId: string) =>
  queryAll({
    TableName: tableName(),
    KeyConditionExpression: "pk = :p AND begins_with(sk, :s)",
    ExpressionAttributeValues: {
      ":p": keys.exchangeOfferApplicant(offerId, "").pk,
      ":s": keys.exchangeOfferApplicantPrefix(),
    },
    ProjectionExpression: "personId",
  }).then((items) => items.map((i) => i.personId as string));

const viewOf = ({ personId: _p, ...a }: Application): ApplicationView => a;

/** The signed-in person's application, with their latest placement and its explanation. */
export async function mine(actor: Actor): Promise<ApplicationView> {
  const person = requirePerson(actor);
  const app = await find(person.id);
  if (!app) throw new NotFound("Exchange application");
  const placement = await Rounds.latestPlacement(person.id);
  const ids = [...new Set([...app.ranking, ...(placement?.offerId ? [placement.offerId] : [])])];
  // What the application page shows of each offer it names, so it needs no request per offer.
  const offers = (await Promise.all(ids.map(loadOrNull))).flatMap((o) => (o ? [summaryOf(o)] : []));
  return {
    ...viewOf(app),
    offers,
    ...(placement ? { assignment: await Placements.view(placement) } : {}),
  };
}

export type Applicant = {
  personId: string;
  /** Where the offer's saved ranking puts them (1 = first); null when it does not rank them. */
  rank: number | null;
  name: string | null;
  country: string | null;
  side: string | null;
  organisation: string | null;
  statement: string;
};

/** Who listed an offer, with their profile and statement (the offer's institution's admins). */
export async function applicants(actor: Actor, offerId: string): Promise<Applicant[]> {
  const offer = await Offers.load(offerId);
  await Institutions.requireAdmin(actor, offer.institutionId);
  const ids = await applicantIds(offerId);
  const [apps, people] = await Promise.all([findApplications(ids), People.getMany(ids)]);
  const rankOf = new Map((offer.ranking ?? []).map((id, i) => [id, i + 1]));
  return apps
    .filter((a) => a.ranking.includes(offerId))
    .map((a) => {
      const p = people.get(a.personId);
      return {
        rank: rankOf.get(a.personId) ?? null,
        personId: a.personId,
        name: p?.name ?? null,
        country: p?.country ?? null,
        side: sideOf(p?.country),
        organisation: p?.organisation ?? null,
        statement: a.statement,
      };
    })
    .sort((x, y) => (x.rank ?? Infinity) - (y.rank ?? Infinity));
}

/** An offer's ranking of its applicants: only those who listed the offer, each once. */
export async function rank(
  actor: Actor,
  offerId: string,
  ranking: string[],
): Promise<{ id: string; ranking: string[] }> {
  const offer = await Offers.load(offerId);
  await Institutions.requireAdmin(actor, offer.institutionId);
  if (offer.status !== "open") throw new Conflict("This offer is closed.", "closed");
  const listed = new Set(await applicantIds(offerId));
  const errors = ranking.flatMap((id, i) =>
    !listed.has(id)
      ? [{ path: `ranking.${i}`, message: `${id} has not applied to this offer.` }]
      : ranking.indexOf(id) !== i
        ? [{ path: `ranking.${i}`, message: `${id} is ranked twice.` }]
        : [],
  );
  if (errors.length) throw new Invalid("Invalid ranking.", errors);
  const out = await transact([
    {
      Update: {
        TableName: tableName(),
        Key: keys.exchangeOffer(offerId),
        UpdateExpression: "SET ranking = :r",
        ConditionExpression: "#status = :open",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":r": ranking, ":open": "open" },
      },
    },
    Audit.write(actor, {
      action: "exchange_offer.ranked",
      target: { kind: "exchange_offer", id: offerId },
      institutionId: offer.institutionId,
      details: { ranked: ranking.length },
    }),
  ]);
  if (!out.ok) throw new Conflict("This offer was closed while it was ranked.", "closed");
  return { id: offerId, ranking };
}
