import { Actor, Courses, Hosts, Institutions } from "@rutas/core";
import { describe, expect, it } from "vitest";
import { demoCourses, demoHosts, demoInstitutions, seed } from "./seed-data";

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
  }, 60_000);
});
