/*
 * Offline reading for rural links (DESIGN "Budgets"): a lesson, the course outline,
 * a Learning Route's itinerary and my enrolments, once opened, stay readable without a connection. Hashed assets are
 * cached forever (their names change when they do); pages and lesson data go to the
 * network first and fall back to the last copy. Signing out forgets the copies.
 */
const ASSETS = "rutas-assets-v1";
const READING = "rutas-reading-v1";
const readable = [
  /^\/api\/me\/enrolments$/,
  /^\/api\/enrolments\/[^/]+$/,
  /^\/api\/enrolments\/[^/]+\/lessons\/[^/]+$/,
  /^\/api\/routes\/[^/]+$/,
];

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== ASSETS && n !== READING).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request, cacheName, fallbackKey) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallbackKey ?? request, response.clone());
    return response;
  } catch (err) {
    const cached = await cache.match(fallbackKey ?? request);
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(ASSETS);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/api/auth/signout") {
    event.waitUntil(caches.delete(READING));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith("/assets/")) event.respondWith(cacheFirst(request));
  else if (readable.some((r) => r.test(url.pathname))) event.respondWith(networkFirst(request, READING));
  // Every page is the same app shell: one cached copy serves any URL offline.
  else if (request.mode === "navigate" && !url.pathname.startsWith("/api/"))
    event.respondWith(networkFirst(request, ASSETS, "/index.html"));
});
