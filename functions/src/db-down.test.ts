/** DynamoDB Local stopped → every route answers 503 problem+json without leaking internals. */
import { Config } from "@rutas/core";
import { ddbRaw } from "@rutas/core/db/client";
import { startLocalDynamo } from "@rutas/core/db/local";
import { ensureTable } from "@rutas/core/db/table";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testClient } from "./testing/client";

const { call, signIn } = testClient();
let token: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  const own = await startLocalDynamo();
  stop = own.stop;
  Config.configure({ dynamoEndpoint: own.endpoint, tableName: "down-test" });
  await ensureTable(ddbRaw(), "down-test");
  token = (await signIn("down@example.org")).token;
  expect((await call("GET", "/api/health")).status).toBe(200);
  await own.stop();
}, 60_000);
afterAll(() => stop?.());

describe("when the database is down", () => {
  const routes: [string, string, unknown?][] = [
    ["GET", "/api/health"],
    ["GET", "/api/me"],
    ["PATCH", "/api/me", { name: "Ana" }],
    ["POST", "/api/auth/magic-link", { email: "down@example.org" }],
    ["POST", "/api/auth/session", { token: "whatever" }],
    ["GET", "/api/institutions"],
    ["GET", "/api/dev/outbox?to=down@example.org"],
  ];
  it.each(routes)("%s %s answers 503 problem+json", async (method, path, body) => {
    const res = await call(method, path, { token, body });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body).toMatchObject({ status: 503, title: "Service unavailable" });
    expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
  });
});
