/**
 * The Hono app: the same object runs under @hono/node-server locally and
 * hono/aws-lambda on AWS. Routes are thin; all rules live in @rutas/core.
 */
import { Config } from "@rutas/core";
import { compress } from "hono/compress";
import { requestId } from "hono/request-id";
import { resolveActor } from "./http/auth";
import { deadline } from "./http/deadline";
import { securityHeaders } from "./http/security";
import { router } from "./http/openapi";
import { problem, toProblem } from "./http/problem";
import { auditRoutes } from "./routes/audit";
import { authRoutes } from "./routes/auth";
import { devRoutes } from "./routes/dev";
import { healthRoutes } from "./routes/health";
import { courseRoutes } from "./routes/courses";
import { enrolmentRoutes } from "./routes/enrolments";
import { paymentRoutes } from "./routes/payments";
import { payoutRoutes } from "./routes/payouts";
import { publicationRoutes } from "./routes/publications";
import { exchangeRoutes } from "./routes/exchange";
import { exchangeRoundRoutes } from "./routes/exchange-rounds";
import { learningRouteRoutes } from "./routes/learning-routes";
import { hostRoutes } from "./routes/hosts";
import { institutionRoutes } from "./routes/institutions";
import { meRoutes } from "./routes/me";
import { topicRoutes } from "./routes/topics";
import { announcementRoutes } from "./routes/announcements";
import { calendarRoutes } from "./routes/calendar";
import { directoryRoutes } from "./routes/directory";
import { demandRoutes } from "./routes/demand";
import { observatoryRoutes } from "./routes/observatory";
import { subscriptionRoutes } from "./routes/subscriptions";

export type LogLine = Record<string, unknown>;
export type AppOptions = { log?: (line: LogLine) => void };

const jsonLog = (line: LogLine) => console.log(JSON.stringify(line));

function api(log: (line: LogLine) => void) {
  const r = router();
  r.use("*", requestId({ headerName: "X-Request-Id" }));
  // Rural links are slow and CloudFront does not compress uncached API answers: we do.
  r.use("*", compress());
  r.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    log({
      level: "info",
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  r.use("*", deadline);
  r.use("*", securityHeaders());
  r.use("*", resolveActor);
  return r
    .route("/", healthRoutes)
    .route("/", topicRoutes)
    .route("/", authRoutes)
    .route("/", meRoutes)
    .route("/", institutionRoutes)
    .route("/", hostRoutes)
    .route("/", courseRoutes)
    .route("/", enrolmentRoutes)
    .route("/", paymentRoutes)
    .route("/", payoutRoutes)
    .route("/", publicationRoutes)
    .route("/", learningRouteRoutes)
    .route("/", exchangeRoutes)
    .route("/", exchangeRoundRoutes)
    .route("/", auditRoutes)
    .route("/", announcementRoutes)
    .route("/", calendarRoutes)
    .route("/", directoryRoutes)
    .route("/", demandRoutes)
    .route("/", observatoryRoutes)
    .route("/", subscriptionRoutes);
}

export type ApiType = ReturnType<typeof api>;

export function createApp(opts: AppOptions = {}) {
  const log = opts.log ?? jsonLog;
  const inner = api(log);
  // The outbox exists on the local stage only; everywhere else it is an unknown route.
  if (Config.isLocalStage()) inner.route("/", devRoutes);
  inner.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Rutas API", version: "1.0.0", description: "Canada–Andes–Latin America professional cooperation." },
  });
  inner.onError((err, c) => toProblem(err, c, log));
  inner.notFound((c) => problem(c, 404, `No route for ${c.req.method} ${c.req.path}.`));

  const app = router().route("/api", inner);
  // Registered after the API, so it only runs for what the API did not answer (its own 404s).
  app.use("*", securityHeaders());
  app.onError((err, c) => toProblem(err, c, log));
  app.notFound((c) => problem(c, 404, `No route for ${c.req.method} ${c.req.path}.`));
  return app;
}

/** The typed surface the web client is built from (hc<AppType>). */
export type AppType = ReturnType<typeof createApp>;
