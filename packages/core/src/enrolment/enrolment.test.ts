import { describe, expect, it } from "vitest";
import * as Courses from "../courses";
import { Conflict } from "../errors";
import * as Mail from "../mail";
import { person, publishedCourseWithCohort } from "../testing/fixtures";
import * as Enrolment from "./index";

/** The queue as stored: waitlisted enrolments in their order of joining. */
async function waitlist(cohortId: string) {
  const all = await Enrolment.listForOffering("cohort", cohortId);
  return all
    .filter((e) => e.status === "waitlisted")
    .sort((a, b) => a.waitEntry!.localeCompare(b.waitEntry!))
    .map((e) => e.personId);
}

/** Checks every counter against the items it counts. */
async function assertConsistent(cohortId: string) {
  const cohort = await Courses.getCohort(cohortId);
  const all = await Enrolment.listForOffering("cohort", cohortId);
  const seated = all.filter((e) => Enrolment.HOLDING_SEAT.includes(e.status));
  const waiting = all.filter((e) => e.status === "waitlisted");
  const queue = await waitlist(cohortId);
  const positions = all
    .filter((e) => e.waitlistPosition)
    .sort((a, b) => a.waitlistPosition! - b.waitlistPosition!)
    .map((e) => e.personId);
  expect(cohort.seatsTaken).toBe(seated.length);
  expect(cohort.seatsTaken).toBeLessThanOrEqual(cohort.capacity);
  expect(cohort.seatsTaken).toBeGreaterThanOrEqual(0);
  expect(await Enrolment.waitlistLength("cohort", cohortId)).toBe(waiting.length);
  expect(positions).toEqual(queue);
  expect([...queue].sort()).toEqual(waiting.map((e) => e.personId).sort());
  expect(new Set(all.map((e) => e.personId)).size).toBe(all.length);
  return { cohort, all, seated, waiting };
}

describe("enrolment", () => {
  it("makes a free enrolment active, and refuses a second one with 409", async () => {
    const { cohort } = await publishedCourseWithCohort({ capacity: 5 });
    const ana = await person("ana@example.org", { country: "PE" });
    const e = await Courses.enrolInCohort(ana, cohort.id);
    expect(e).toMatchObject({ status: "active", price: null });
    await expect(Courses.enrolInCohort(ana, cohort.id)).rejects.toBeInstanceOf(Conflict);
    await assertConsistent(cohort.id);
  });

  it("holds a priced seat 30 minutes at the person's own price", async () => {
    const prices = [
      { group: "standard" as const, amount: 24000, currency: "CAD" },
      { group: "reduced" as const, amount: 6000, currency: "CAD" },
      { group: "community" as const, amount: 1500, currency: "CAD" },
    ];
    const { cohort } = await publishedCourseWithCohort({ capacity: 5, prices });
    const pe = await Courses.enrolInCohort(
      await person("pe@example.org", { country: "PE", organisationType: "ngo" }),
      cohort.id,
    );
    const ca = await Courses.enrolInCohort(await person("ca@example.org", { country: "CA" }), cohort.id);
    const talent = await Courses.enrolInCohort(
      await person("t@example.org", { country: "BO", organisationType: "local_talent" }),
      cohort.id,
    );
    expect(pe).toMatchObject({ status: "pending_payment", price: { group: "reduced", amount: 6000 } });
    expect(ca.price).toMatchObject({ group: "standard", amount: 24000 });
    expect(talent.price).toMatchObject({ group: "community", amount: 1500 });
    const held = Date.parse(pe.holdExpiresAt!) - Date.parse(pe.createdAt);
    expect(held).toBe(30 * 60_000);
  });

  it("refuses enrolment after the deadline with a clear 409", async () => {
    const { cohort } = await publishedCourseWithCohort({ capacity: 5, startOffset: -12 });
    const late = person("late@example.org");
    await expect(Courses.enrolInCohort(await late, cohort.id)).rejects.toThrow(/closed on/);
  });

  it("seats exactly the capacity out of 200 concurrent enrolments and queues the rest in a stable order", async () => {
    const { cohort } = await publishedCourseWithCohort({ capacity: 20 });
    const people = await Promise.all(Array.from({ length: 200 }, (_, i) => person(`p${i}@example.org`)));
    const results = await Promise.all(people.map((p) => Courses.enrolInCohort(p, cohort.id)));
    expect(results.filter((r) => r.status === "active")).toHaveLength(20);
    expect(results.filter((r) => r.status === "waitlisted")).toHaveLength(180);
    const { cohort: after, waiting } = await assertConsistent(cohort.id);
    expect(after.seatsTaken).toBe(20);
    // Positions are a permutation of 1..180 in the order of the queue, and the order does not change when read again.
    const listed = await Enrolment.listForOffering("cohort", cohort.id);
    const positions = listed
      .filter((e) => e.waitlistPosition)
      .map((e) => e.waitlistPosition!)
      .sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));
    expect(await waitlist(cohort.id)).toEqual(await waitlist(cohort.id));
    expect(waiting).toHaveLength(180);
  }, 120_000);

  it("gives a withdrawn seat to the first waitlisted person and e-mails them", async () => {
    const { cohort } = await publishedCourseWithCohort({ capacity: 1 });
    const first = await person("first@example.org");
    const second = await person("second@example.org", { languages: ["es"] });
    const third = await person("third@example.org");
    const e1 = await Courses.enrolInCohort(first, cohort.id);
    const e2 = await Courses.enrolInCohort(second, cohort.id);
    const e3 = await Courses.enrolInCohort(third, cohort.id);
    expect([e2.waitlistPosition, e3.waitlistPosition]).toEqual([1, 2]);
    expect((await Enrolment.withdraw(first, e1.id)).status).toBe("withdrawn");
    expect((await Enrolment.get(e2.id))!.status).toBe("active");
    expect((await Enrolment.get(e3.id))!.status).toBe("waitlisted");
    const [mail] = await Mail.listFor("second@example.org");
    expect(mail.subject).toMatch(/Tienes un cupo/);
    await assertConsistent(cohort.id);
    // Someone else cannot withdraw your enrolment; it is not even acknowledged.
    await expect(Enrolment.withdraw(third, e2.id)).rejects.toThrow(/not found/);
  });

  it("never loses a waitlisted person or creates a seat when 50 withdraw at once", async () => {
    const { cohort } = await publishedCourseWithCohort({ capacity: 50 });
    const seated = await Promise.all(Array.from({ length: 50 }, (_, i) => person(`s${i}@example.org`)));
    const waiting = await Promise.all(Array.from({ length: 60 }, (_, i) => person(`w${i}@example.org`)));
    const seatedEnrolments: Enrolment.EnrolResult[] = [];
    for (const p of seated) seatedEnrolments.push(await Courses.enrolInCohort(p, cohort.id));
    const waitingEnrolments: Enrolment.EnrolResult[] = [];
    for (const p of waiting) waitingEnrolments.push(await Courses.enrolInCohort(p, cohort.id));
    // 50 seat-holders and 5 waitlisted people withdraw at the same moment.
    const leaving = [
      ...seated.map((p, i) => [p, seatedEnrolments[i]] as const),
      ...waiting.slice(-5).map((p, i) => [p, waitingEnrolments[55 + i]] as const),
    ];
    const outcomes = await Promise.allSettled(leaving.map(([p, e]) => Enrolment.withdraw(p, e.id)));
    expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
    const { cohort: after, all } = await assertConsistent(cohort.id);
    expect(after.seatsTaken).toBe(50);
    const byPerson = new Map(all.map((e) => [e.personId, e.status]));
    // The first 50 in the queue hold the seats; none of the 60 is lost.
    waiting.slice(0, 50).forEach((p) => expect(byPerson.get(p.id)).toBe("active"));
    waiting.slice(50, 55).forEach((p) => expect(byPerson.get(p.id)).toBe("waitlisted"));
    waiting.slice(55).forEach((p) => expect(byPerson.get(p.id)).toBe("withdrawn"));
  }, 120_000);

  it("releases expired holds in the sweep and promotes the waitlist", async () => {
    const { cohort } = await publishedCourseWithCohort({
      capacity: 1,
      prices: [{ group: "standard", amount: 5000, currency: "USD" }],
    });
    const a = await person("hold-a@example.org");
    const b = await person("hold-b@example.org");
    const ea = await Courses.enrolInCohort(a, cohort.id);
    const eb = await Courses.enrolInCohort(b, cohort.id);
    expect([ea.status, eb.status]).toEqual(["pending_payment", "waitlisted"]);
    // Not yet expired: nothing happens.
    expect(await Enrolment.releaseExpiredHolds(new Date())).toBe(0);
    const later = new Date(Date.now() + 31 * 60_000);
    // The sweep is table-wide: other tests' holds expire too, so count at least ours.
    expect(await Enrolment.releaseExpiredHolds(later)).toBeGreaterThanOrEqual(1);
    expect((await Enrolment.get(ea.id))!.status).toBe("expired");
    expect((await Enrolment.get(eb.id))!).toMatchObject({ status: "pending_payment" });
    await assertConsistent(cohort.id);
    // The promoted person's new hold runs from the promotion: a sweep now leaves it alone.
    expect(await Enrolment.releaseExpiredHolds(new Date())).toBe(0);
    expect((await Enrolment.get(eb.id))!.status).toBe("pending_payment");
  });

  it("hands a freed seat to the head of the queue even while newcomers rush in", async () => {
    const { cohort } = await publishedCourseWithCohort({ capacity: 1 });
    const a = await person("seat-a@example.org");
    const b = await person("queue-b@example.org");
    const ea = await Courses.enrolInCohort(a, cohort.id);
    const eb = await Courses.enrolInCohort(b, cohort.id);
    expect(eb.status).toBe("waitlisted");
    const newcomers = await Promise.all(Array.from({ length: 20 }, (_, i) => person(`rush-${i}@example.org`)));
    await Promise.all([Enrolment.withdraw(a, ea.id), ...newcomers.map((n) => Courses.enrolInCohort(n, cohort.id))]);
    expect((await Enrolment.get(eb.id))!.status).toBe("active");
    const { seated } = await assertConsistent(cohort.id);
    expect(seated.map((e) => e.personId)).toEqual([b.id]);
  }, 60_000);
});
