/**
 * Which requests get the web app's shell (index.html) instead of a file: the rule CloudFront's
 * viewer-request function runs in production (infra/web.ts embeds `spaRoutingFunction`) and the
 * local server runs for `npm start`, the bench and the browser journeys. A path names a file when
 * its last segment ends in a static file's extension; anything else is a client-side route, even
 * with a dot in it (an enrolment id such as `c.01J…` in /es/learning/c.01J…).
 */
export const STATIC_FILE =
  /\.(?:js|mjs|css|map|html|json|webmanifest|txt|xml|svg|png|jpe?g|gif|webp|avif|ico|woff2?|pdf)$/i;

export const isApiPath = (path: string) => path === "/api" || path.startsWith("/api/");

/** True when `path` (no query) should get the app shell. */
export const isAppRoute = (path: string) => !isApiPath(path) && !STATIC_FILE.test(path);

/** The same rule as a CloudFront Function (JavaScript runtime 1.0: ES5, no imports). */
export const spaRoutingFunction = `function handler(event) {
  var r = event.request;
  if (!${STATIC_FILE}.test(r.uri)) r.uri = "/index.html";
  return r;
}`;
