import { describe, expect, it } from "vitest";
import { type Actor, anonymous, system } from "../actor";
import * as Audit from "../audit";
import { transact } from "../db/transact";
import * as Enrolment from "../enrolment";
import { Conflict, Invalid, NotFound } from "../errors";
import * as Hosts from "../hosts";
import { institutionWithAdmin, isoDay, person } from "../testing/fixtures";
import * as LearningRoutes from "./index";

const platformAdmin: Actor = { kind: "person", id: "platform", email: "admin@example.org", roles: ["platform_admin"] };

async function host(name: string, country = "PE", region = "Cusco") {
  return Hosts.create(platformAdmin, { name, kind: "organisation", country, region });
}

async function setup() {
  const { institution, admin } = await institutionWithAdmin();
  const [raqchi, amaru] = await Promise.all([host("Comunidad de Raqchi"), host("Amaru", "PE", "Pisac")]);
  const input = (over: Partial<LearningRoutes.RouteInput> = {}): LearningRoutes.RouteInput => ({
    institutionId: institution.id,
    title: "Ruta del agua y la papa",
    summary: { es: "Qochas, andenes y mercados." },
    theme: "community-natural-resources",
    topics: ["local-production-and-trade"],
    countries: ["PE"],
    startDate: isoDay(30),
    endDate: isoDay(34),
    capacity: 2,
    stops: [
      { day: 2, hostId: amaru.id, place: "Pisac", title: { es: "Papas nativas" } },
      { day: 1, hostId: raqchi.id, place: "Raqchi", title: "Qochas", activity: { es: "Faena" } },
    ],
    prices: [{ group: "standard", amount: 90000, currency: "PEN" }],
    feeShares: [
      { party: `host:${raqchi.id}`, basisPoints: 3500 },
      { party: `host:${amaru.id}`, basisPoints: 3500 },
      { party: "institution", basisPoints: 1500 },
      { party: "operator", basisPoints: 1000 },
      { party: "solidarity_fund", basisPoints: 500 },
    ],
    ...over,
  });
  return { institution, admin, raqchi, amaru, input };
}

/** The field paths an Invalid names. */
async function invalidPaths(p: Promise<unknown>): Promise<string[]> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Invalid);
  return ((err as Invalid).errors ?? []).map((e) => e.path);
}

describe("creating a route", () => {
  it("stores a draft with plain text as English, theme merged into topics, the default deadline, stops by day", async () => {
    const { admin, input, raqchi, amaru, institution } = await setup();
    const route = await LearningRoutes.create(admin, input());
    expect(route).toMatchObject({
      status: "draft",
      title: { en: "Ruta del agua y la papa" },
      topics: ["community-natural-resources", "local-production-and-trade"],
      enrolmentDeadline: isoDay(29),
      seatsLeft: 2,
      feeShares: expect.arrayContaining([{ party: `institution:${institution.id}`, basisPoints: 1500 }]),
    });
    expect(route.stops.map((s) => [s.day, s.hostId, s.title])).toEqual([
      [1, raqchi.id, { en: "Qochas" }],
      [2, amaru.id, { es: "Papas nativas" }],
    ]);
    expect(route.stops[0].host).toEqual({
      id: raqchi.id,
      name: "Comunidad de Raqchi",
      kind: "organisation",
      country: "PE",
      region: "Cusco",
    });
    const trail = await Audit.list(system, { institutionId: institution.id });
    expect(trail.items.map((e) => [e.action, e.target])).toContainEqual([
      "route.created",
      { kind: "route", id: route.id },
    ]);
  });

  it("names the field of each mistake: sum, host without share, unknown host, day outside the route", async () => {
    const { admin, input, raqchi } = await setup();
    const base = input();
    expect(
      await invalidPaths(
        LearningRoutes.create(admin, { ...base, feeShares: [{ party: "operator", basisPoints: 9999 }] }),
      ),
    ).toContain("feeShares");
    const noShare = LearningRoutes.create(admin, {
      ...base,
      feeShares: [
        { party: `host:${raqchi.id}`, basisPoints: 9000 },
        { party: "operator", basisPoints: 1000 },
      ],
    });
    const err = await noShare.catch((e: Invalid) => e);
    expect(err).toBeInstanceOf(Invalid);
    expect((err as Invalid).errors).toContainEqual({
      path: "feeShares",
      message: expect.stringContaining(base.stops[0].hostId),
    });
    const ghost = "01JD8X0Q9ZK5N6W3B2C4D5E6F7";
    expect(
      await invalidPaths(
        LearningRoutes.create(admin, {
          ...base,
          stops: [...base.stops, { day: 3, hostId: ghost, place: "?", title: "?" }],
        }),
      ),
    ).toContain("stops.2.hostId");
    expect(
      await invalidPaths(
        LearningRoutes.create(admin, { ...base, stops: [{ ...base.stops[0], day: 6 }, base.stops[1]] }),
      ),
    ).toEqual(["stops.0.day"]);
    expect(await invalidPaths(LearningRoutes.create(admin, { ...base, topics: ["astrology"] }))).toEqual(["topics.1"]);
    // Nothing was written by any of them.
    expect(await LearningRoutes.listForInstitution(admin, base.institutionId)).toEqual([]);
  });

  it("only the institution's admins create routes", async () => {
    const { input } = await setup();
    const outsider = await person("outsider-route@example.org");
    await expect(LearningRoutes.create(outsider, input())).rejects.toThrow(/admin/);
  });
});

describe("visibility and lists", () => {
  it("a draft is invisible to the public; published it is in the catalogue, filtered by country and topic", async () => {
    const { admin, input, raqchi, amaru } = await setup();
    const draft = await LearningRoutes.create(admin, input());
    const stranger = await person("stranger-route@example.org");
    await expect(LearningRoutes.get(anonymous, draft.id)).rejects.toBeInstanceOf(NotFound);
    await expect(LearningRoutes.get(stranger, draft.id)).rejects.toBeInstanceOf(NotFound);
    expect((await LearningRoutes.get(platformAdmin, draft.id)).status).toBe("draft");
    expect((await LearningRoutes.catalogue(anonymous, {})).items.map((r) => r.id)).not.toContain(draft.id);
    expect(await LearningRoutes.listForHost(anonymous, raqchi.id)).toEqual([]);

    const published = await LearningRoutes.publish(admin, draft.id);
    expect(published.status).toBe("published");
    expect((await LearningRoutes.get(anonymous, draft.id)).price).toBeUndefined();
    expect((await LearningRoutes.get(stranger, draft.id)).price).toMatchObject({ amount: 90000, currency: "PEN" });

    const bolivian = await LearningRoutes.create(
      admin,
      input({
        countries: ["BO"],
        theme: ["urban-environment"],
        topics: [],
        stops: [{ day: 1, hostId: raqchi.id, place: "El Alto", title: "Ferias" }],
        feeShares: [
          { party: `host:${raqchi.id}`, basisPoints: 9000 },
          { party: "operator", basisPoints: 1000 },
        ],
      }),
    );
    await LearningRoutes.publish(admin, bolivian.id);
    const ids = async (q: LearningRoutes.CatalogueQuery) =>
      (await LearningRoutes.catalogue(anonymous, q)).items.map((r) => r.id);
    expect(await ids({ country: "PE" })).toContain(draft.id);
    expect(await ids({ country: "PE" })).not.toContain(bolivian.id);
    expect(await ids({ country: "BO" })).toEqual(expect.arrayContaining([bolivian.id]));
    expect(await ids({ topic: "urban-environment" })).toContain(bolivian.id);
    expect(await ids({ topic: "urban-environment" })).not.toContain(draft.id);
    // A page of one, then the next page by its cursor.
    const first = await LearningRoutes.catalogue(anonymous, { limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await LearningRoutes.catalogue(anonymous, { limit: 1, cursor: first.nextCursor! });
    expect(second.items[0].id).not.toBe(first.items[0].id);

    // By host: Amaru is a stop of the first route only; moving the stop keeps the index right.
    expect((await LearningRoutes.listForHost(anonymous, amaru.id)).map((r) => r.id)).toEqual([draft.id]);
    expect((await LearningRoutes.listForHost(anonymous, raqchi.id)).map((r) => r.id).sort()).toEqual(
      [draft.id, bolivian.id].sort(),
    );
    await LearningRoutes.update(admin, draft.id, {
      stops: [{ day: 1, hostId: raqchi.id, place: "Raqchi", title: "Qochas" }],
    });
    expect(await LearningRoutes.listForHost(anonymous, amaru.id)).toEqual([]);
    const ofInstitution = await LearningRoutes.listForInstitution(admin, draft.institutionId);
    expect(ofInstitution.map((r) => r.id).sort()).toEqual([draft.id, bolivian.id].sort());
  });
});

describe("changing a route", () => {
  it("changes prices before any payment; once paid, prices and shares are frozen (409 frozen), the rest is not", async () => {
    const { admin, input } = await setup();
    const route = await LearningRoutes.create(admin, input());
    await LearningRoutes.publish(admin, route.id);
    const cheaper = [{ group: "standard" as const, amount: 80000, currency: "PEN" }];
    expect((await LearningRoutes.update(admin, route.id, { prices: cheaper })).prices).toEqual(cheaper);

    // What the payment webhook writes with its activation, for this route and the plan it split by.
    const stored = await LearningRoutes.get(admin, route.id);
    const paidAt = new Date().toISOString();
    const marked = await transact(Enrolment.markFirstPaid("route", route.id, { at: paidAt, plan: stored.feeShares }));
    expect(marked.ok).toBe(true);
    // A second payment leaves the first date (if_not_exists).
    await transact(
      Enrolment.markFirstPaid("route", route.id, { at: new Date(Date.now() + 1000).toISOString(), plan: [] }),
    );
    expect((await LearningRoutes.get(admin, route.id)).firstPaidAt).toBe(paidAt);

    const err = await LearningRoutes.update(admin, route.id, { prices: input().prices }).catch((e: Conflict) => e);
    expect(err).toBeInstanceOf(Conflict);
    expect((err as Conflict).code).toBe("frozen");
    const shares = stored.feeShares.map((s) => (s.party === "operator" ? { ...s, basisPoints: 900 } : s));
    shares[shares.length - 1] = { party: "solidarity_fund", basisPoints: 600 };
    await expect(LearningRoutes.update(admin, route.id, { feeShares: shares })).rejects.toMatchObject({
      code: "frozen",
    });
    expect((await LearningRoutes.get(admin, route.id)).prices).toEqual(cheaper); // nothing written
    // Sending the same prices again is not a change.
    expect((await LearningRoutes.update(admin, route.id, { prices: cheaper, capacity: 3 })).capacity).toBe(3);
  });

  it("a payment that split by a plan changed meanwhile is refused, so it is decided again with the new plan", async () => {
    const { admin, input } = await setup();
    const route = await LearningRoutes.create(admin, input());
    const stale = route.feeShares;
    const changed = stale.map((s) =>
      s.party === "operator"
        ? { ...s, basisPoints: 500 }
        : s.party === "solidarity_fund"
          ? { ...s, basisPoints: 1000 }
          : s,
    );
    await LearningRoutes.update(admin, route.id, { feeShares: changed });
    const out = await transact(
      Enrolment.markFirstPaid("route", route.id, { at: new Date().toISOString(), plan: stale }),
    );
    expect(out.ok).toBe(false);
    expect((await LearningRoutes.get(admin, route.id)).firstPaidAt).toBeUndefined();
  });

  it("capacity never drops below the seats taken", async () => {
    const { admin, input } = await setup();
    const route = await LearningRoutes.create(admin, input({ prices: [] }));
    await LearningRoutes.publish(admin, route.id);
    for (const who of ["cap-a@example.org", "cap-b@example.org"])
      expect((await LearningRoutes.enrol(await person(who), route.id)).status).toBe("active");
    await expect(LearningRoutes.update(admin, route.id, { capacity: 1 })).rejects.toMatchObject({
      code: "capacity_below_taken",
    });
    expect((await LearningRoutes.get(admin, route.id)).capacity).toBe(2);
  });
});

describe("enrolling", () => {
  it("a draft refuses enrolment; a full route puts the next person on the waitlist", async () => {
    const { admin, input } = await setup();
    const route = await LearningRoutes.create(admin, input({ prices: [], capacity: 1 }));
    const first = await person("route-first@example.org");
    await expect(LearningRoutes.enrol(first, route.id)).rejects.toBeInstanceOf(NotFound);
    await LearningRoutes.publish(admin, route.id);
    expect((await LearningRoutes.enrol(first, route.id)).status).toBe("active");
    const second = await LearningRoutes.enrol(await person("route-second@example.org"), route.id);
    expect(second).toMatchObject({ status: "waitlisted", waitlistPosition: 1, kind: "route" });
    expect((await LearningRoutes.get(anonymous, route.id)).seatsLeft).toBe(0);
  });
});
