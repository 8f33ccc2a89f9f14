/**
 * The edge refuses what cannot be right before any core verb or DynamoDB key sees it:
 * ids of the wrong shape (a path id over DynamoDB's key limit was a 500), unknown body
 * fields, a missing body. Every answer here is problem+json. The walks below read the
 * routes from the OpenAPI document, so a new route is covered without being listed.
 */
import { Hosts, Institutions } from "@rutas/core";
import { ulid } from "ulid";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";

const { app, call, signIn } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));

type Operation = {
  requestBody?: {
    required?: boolean;
    content: Record<string, { schema: { $ref?: string; properties?: Record<string, unknown> } }>;
  };
};
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, { type?: string }> }> };
};

let doc: Doc;
let admin: string;
beforeAll(async () => {
  doc = (await call("GET", "/api/openapi.json")).body;
  admin = (await signIn("admin@example.org")).token;
});

const METHODS = ["get", "post", "put", "patch", "delete"];
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([m]) => METHODS.includes(m))
      .map(([method, op]) => ({ method, path, op })),
  );
const paramsOf = (path: string) => [...path.matchAll(/{(\w+)}/g)].map((m) => m[1]);

/** A value of the right shape for each path parameter (the resource need not exist). */
function sample(path: string, param: string): string {
  if (param === "lessonId") return "1-1";
  if (param === "code") return "RUT-AAAA-AAAA";
  if (param === "token") return "a".repeat(40);
  if (path.startsWith("/enrolments/{id}")) return `c.${ulid()}.${ulid()}`;
  return ulid();
}
const fill = (path: string, values: Record<string, string> = {}) =>
  "/api" + path.replace(/{(\w+)}/g, (_, p: string) => encodeURIComponent(values[p] ?? sample(path, p)));

function expectProblem(res: { status: number; headers: Headers; body: any }, where: string) {
  expect(res.status, where).toBeLessThan(500);
  expect(res.status, where).toBeGreaterThanOrEqual(400);
  expect(res.headers.get("content-type"), where).toBe("application/problem+json");
  expect(res.body, where).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: res.status,
    detail: expect.any(String),
  });
}

const lesson = { title: "Agua", body: "Texto" };
/** A valid body for every route that takes JSON; the walks fail on a route missing here. */
const validBodies: Record<string, Record<string, unknown>> = {
  "POST /auth/magic-link": { email: "edge@example.org", locale: "es" },
  "POST /auth/session": { token: "not-a-real-token" },
  "PATCH /me": { name: "Ana Quispe" },
  "POST /institutions": { name: "Universidad Andina", country: "PE", type: Institutions.INSTITUTION_TYPES[0] },
  "POST /institutions/{id}/members": { email: "staff@example.org", role: "admin" },
  "POST /hosts": { name: "Comunidad Raqchi", kind: Hosts.HOST_KINDS[0], country: "PE" },
  "PATCH /hosts/{id}": { region: "Cusco" },
  "POST /hosts/{id}/members": { email: "host-member@example.org" },
  "POST /courses": {
    institutionId: ulid(),
    title: { en: "Water" },
    summary: { en: "About water" },
    topics: ["urban-environment"],
    language: "en",
    modules: [{ title: "One", lessons: [lesson, lesson] }],
  },
  "POST /courses/{id}/cohorts": {
    startDate: "2027-03-01",
    endDate: "2027-03-14",
    capacity: 10,
    enrolmentDeadline: "2027-02-20",
    prices: [],
  },
  "POST /checkout": { enrolmentId: `c.${ulid()}.${ulid()}` },
  "POST /enrolments/{id}/refund": { amount: 100 },
  "POST /payouts": { party: "operator", amount: { amount: 100, currency: "CAD" }, method: "cash", reference: "R-1" },
  "POST /payout-runs": { currency: "CAD" },
  "POST /payout-runs/{id}/step": { count: 1 },
  "POST /publications": { institutionId: ulid(), title: { en: "Atlas" }, description: { en: "Maps" }, prices: [] },
  "POST /routes": {
    institutionId: ulid(),
    title: "Ruta del agua",
    countries: ["PE"],
    startDate: "2027-03-01",
    endDate: "2027-03-05",
    capacity: 12,
    stops: [{ day: 1, hostId: ulid(), place: "Raqchi", title: "Qochas" }],
    prices: [],
    feeShares: [{ party: "operator", basisPoints: 10_000 }],
  },
  "PATCH /routes/{id}": { title: { es: "Ruta del agua" }, capacity: 14 },
  "POST /exchange/offers": {
    institutionId: ulid(),
    kind: "study_visit",
    title: { es: "Visita a cooperativas lecheras" },
    description: { es: "Tres días en Cajamarca." },
    country: "PE",
    startDate: "2027-03-01",
    endDate: "2027-03-05",
    capacity: 3,
    topics: [],
    applicationDeadline: "2027-02-01",
  },
  "PATCH /exchange/offers/{id}": { capacity: 4 },
  "PUT /me/exchange-application": { statement: "Quiero aprender de las cooperativas.", ranking: [ulid()] },
  "PUT /exchange/offers/{id}/ranking": { ranking: [ulid()] },
  "POST /exchange/rounds": { respondBy: "2027-01-15" },
  "POST /announcements": {
    kind: "conference",
    title: { es: "Foro andino" },
    body: { es: "Tres días en Quito." },
    topics: ["local-public-administration"],
    countries: ["EC"],
    startDate: "2027-03-01",
    endDate: "2027-03-03",
    url: "https://example.org/foro",
  },
  "PATCH /announcements/{id}": { kind: "call", url: "https://example.org/convocatoria" },
  "POST /demand": { topic: "urban-environment", language: "es" },
  "PUT /institutions/{id}/demand-alert": { threshold: 10, topics: ["urban-environment"] },
  "PUT /me/subscriptions": { topics: ["urban-environment"], countries: ["PE"], frequency: "weekly" },
};
const jsonOperations = () => operations().filter(({ op }) => op.requestBody?.content["application/json"]);
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
type JsonSchema = { type?: string; anyOf?: JsonSchema[] };
const isString = (s: JsonSchema): boolean => s.type === "string" || (s.anyOf ?? []).some(isString);
const propertiesOf = (op: Operation) => {
  const schema = op.requestBody!.content["application/json"].schema;
  const ref = schema.$ref?.split("/").pop();
  return (ref ? doc.components.schemas[ref].properties : schema.properties) ?? {};
};

describe("ids of the wrong shape", () => {
  const long = "7".repeat(8000);

  it("every path parameter of every route: an 8 000-character id is a problem+json 404 naming it, never a 5xx", async () => {
    const withParams = operations().filter(({ path }) => paramsOf(path).length > 0);
    expect(withParams.length).toBeGreaterThan(12);
    for (const { method, path } of withParams) {
      for (const param of paramsOf(path)) {
        for (const token of [undefined, admin]) {
          const where = `${method.toUpperCase()} ${path} with ${param} of 8 000 characters${token ? " (admin)" : ""}`;
          const res = await call(method.toUpperCase(), fill(path, { [param]: long }), {
            token,
            body: method === "get" || method === "delete" ? undefined : {},
          });
          expectProblem(res, where);
          expect(res.status, where).toBe(404);
          expect(res.body.errors, where).toContainEqual({ path: `param.${param}`, message: expect.any(String) });
        }
      }
    }
  });

  it("every query parameter of every GET route at 8 000 characters is a client error, never a 5xx", async () => {
    type WithParams = Operation & { parameters?: { in: string; name: string }[] };
    const gets = operations().filter(
      ({ method, op }) => method === "get" && (op as WithParams).parameters?.some((p) => p.in === "query"),
    );
    expect(gets.length).toBeGreaterThan(3);
    for (const { path, op } of gets) {
      for (const { name } of ((op as WithParams).parameters ?? []).filter((p) => p.in === "query")) {
        const where = `GET ${path}?${name}=<8 000 characters>`;
        const res = await call("GET", `${fill(path)}?${name}=${long}`, { token: admin });
        expect(res.status, where).toBeLessThan(500);
        if (res.status >= 400) expectProblem(res, where);
      }
    }
  });

  it("ids that are nearly right are refused too, before they reach a key", async () => {
    const id = ulid();
    for (const bad of [id.toLowerCase(), `${id}X`, id.slice(1), `c.${id}.${id}.${id}`, `x.${id}.${id}`, "..", "%00"]) {
      for (const path of [`/api/courses/${encodeURIComponent(bad)}`, `/api/enrolments/${encodeURIComponent(bad)}`]) {
        const res = await call("GET", path, { token: admin });
        expectProblem(res, path);
        expect(res.status, path).toBe(404);
      }
    }
    // A well-shaped id that names nothing is still the resource's own 404.
    expect((await call("GET", `/api/courses/${id}`)).body.detail).toBe("Course not found.");
  });

  it("every string field of every JSON body at 10 000 characters is a 400 naming the field", async () => {
    const huge = "a".repeat(10_000);
    for (const { method, path, op } of jsonOperations()) {
      const valid = validBodies[key(method, path)];
      expect(valid, `a valid body for ${key(method, path)} in this test`).toBeDefined();
      for (const [field, schema] of Object.entries(propertiesOf(op))) {
        if (!isString(schema as JsonSchema)) continue;
        const where = `${key(method, path)} with ${field} of 10 000 characters`;
        const res = await call(method.toUpperCase(), fill(path), { token: admin, body: { ...valid, [field]: huge } });
        expectProblem(res, where);
        expect(res.status, where).toBe(400);
        expect(
          res.body.errors.map((e: { path: string }) => e.path),
          where,
        ).toContain(field);
      }
    }
  });

  it("the body ids named in the contract are checked by shape (institutionId, enrolmentId)", async () => {
    const huge = "0".repeat(10_000);
    const cases: [string, string, Record<string, unknown>, string][] = [
      ["POST", "/api/courses", { ...validBodies["POST /courses"], institutionId: huge }, "institutionId"],
      ["POST", "/api/publications", { ...validBodies["POST /publications"], institutionId: huge }, "institutionId"],
      ["POST", "/api/checkout", { enrolmentId: huge }, "enrolmentId"],
      ["POST", "/api/checkout", { enrolmentId: `c.${huge}.${huge}` }, "enrolmentId"],
      ["POST", "/api/auth/magic-link", { email: `${huge}@example.org` }, "email"],
      ["POST", `/api/institutions/${ulid()}/members`, { email: `${huge}@example.org`, role: "admin" }, "email"],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await call(method, path, { token: admin, body });
      expectProblem(res, `${method} ${path} ${field}`);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: field, message: expect.any(String) }]);
    }
  });
});

describe("unknown body fields", () => {
  it("every JSON body: a valid body plus one unknown field is a 400 naming only that field", async () => {
    for (const { method, path } of jsonOperations()) {
      const where = key(method, path);
      const res = await call(method.toUpperCase(), fill(path), {
        token: admin,
        body: { ...validBodies[where], bogus: 1 },
      });
      expectProblem(res, where);
      expect(res.status, where).toBe(400);
      expect(res.body.errors, where).toEqual([{ path: "bogus", message: expect.any(String) }]);
    }
  });

  it("every JSON body: __proto__ and constructor, which JSON.parse makes own keys, are refused by name", async () => {
    for (const { method, path } of jsonOperations()) {
      const where = key(method, path);
      const raw = `{"__proto__":{"isAdmin":true},"constructor":{"prototype":{}},${JSON.stringify(validBodies[where]).slice(1)}`;
      const res = await call(method.toUpperCase(), fill(path), { token: admin, body: raw });
      expectProblem(res, where);
      expect(res.status, where).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path).sort(), where).toEqual(["__proto__", "constructor"]);
    }
  });

  it("junk nested inside nested objects is named by its full path", async () => {
    const inst = await call("POST", "/api/institutions", { token: admin, body: validBodies["POST /institutions"] });
    const course = validBodies["POST /courses"] as { modules: { title: string; lessons: object[] }[] };
    const res = await call("POST", "/api/courses", {
      token: admin,
      body: {
        ...course,
        institutionId: inst.body.id,
        title: { en: "Water", de: "Wasser" },
        modules: [{ ...course.modules[0], lessons: [lesson, { ...lesson, bogus: true, extra: 1 }], notes: "x" }],
      },
    });
    expectProblem(res, "POST /courses");
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      "modules.0.lessons.1.bogus",
      "modules.0.lessons.1.extra",
      "modules.0.notes",
      "title.de",
    ]);
    expect((await call("GET", `/api/institutions/${inst.body.id}/courses`, { token: admin })).body.items).toEqual([]); // nothing written

    const cohort = await call("POST", `/api/courses/${ulid()}/cohorts`, {
      token: admin,
      body: {
        ...validBodies["POST /courses/{id}/cohorts"],
        prices: [{ group: "standard", amount: 1000, currency: "CAD", discount: 5 }],
      },
    });
    expect(cohort.status).toBe(400);
    expect(cohort.body.errors).toEqual([{ path: "prices.0.discount", message: expect.any(String) }]);
  });

  it("a misspelt profile field is refused and nothing changes", async () => {
    const { token } = await signIn("misspelt@example.org");
    expect((await call("PATCH", "/api/me", { token, body: { name: "Ana" } })).status).toBe(200);
    const res = await call("PATCH", "/api/me", { token, body: { name: "Beatriz", contry: "PE" } });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body.errors).toEqual([{ path: "contry", message: expect.any(String) }]);
    const proto = await call("PATCH", "/api/me", {
      token,
      body: '{"name":"Carla","__proto__":{"roles":["platform_admin"]}}',
    });
    expect(proto.status).toBe(400);
    expect(proto.body.errors).toEqual([{ path: "__proto__", message: expect.any(String) }]);
    const me = (await call("GET", "/api/me", { token })).body;
    expect(me).toMatchObject({ name: "Ana", roles: ["participant"] });
    expect(me.country).toBeUndefined();
  });
});

describe("a missing body", () => {
  const missing: [string, { body?: string; headers?: Record<string, string> }][] = [
    ["no body, no Content-Type", {}],
    ["no body with Content-Type: application/json", { headers: { "Content-Type": "application/json" } }],
    ["an empty body", { body: "", headers: { "Content-Type": "application/json" } }],
    ["a blank body", { body: "  \n", headers: { "Content-Type": "application/json; charset=utf-8" } }],
    ["a JSON body without a Content-Type", { body: '{"name":"Ana"}', headers: { "Content-Type": "" } }],
  ];

  it.each(missing)("PATCH /api/me with %s is a 400 naming body, and nothing changes", async (_, opts) => {
    const { token } = await signIn(`nobody.${Math.random().toString(36).slice(2)}@example.org`);
    const res = await rawCall("PATCH", "/api/me", token, opts);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 400, errors: [{ path: "body", message: expect.any(String) }] });
    expect((await call("GET", "/api/me", { token })).body.name).toBeUndefined();
  });

  it("every route that requires a JSON body refuses a request without one (400 naming body)", async () => {
    const required = jsonOperations().filter(({ op }) => op.requestBody?.required);
    expect(required.length).toBeGreaterThan(8);
    for (const { method, path } of required) {
      for (const [how, opts] of missing) {
        const res = await rawCall(method.toUpperCase(), fill(path), admin, opts);
        const where = `${key(method, path)} with ${how}`;
        expect(res.status, where).toBe(400);
        expect(res.headers.get("content-type"), where).toBe("application/problem+json");
        expect(((await res.json()) as { errors: unknown }).errors, where).toEqual([
          { path: "body", message: expect.any(String) },
        ]);
      }
    }
  });

  it("a body of another media type is a 415 problem+json naming body", async () => {
    const res = await rawCall("PATCH", "/api/me", admin, {
      body: "name=Ana",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(415);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(((await res.json()) as { errors: unknown }).errors).toEqual([{ path: "body", message: expect.any(String) }]);
  });

  it("a refund's body stays optional: no body means the full amount (not a 400)", async () => {
    const res = await rawCall("POST", `/api/enrolments/c.${ulid()}.${ulid()}/refund`, admin, {});
    expect(res.status).toBe(404); // past validation: the enrolment does not exist
  });
});

/** A request exactly as given (the test client would add a JSON Content-Type). */
async function rawCall(
  method: string,
  path: string,
  token: string,
  opts: { body?: string; headers?: Record<string, string> },
) {
  const headers = new Headers({ Authorization: `Bearer ${token}` });
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (v) headers.set(k, v);
  const req = new Request(`http://localhost${path}`, { method, headers, body: opts.body });
  // fetch's Request adds text/plain to a string body; a test of "no Content-Type" removes it.
  if (opts.headers?.["Content-Type"] === "") req.headers.delete("Content-Type");
  return app.request(req);
}
