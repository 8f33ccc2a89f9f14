#!/usr/bin/env node
/**
 * Prints what each page's first load transfers, gzip: index.html + entry JS and
 * its static imports + the page chunk and its static imports + CSS + one language
 * + favicon. Budget: 60 kB (shared/DESIGN.md "Budgets for slow rural links").
 * Usage: node web/scripts/first-load-bytes.mjs [web/dist]
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const dist = resolve(process.argv[2] ?? new URL("../dist", import.meta.url).pathname);
const assets = readdirSync(join(dist, "assets"));
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const named = (prefix) => {
  const f = assets.find((a) => a.startsWith(`${prefix}-`) && a.endsWith(".js"));
  if (!f) throw new Error(`no chunk ${prefix}-*.js in ${dist}/assets`);
  return `assets/${f}`;
};
/** A chunk plus everything it imports statically (what the browser must fetch before running it). */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join(dist, file), "utf8");
  for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w${},\s*]+from\s*)?["'`]\.\/([^"'`]+\.js)["'`]/g))
    closure(`assets/${m[1]}`, seen);
  return seen;
}

const html = readFileSync(join(dist, "index.html"), "utf8");
const shell = ["index.html", ...[...html.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => m[1])];
const entry = shell.find((f) => f.endsWith(".js"));
const base = new Set([...shell, ...closure(entry)]);

const rows = [];
for (const page of [
  "home",
  "signin",
  "profile",
  "catalogue",
  "course",
  "learning",
  "enrolment",
  "lesson",
  "verify",
  "admin",
  "publications",
  "publication",
  "routes",
  "route",
  "host",
  "statement",
]) {
  for (const lang of ["en", "es", "fr"]) {
    const files = new Set([...base, ...closure(named(page)), named(lang)]);
    rows.push({ page, lang, files: files.size, gzipBytes: [...files].reduce((n, f) => n + gz(f), 0) });
  }
}
console.table(rows);
console.log(
  "per file (gzip):",
  Object.fromEntries([...base, ...assets.map((a) => `assets/${a}`)].map((f) => [f, gz(f)])),
);
const worst = Math.max(...rows.map((r) => r.gzipBytes));
console.log(`largest first load: ${worst} B (${(worst / 1024).toFixed(1)} KiB) of 61440 B budget`);
process.exitCode = worst <= 60 * 1024 ? 0 : 1;
