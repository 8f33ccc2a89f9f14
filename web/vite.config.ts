/**
 * Build for slow rural links: Preact instead of React, one chunk per page, the
 * active language loaded on demand (docs/decisions/0005-web-preact-and-byte-budget.md).
 * Dev server proxies /api to the local API so the session cookie is same-origin.
 */
import preact from "@preact/preset-vite";
import { type UserConfig, defineConfig } from "vite";

export default defineConfig(({ command }) => {
  // `vite build` always ships a production build, even when a parent process (a test
  // runner, an infra synth) exported NODE_ENV=test: otherwise Preact's dev JSX runtime,
  // devtools hook and absolute source paths land in web/dist and double its size.
  if (command === "build") process.env.NODE_ENV = "production";
  return config;
});

const config = {
  plugins: [preact()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Every browser we target supports <link rel=modulepreload>; the polyfill is dead weight.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // Pages and languages keep their names (home-*.js, es-*.js); code they share is shared-*.js.
      // What four or more pages share goes in one chunk: each file costs a request and its headers
      // (~0.5 kB each), which on the course page weighed more than the code a page loads unneeded.
      output: {
        chunkFileNames: (c) => (c.isDynamicEntry ? "assets/[name]-[hash].js" : "assets/shared-[hash].js"),
        codeSplitting: { groups: [{ name: "common", minShareCount: 4 }] },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { "/api": process.env.API_PROXY ?? "http://localhost:3000" },
  },
} satisfies UserConfig;
