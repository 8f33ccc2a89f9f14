import js from "@eslint/js";
import tseslint from "typescript-eslint";

const httpInCore = "packages/core has no HTTP: routes and HTTP types belong in functions/, which calls core's verbs.";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      ".sst/**",
      ".data/**",
      ".data-preview/**",
      ".test-artifacts/**",
      "**/*.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      // Test helpers read loosely-typed JSON bodies on purpose.
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    // Core is the domain with no HTTP (shared/DESIGN.md): transports (functions/) import core, never
    // the reverse, so a second transport (a scheduled job, a CLI) gets every rule. Proved by
    // scripts/lint-rules.test.ts.
    files: ["packages/core/**/*.{ts,tsx,js,mjs,cjs}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "hono", message: httpInCore }],
          patterns: [{ group: ["hono/*", "@hono/*"], message: httpInCore }],
        },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "ImportExpression[source.value=/^(hono|hono\\/.*|@hono\\/.*)$/]", message: httpInCore },
      ],
    },
  },
  {
    // The service worker runs in its own global scope.
    files: ["web/public/sw.js"],
    languageOptions: { globals: { self: "readonly", caches: "readonly", fetch: "readonly", URL: "readonly" } },
  },
  {
    files: ["web/**/*.{ts,tsx}"],
    languageOptions: {
      globals: {
        window: "readonly",
        document: "readonly",
        navigator: "readonly",
        localStorage: "readonly",
        fetch: "readonly",
      },
    },
  },
);
