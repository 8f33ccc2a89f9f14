import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", ".sst/**", ".data/**", ".data-preview/**", ".test-artifacts/**", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      // Test helpers read loosely-typed JSON bodies on purpose.
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    // The service worker runs in its own global scope.
    files: ["web/public/sw.js"],
    languageOptions: { globals: { self: "readonly", caches: "readonly", fetch: "readonly", URL: "readonly" } },
  },
  {
    files: ["web/**/*.{ts,tsx}"],
    languageOptions: { globals: { window: "readonly", document: "readonly", navigator: "readonly", localStorage: "readonly", fetch: "readonly" } },
  },
);
