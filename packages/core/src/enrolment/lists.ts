/** Lists of enrolments: a person's own (with what a list shows), and an offering's (its admins' view). */
import { type Actor, requirePerson } from "../actor";
import { tableName } from "../db/client";
import { keys } from "../db/keys";
import { queryAll } from "../db/query";
import * as Offerings from "../offerings";
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
