/** The participant gives up their place; a freed seat goes to the head of the waitlist in the same transaction. */
import { type Actor, requirePerson } from "../actor";
import { transact } from "../db/transact";
import { Conflict, NotFound } from "../errors";
import { type Enrolment, HOLDING_SEAT, get } from "./model";
import { leaveQueue, withdrawSeated } from "./transitions";
import { HAND_OVER_ATTEMPTS, handOverSeat } from "./waitlist";

export async function withdraw(actor: Actor, id: string): Promise<Enrolment> {
  const who = requirePerson(actor);
  const enrolment = await get(id);
  if (!enrolment || enrolment.personId !== who.id) throw new NotFound("Enrolment");
  const now = new Date().toISOString();
  if (HOLDING_SEAT.includes(enrolment.status)) {
    for (let attempt = 0; ; attempt++) {
      const handOver = await handOverSeat(enrolment.kind, enrolment.offeringId, attempt);
      const out = await transact([withdrawSeated(enrolment, now), ...handOver.items]);
      if (out.ok) {
        await handOver.notify();
        break;
      }
      // The enrolment itself moved, or the queue kept moving: give up. Otherwise hand to the new head.
      if (out.failed[0] || attempt >= HAND_OVER_ATTEMPTS)
        throw new Conflict("This enrolment changed meanwhile; reload and try again.");
    }
  } else if (enrolment.status === "waitlisted" && enrolment.waitEntry) {
    const out = await transact([leaveQueue(enrolment, now)]);
    if (!out.ok)
      throw new Conflict(
        "This enrolment changed meanwhile (perhaps you were just given a seat); reload and try again.",
      );
  } else {
    throw new Conflict(`An enrolment that is ${enrolment.status} cannot be withdrawn.`);
  }
  return (await get(id))!;
}
