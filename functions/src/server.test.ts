import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLocalHandler } from "./server";

describe("the local server's web serving (npm start, the bench, the browser journeys)", () => {
  const dist = mkdtempSync(join(tmpdir(), "rutas-dist-"));
  mkdirSync(join(dist, "assets"));
  writeFileSync(
    join(dist, "index.html"),
    '<!doctype html><script type="module" src="/assets/index-abc123.js"></script>',
  );
  writeFileSync(join(dist, "assets/index-abc123.js"), `export const x = ${JSON.stringify("x".repeat(4096))};`);
  writeFileSync(join(dist, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  afterAll(() => rmSync(dist, { recursive: true, force: true }));
  const app = createLocalHandler({ webDist: dist, log: () => {} });

  it("serves hashed assets for a year, gzipped, and the app shell on client-side routes, revalidated", async () => {
    const asset = await app.request("/assets/index-abc123.js", { headers: { "Accept-Encoding": "gzip" } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(asset.headers.get("content-encoding")).toBe("gzip");
    // A dot in a route's last segment (an enrolment id) is still a route, not a file.
    for (const path of ["/", "/es/courses", "/fr/verify/ABCD-1234", "/es/learning/c.01JABCDEF"]) {
      const page = await app.request(path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get("cache-control")).toBe("no-cache");
      expect(await page.text()).toContain("/assets/index-abc123.js");
    }
  });

  it("answers 404 for a missing file, not the app shell cached as an asset (as CloudFront's SpaRouting does)", async () => {
    const missing = await app.request("/assets/index-gone99.js");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).toBeNull();
    expect((await app.request("/robots.txt")).status).toBe(404);
  });

  it("answers an unknown API route as the API does: 404 problem+json, never the app shell", async () => {
    const res = await app.request("/api/no-such-thing");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 404 });
  });
});
