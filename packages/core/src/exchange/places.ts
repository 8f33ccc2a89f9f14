/**
 * A participant's place on the offer they accepted, sold through the one enrolment machinery
 * (place-kind.ts): free → active at once, priced → pending_payment, then Checkout as for any kind.
 * Accepting is retried by people and by clients, so enrolling here is idempotent: an enrolment that
 * holds the place is returned as it is, one that lapsed is made again.
 */
import { type Actor, requirePerson } from "../actor";
import { transact } from "../db/transact";
import * as Enrolment from "../enrolment";
import { Conflict, DomainError } from "../errors";
import * as Offerings from "../offerings";
import * as Offers from "./offers";
import { placeKind } from "./place-kind";

export type PlaceEnrolment = { enrolmentId: string; status: string };

const holding = (e: Enrolment.Enrolment | null) =>
  e && (e.status === "active" || (e.status === "pending_payment" && !lapsed(e)));
const lapsed = (e: Enrolment.Enrolment) => !!e.holdExpiresAt && Date.parse(e.holdExpiresAt) <= Date.now();
const result = (e: Enrolment.Enrolment): PlaceEnrolment => ({ enrolmentId: e.id, status: e.status });

/**
 * Enrols the actor in the place of an offer. The caller (accepting a placement) has checked that the
 * place is theirs; this only makes sure the enrolment exists once and can be paid.
 */
export async function enrolAccepted(actor: Actor, offerId: string): Promise<PlaceEnrolment> {
  const who = requirePerson(actor);
  const id = Enrolment.enrolmentId(placeKind.kind, offerId, who.id);
  const existing = await Enrolment.get(id);
  if (holding(existing)) return result(existing!);
  // A hold that lapsed but that the sweep has not reached yet: let it lapse now, as the sweep would.
  if (existing?.status === "pending_payment")
    await transact([Enrolment.Transitions.lapseHold(existing, new Date().toISOString())]);
  await ensurePlace(offerId);
  try {
    return result(await Enrolment.enrol(actor, placeKind.kind, offerId));
  } catch (err) {
    // A concurrent call enrolled first: theirs is this one's answer.
    if (!(err instanceof DomainError && err.code === "already_enrolled")) throw err;
    const now = await Enrolment.get(id);
    if (holding(now)) return result(now!);
    throw new Conflict("The place is changing; try again.", "stale");
  }
}

/** An offer posted before fees existed has no place item yet: write it from the offer (free). */
async function ensurePlace(offerId: string): Promise<void> {
  if (await Offerings.get(placeKind.kind, offerId)) return;
  const offer = await Offers.load(offerId);
  await Offerings.create(Offers.placeOf(offer), {}, "ExchangePlace").catch((err) => {
    if (!(err instanceof Conflict)) throw err; // written meanwhile by a concurrent call
  });
}
