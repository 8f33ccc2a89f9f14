import { Actor, Courses, ExchangeOffers, Hosts, Institutions, LearningRoutes } from "@rutas/core";
import { describe, expect, it } from "vitest";
import { demoCourses, demoHosts, demoInstitutions, demoOffers, demoRoute, seed } from "./seed-data";

describe("demo seed", () => {
  it("builds the demo world through core verbs, and running it again adds nothing", async () => {
    await seed({ quiet: true });
    await seed({ quiet: true });
    expect((await Institutions.list()).length).toBe(demoInstitutions.length);
    expect((await Hosts.listByCountry("PE")).map((h) => h.region).sort()).toEqual(
      demoHosts.map((h) => h.region).sort(),
    );
    const catalogue = await Courses.catalogue({});
    expect(catalogue.items).toHaveLength(demoCourses.length);
    const detail = await Courses.detail(Actor.anonymous, catalogue.items[0].id);
    expect(detail.cohorts).toHaveLength(2);
    const routes = await LearningRoutes.catalogue(Actor.anonymous, {});
    expect(routes.items.map((r) => r.title.es)).toEqual([demoRoute.title.es]);
    expect(routes.items[0].stops.map((s) => s.host?.name)).toEqual(demoRoute.stops.map((s) => s.host));
    const offers = await ExchangeOffers.list({});
    expect(offers.items.map((o) => o.title.es).sort()).toEqual(demoOffers.map((o) => o.title.es).sort());
    expect(offers.items.find((o) => o.prices.length)?.prices).toEqual(demoOffers[1]!.prices);
  }, 60_000);
});
