/**
 * Seat counters as transaction items. A kind without seats (a document) has no counter:
 * its items are empty, so every verb composes them without asking which kind it has.
 */
import { tableName } from "../db/client";
import { keys } from "../db/keys";
import * as Offerings from "../offerings";
import type { OfferingKind } from "../offerings";

const today = () => new Date().toISOString().slice(0, 10);

/** Takes one seat, refused when the offering is full (and, with `beforeDeadline`, when enrolment closed). */
export function takeSeat(kind: OfferingKind, offeringId: string, opts: { beforeDeadline?: boolean } = {}) {
  if (!Offerings.describe(kind).hasSeats) return [];
  const deadline = opts.beforeDeadline && Offerings.describe(kind).hasDates;
  return [
    {
      Update: {
        TableName: tableName(),
        Key: keys.offering(kind, offeringId),
        UpdateExpression: "SET seatsTaken = seatsTaken + :one",
        ConditionExpression: `seatsTaken < #capacity${deadline ? " AND enrolmentDeadline >= :today" : ""}`,
        ExpressionAttributeNames: { "#capacity": "capacity" },
        ExpressionAttributeValues: { ":one": 1, ...(deadline ? { ":today": today() } : {}) },
      },
    },
  ];
}

/** Gives one seat back; never below zero. */
export function releaseSeat(kind: OfferingKind, offeringId: string) {
  if (!Offerings.describe(kind).hasSeats) return [];
  return [
    {
      Update: {
        TableName: tableName(),
        Key: keys.offering(kind, offeringId),
        UpdateExpression: "SET seatsTaken = seatsTaken - :one",
        ConditionExpression: "seatsTaken > :zero",
        ExpressionAttributeValues: { ":one": 1, ":zero": 0 },
      },
    },
  ];
}

/** Whether the offering, as last read, has a seat free (always, for kinds without seats). */
export const hasFreeSeat = (o: Offerings.Offering) =>
  !Offerings.describe(o.kind).hasSeats || (o.seatsTaken ?? 0) < (o.capacity ?? 0);
