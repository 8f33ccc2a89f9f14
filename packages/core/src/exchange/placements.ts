/**
 * What follows a round: an assigned applicant accepts or declines by the round's answer date
 * (each answer one conditional write, so a double click or a race answers once); an offer's
 * institution reads why each of its places went where it went; the platform admin downloads a
 * round's outcome as CSV. See docs/decisions/0019-exchange-matching.md.
 */
import { stringify } from "csv-stringify/sync";
import { type Actor, requirePerson, requirePlatformAdmin } from "../actor";
import * as Audit from "../audit";
import * as Enrolment from "../enrolment";
import { tableName } from "../db/client";
import { keys } from "../db/keys";
import { transact } from "../db/transact";
import { Conflict } from "../errors";
import * as Institutions from "../institutions";
import * as People from "../people";
import { type Locale, pick } from "../text";
import * as Offers from "./offers";
import { placeKind } from "./place-kind";
import * as Places from "./places";
import { explainEntry, explainReasons } from "./round";
import {
  type Placement,
  type PlacementStatus,
  lapsed,
  latestPlacement,
  offerRounds,
  placementsOf,
  summaryOf,
} from "./rounds";

export type PlacementView = {
  roundId: string;
  offerId: string | null;
  status: PlacementStatus | "lapsed";
  respondBy: string;
  explanation: Record<Locale, string>;
  /** Once accepted: the place's enrolment (to pay, when the offer has a fee). */
  enrolmentId?: string;
  /** The offer's preparatory course, which its assigned participants are invited to. */
  preparatoryCourseId?: string;
};

export const statusOf = (p: Placement): PlacementView["status"] => (lapsed(p) ? "lapsed" : p.status);

/** Offer titles by id, for naming offers in explanations (unknown ids keep their id). */
async function titles(ids: string[]) {
  const offers = await Promise.all([...new Set(ids)].map((id) => Offers.load(id).catch(() => null)));
  const byId = new Map(offers.flatMap((o) => (o ? [[o.id, o] as const] : [])));
  return (offerId: string, locale: Locale) => {
    const o = byId.get(offerId);
    return o ? pick(o.title, locale) : offerId;
  };
}

/** A placement as its person reads it: the offer, the status and the explanation in EN/ES/FR. */
export async function view(p: Placement): Promise<PlacementView> {
  const [label, offer] = await Promise.all([
    titles([...(p.offerId ? [p.offerId] : []), ...p.reasons.map((r) => r.offerId)]),
    p.offerId ? Offers.load(p.offerId).catch(() => null) : null,
  ]);
  return {
    roundId: p.roundId,
    offerId: p.offerId,
    status: statusOf(p),
    respondBy: p.respondBy,
    explanation: explainReasons(p.offerId, p.reasons, label),
    ...(p.status === "accepted" && p.offerId
      ? { enrolmentId: Enrolment.enrolmentId(placeKind.kind, p.offerId, p.personId) }
      : {}),
    ...(offer?.preparatoryCourseId ? { preparatoryCourseId: offer.preparatoryCourseId } : {}),
  };
}

/** The signed-in person's latest placement, for answering. */
async function answerable(actor: Actor): Promise<Placement & { offerId: string }> {
  const person = requirePerson(actor);
  const p = await latestPlacement(person.id);
  if (!p || !p.offerId) throw new Conflict("You have no exchange place to answer.", "not_assigned");
  return p as Placement & { offerId: string };
}

async function answer(actor: Actor, p: Placement, to: "accepted" | "declined"): Promise<boolean> {
  const out = await transact([
    {
      Update: {
        TableName: tableName(),
        Key: keys.exchangePlacementKey(p.roundId, p.personId),
        UpdateExpression: "SET #status = :to, answeredAt = :at",
        ConditionExpression: "#status = :assigned AND respondBy >= :today",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":to": to,
          ":at": new Date().toISOString(),
          ":assigned": "assigned",
          ":today": new Date().toISOString().slice(0, 10),
        },
      },
    },
    Audit.write(actor, {
      action: `exchange_place.${to}`,
      target: { kind: "exchange_offer", id: p.offerId! },
      details: { round: p.roundId },
    }),
  ]);
  return out.ok;
}

/** Why an answer cannot be given now (the placement as last read). */
function refusal(p: Placement): Conflict {
  if (p.status === "declined") return new Conflict("You declined this place.", "declined");
  if (p.status === "accepted") return new Conflict("You accepted this place.", "accepted");
  return new Conflict(`The answer date (${p.respondBy}) has passed.`, "respond_by_passed");
}

export type Accepted = {
  status: "accepted";
  offerId: string;
  enrolmentId: string;
  enrolmentStatus: string;
  preparatoryCourseId?: string;
};

/**
 * Accepts the signed-in person's assigned place and enrols them in it (exchange/places.ts): free
 * → active, priced → pending_payment, paid through the same checkout. Accepting again answers the
 * same, and enrols again a place whose payment hold lapsed. An offer closed since the round → 409.
 */
export async function accept(actor: Actor): Promise<Accepted> {
  const p = await answerable(actor);
  if (p.status !== "accepted") {
    if (p.status !== "assigned" || lapsed(p)) throw refusal(p);
    const offer = await Offers.load(p.offerId);
    if (offer.status !== "open") throw new Conflict("This offer was closed by its institution.", "closed");
    if (!(await answer(actor, p, "accepted"))) {
      const now = (await latestPlacement(p.personId))!;
      if (now.status !== "accepted") throw refusal(now);
    }
  }
  const [offer, enrolment] = await Promise.all([Offers.load(p.offerId), Places.enrolAccepted(actor, p.offerId)]);
  return {
    status: "accepted",
    offerId: p.offerId,
    enrolmentId: enrolment.enrolmentId,
    enrolmentStatus: enrolment.status,
    ...(offer.preparatoryCourseId ? { preparatoryCourseId: offer.preparatoryCourseId } : {}),
  };
}

/** Declines the signed-in person's assigned place: it goes to the next round. Declining again answers the same. */
export async function decline(actor: Actor): Promise<{ status: "declined"; offerId: string }> {
  const p = await answerable(actor);
  if (p.status === "declined") return { status: "declined", offerId: p.offerId };
  if (p.status !== "assigned" || lapsed(p)) throw refusal(p);
  if (await answer(actor, p, "declined")) return { status: "declined", offerId: p.offerId };
  const now = (await latestPlacement(p.personId))!;
  if (now.status === "declined") return { status: "declined", offerId: p.offerId };
  throw refusal(now);
}

export type OfferPlacement = {
  personId: string;
  name: string | null;
  rank: number | null;
  roundId: string;
  outcome: "placed" | "higher_choice" | "full" | "not_ranked";
  status?: PlacementView["status"];
  why: Record<Locale, string>;
};

/** Why each place of an offer went where it went, round by round (admins of its institution). */
export async function forOffer(actor: Actor, offerId: string): Promise<OfferPlacement[]> {
  const offer = await Offers.load(offerId);
  await Institutions.requireAdmin(actor, offer.institutionId);
  const rounds = await offerRounds(offerId);
  const people = await People.getMany(rounds.flatMap((r) => r.entries.map((e) => e.personId)));
  const placed = await Promise.all(
    rounds.map(async (r) =>
      r.entries.some((e) => e.outcome === "placed")
        ? new Map((await placementsOf(r.roundId)).map((p) => [p.personId, p]))
        : new Map<string, Placement>(),
    ),
  );
  return rounds.flatMap((r, i) =>
    r.entries.map((e) => {
      const p = e.outcome === "placed" ? placed[i]!.get(e.personId) : undefined;
      return {
        personId: e.personId,
        name: people.get(e.personId)?.name ?? null,
        rank: e.rank,
        roundId: r.roundId,
        outcome: e.outcome,
        ...(p ? { status: statusOf(p) } : {}),
        why: explainEntry(e, r.places),
      };
    }),
  );
}

/** A round's outcome with names, e-mails and statuses (platform admin). */
export async function outcomeCsv(actor: Actor, roundId: string): Promise<string> {
  requirePlatformAdmin(actor);
  await summaryOf(roundId);
  const placements = await placementsOf(roundId);
  const [people, label] = await Promise.all([
    People.getMany(placements.map((p) => p.personId)),
    titles(placements.flatMap((p) => (p.offerId ? [p.offerId] : []))),
  ]);
  const rows = placements.map((p) => {
    const person = people.get(p.personId);
    return [
      p.personId,
      person?.name ?? "",
      person?.email ?? "",
      person?.country ?? "",
      p.offerId ?? "",
      p.offerId ? label(p.offerId, "en") : "",
      statusOf(p),
      p.respondBy,
      p.answeredAt ?? "",
    ];
  });
  return stringify([
    ["person_id", "name", "email", "country", "offer_id", "offer_title", "status", "respond_by", "answered_at"],
    ...rows,
  ]);
}
