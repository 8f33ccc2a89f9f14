/**
 * The typed API client, built from the server's own route types (AppType is a
 * type-only import: no server code reaches the browser). Every request carries
 * X-Rutas-CSRF, which the API requires on writes made with the session cookie.
 */
import { hc } from "hono/client";
import type { AppType } from "../../../functions/src/app";

export const api = hc<AppType>(location.origin, {
  headers: { "X-Rutas-CSRF": "1" },
  init: { credentials: "same-origin" },
}).api;
