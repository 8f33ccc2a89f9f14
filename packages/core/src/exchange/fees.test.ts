import { DeleteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import * as Hosts from "../hosts";
import * as Offerings from "../offerings";
import { feeShareProblems } from "../offerings/shares";
import { institutionWithAdmin, isoDay, person } from "../testing/fixtures";
import * as Offers from "./offers";
import { placeKind } from "./place-kind";
import * as Places from "./places";

const platformAdmin: Actor = { kind: "person", id: "platform", email: "admin@example.org", roles: ["platform_admin"] };
const paths = (problems: { path: string }[]) => problems.map((p) => p.path);

describe("feeShareProblems", () => {
  it("accepts a whole plan and names every mistake of a bad one", async () => {
    const host = await Hosts.create(platformAdmin, { name: "Yachaq Rosa", kind: "talent", country: "BO" });
    expect(
      await feeShareProblems([
        { party: "operator", basisPoints: 1000 },
        { party: `host:${host.id}`, basisPoints: 9000 },
      ]),
    ).toEqual([]);
    expect(paths(await feeShareProblems([{ party: "operator", basisPoints: 9999 }]))).toEqual(["feeShares"]);
    expect(
      paths(
        await feeShareProblems([
          { party: "operator", basisPoints: 5000 },
          { party: "operator", basisPoints: 5000 },
        ]),
      ),
    ).toEqual(["feeShares"]);
    expect(
      paths(
        await feeShareProblems(
          [
            { party: "someone", basisPoints: 5000 },
            { party: "host:01J00000000000000000000000", basisPoints: 5000.5 },
          ],
          "plan",
        ),
      ),
    ).toEqual(["plan", "plan.0.party", "plan.1.party", "plan.1.basisPoints"]);
  });
});

describe("an offer posted before fees", () => {
  async function legacyOffer() {
    const { institution, admin } = await institutionWithAdmin(`Inst ${Math.random()}`);
    const offer = await Offers.create(admin, {
      institutionId: institution.id,
      kind: "study_visit",
      title: { es: "Visita" },
      description: { es: "Una semana." },
      country: "PE",
      startDate: isoDay(30),
      endDate: isoDay(35),
      capacity: 2,
      topics: [],
      applicationDeadline: isoDay(10),
    });
    // As written before this change: no place item, no fee attributes.
    await ddb().send(new DeleteCommand({ TableName: tableName(), Key: keys.offering(placeKind.kind, offer.id) }));
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.exchangeOffer(offer.id),
        UpdateExpression: "REMOVE prices, feeShares",
      }),
    );
    return { offer, admin, institution };
  }

  it("reads as free with the default plan, and its place is written on the first accept", async () => {
    const { offer, institution } = await legacyOffer();
    expect(await Offers.get(offer.id)).toMatchObject({
      prices: [],
      feeShares: Offerings.planFor(placeKind.defaultFeeShares, institution.id),
    });
    const p = await person(`legacy-${offer.id}@example.org`, { country: "PE" });
    expect(await Places.enrolAccepted(p, offer.id)).toMatchObject({ status: "active" });
    expect(await Offerings.get(placeKind.kind, offer.id)).toMatchObject({
      kind: "exchange_place",
      parentId: offer.id,
      enrolmentDeadline: offer.startDate,
    });
  });

  it("gets its place item, with the new fee, from a PATCH", async () => {
    const { offer, admin, institution } = await legacyOffer();
    const prices = [{ group: "standard" as const, amount: 2000, currency: "USD" }];
    await Offers.update(admin, offer.id, { prices, startDate: isoDay(31) });
    expect(await Offerings.get(placeKind.kind, offer.id)).toMatchObject({
      prices,
      feeShares: Offerings.planFor(placeKind.defaultFeeShares, institution.id),
      title: { es: "Visita" },
      startDate: isoDay(31),
      enrolmentDeadline: isoDay(31),
    });
    const p = await person(`legacy2-${offer.id}@example.org`, { country: "CA" });
    expect(await Places.enrolAccepted(p, offer.id)).toMatchObject({ status: "pending_payment" });
  });
});
