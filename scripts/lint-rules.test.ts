/**
 * The lint rules that guard the architecture do fire: ESLint's Node API on snippets placed
 * (virtually) under packages/core and under functions/, with the repository's eslint.config.js.
 */
import { resolve } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const eslint = new ESLint({ cwd: root });

async function restricted(code: string, path: string) {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return result.messages
    .filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "no-restricted-syntax")
    .map((m) => m.message);
}

describe("packages/core has no HTTP imports (eslint.config.js)", () => {
  it.each([
    `import { Hono } from "hono";\nexport const app = new Hono();\n`,
    `import type { Context } from "hono";\nexport type C = Context;\n`,
    `import { cors } from "hono/cors";\nexport const c = cors;\n`,
    `import { z } from "@hono/zod-openapi";\nexport const s = z.string();\n`,
    `export { Hono } from "hono";\n`,
    `export const load = () => import("hono/http-exception");\n`,
  ])("rejects %s under packages/core", async (code) => {
    const messages = await restricted(code, "packages/core/src/courses/http.ts");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("packages/core has no HTTP");
  });

  it("allows the same imports in functions/, and core's ordinary imports", async () => {
    expect(
      await restricted(
        `import { Hono } from "hono";\nexport const app = new Hono();\n`,
        "functions/src/routes/example.ts",
      ),
    ).toEqual([]);
    expect(
      await restricted(
        `import { z } from "zod";\nexport const s = z.string();\n`,
        "packages/core/src/courses/example.ts",
      ),
    ).toEqual([]);
    expect(
      await restricted(
        `export const honor = "hono-like names are fine";\nimport "honorific";\n`,
        "packages/core/src/courses/example.ts",
      ),
    ).toEqual([]);
  });
});
