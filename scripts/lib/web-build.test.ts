import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { webBuildIsStale } from "./web-build";

describe("web build staleness (npm start rebuilds web/dist when it is stale)", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);
  function web() {
    const root = mkdtempSync(join(tmpdir(), "rutas-web-"));
    dirs.push(root);
    mkdirSync(join(root, "src/pages"), { recursive: true });
    writeFileSync(join(root, "src/pages/home.tsx"), "export {}");
    writeFileSync(join(root, "index.html"), "<!doctype html>");
    for (const p of ["src/pages/home.tsx", "src/pages", "src", "index.html"]) at(join(root, p), 1_000);
    return root;
  }

  it("is stale without a build, fresh after one, stale again when a source or a folder changes", () => {
    const root = web();
    expect(webBuildIsStale(root)).toBe(true);
    mkdirSync(join(root, "dist"));
    writeFileSync(join(root, "dist/index.html"), "<!doctype html>");
    at(join(root, "dist/index.html"), 2_000);
    expect(webBuildIsStale(root)).toBe(false);
    at(join(root, "src/pages/home.tsx"), 3_000);
    expect(webBuildIsStale(root)).toBe(true);
    at(join(root, "src/pages/home.tsx"), 1_000);
    at(join(root, "src/pages"), 3_000); // a page deleted or added
    expect(webBuildIsStale(root)).toBe(true);
  });
});
