import { describe, expect, it } from "vitest";

describe("config from the environment", () => {
  it("reads SST secrets by their plain names and refuses the local secret outside the local stage", async () => {
    const { configure: _c, ...mod } = await import("./config");
    expect(mod).toBeDefined();
    const { z: _z } = await import("zod");
    // fromEnv is private; exercise it through a fresh module instance with a crafted environment.
    const saved = { ...process.env };
    try {
      process.env = { APP_STAGE: "prod", SST_Secret_value_SESSION_SECRET: "s".repeat(40) };
      const { vi } = await import("vitest");
      vi.resetModules();
      const fresh = await import("./config");
      expect(fresh.config().sessionSecret).toBe("s".repeat(40));
      process.env = { APP_STAGE: "prod" };
      vi.resetModules();
      const unset = await import("./config");
      expect(() => unset.config()).toThrow(/SESSION_SECRET/);
    } finally {
      process.env = saved;
    }
  });
});
