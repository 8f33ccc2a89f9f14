import { defineConfig } from "vitest/config";

const dynamo = {
  globalSetup: ["packages/core/src/testing/global-dynamo.ts"],
  setupFiles: ["packages/core/src/testing/table.ts"],
};

export default defineConfig({
  test: {
    // Files run in parallel: each one has its own table, so nothing is shared but the server.
    pool: "forks",
    projects: [
      { test: { name: "core", include: ["packages/core/src/**/*.test.ts"], testTimeout: 30_000, ...dynamo } },
      {
        test: {
          name: "functions",
          include: ["functions/src/**/*.test.ts", "scripts/**/*.test.ts"],
          testTimeout: 30_000,
          ...dynamo,
        },
      },
      { test: { name: "stripe-local", include: ["packages/stripe-local/src/**/*.test.ts"], testTimeout: 30_000 } },
      { test: { name: "infra", include: ["infra/**/*.test.ts"], testTimeout: 120_000 } },
      {
        test: {
          name: "web",
          include: ["web/src/**/*.test.ts", "web/e2e/**/*.spec.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // A page waits on the API; on a loaded 2-core machine a first request can take over the
          // 1 s default. Polls keep asking what they asked, only longer.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
