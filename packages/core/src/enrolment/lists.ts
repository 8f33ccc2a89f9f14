/** Lists of enrolments: a person's own (with what a list shows), and an offering's (its admins' view). */
import { type Actor, requirePerson } from "../actor";
import { tableName } from "../db/client";
import { keys } from "../db/keys";
import { queryAll } from "../db/query";
import { toMajor } from "../money";
import * as Offerings from "../offerings";
import * as People from "../people";
import type { OfferingKind } from "../offerings";
import type { Localized } from "../text";
import type { EnrolResult } from "./enrol";
import { type Enrolment, fromItem } from "./model";
import { waitlistPosition, waitlistPositions } from "./waitlist";

/** A person's own enrolments, newest first. */
export async function listMine(actor: Actor): Promise<Enrolment[]> {
  const who = requirePerson(actor);
  const items = await queryAll({
    TableName: tableName(),
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :p AND begins_with(gsi1sk, :e)",
    ExpressionAttributeValues: { ":p": keys.personPartition(who.id), ":e": keys.enrolmentPrefix() },
    ScanIndexForward: false,
  });
  return items.map(fromItem);
}

export type MyEnrolment = EnrolResult & {
  title: Localized;
  startDate?: string;
  endDate?: string;
  offering: Offerings.Offering | null;
};

/** The actor's enrolments with what a list needs to show: the offering's title and dates, queue positions. */
export async function listMineDetailed(actor: Actor): Promise<MyEnrolment[]> {
  const mine = (await listMine(actor)).filter((e) => Offerings.isKind(e.kind));
  const offerings = await Offerings.getMany(mine.map((e) => ({ kind: e.kind, id: e.offeringId })));
  return Promise.all(
    mine.map(async (e) => {
      const o = offerings.get(`${e.kind}#${e.offeringId}`) ?? null;
      const position =
        e.status === "waitlisted" && e.waitEntry ? await waitlistPosition(e.kind, e.offeringId, e.waitEntry) : null;
      return {
        ...e,
        ...(position ? { waitlistPosition: position } : {}),
        title: o?.title ?? {},
        ...(o?.startDate && o.endDate ? { startDate: o.startDate, endDate: o.endDate } : {}),
        offering: o,
      };
    }),
  );
}

/** Every enrolment of an offering (its admins' view), with waitlist positions. */
export async function listForOffering(kind: OfferingKind, offeringId: string): Promise<EnrolResult[]> {
  const items = (
    await queryAll({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :e)",
      ExpressionAttributeValues: { ":pk": keys.offeringPartition(kind, offeringId), ":e": keys.enrolmentPrefix() },
      ConsistentRead: true,
    })
  ).map(fromItem);
  const position = await waitlistPositions(kind, offeringId);
  return items.map((e) => (position.has(e.id) ? { ...e, waitlistPosition: position.get(e.id) } : e));
}

/** One participant of an offering as its admins' table and CSV show them. */
export type RosterRow = {
  id: string;
  personId: string;
  name: string;
  email: string;
  country: string;
  pricingGroup: string;
  status: EnrolResult["status"];
  waitlistPosition: number | null;
  price: string;
  enrolledAt: string;
};

/**
 * An offering's participants for its admins, whatever its kind: seated first, then the waitlist in
 * order. `extra` adds a kind's own columns (a cohort's progress) from the enrolment record.
 */
export async function roster<E extends EnrolResult, Extra extends object = object>(
  kind: OfferingKind,
  offeringId: string,
  extra: (e: E) => Extra = () => ({}) as Extra,
): Promise<(RosterRow & Extra)[]> {
  const enrolments = (await listForOffering(kind, offeringId)) as E[];
  const people = await People.getMany(enrolments.map((e) => e.personId));
  return enrolments
    .map((e) => {
      const p = people.get(e.personId);
      const { enrolledAt, ...more } = { enrolledAt: e.createdAt, ...extra(e) };
      return {
        id: e.id,
        personId: e.personId,
        name: p?.name ?? "",
        email: e.email,
        country: p?.country ?? "",
        pricingGroup: People.pricingGroupOf(p?.country, p?.organisationType),
        status: e.status,
        waitlistPosition: e.waitlistPosition ?? null,
        price: e.price ? `${toMajor(e.price.amount, e.price.currency)} ${e.price.currency}` : "free",
        ...more,
        enrolledAt,
      } as RosterRow & Extra;
    })
    .sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0) || a.enrolledAt.localeCompare(b.enrolledAt));
}
