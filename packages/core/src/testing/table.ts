/**
 * Per-file isolation: a fresh table with a unique name on the shared DynamoDB
 * Local, and core configured to use it. Runs as a vitest setup file.
 */
import { inject } from "vitest";
import { configure, localStackBudgets } from "../config";
import { ddbRaw } from "../db/client";
import { ensureTable } from "../db/table";

const endpoint = inject("dynamoEndpoint");
const name = `test-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

configure({
  stage: "local",
  tableName: name,
  dynamoEndpoint: endpoint,
  region: "local",
  adminEmails: ["admin@example.org"],
  appUrl: "http://localhost:3000",
  magicLinksPerHour: 5,
  // Many test files share one DynamoDB Local: see localStackBudgets. Hung-dependency tests use the defaults.
  budgets: localStackBudgets(),
});
await ensureTable(ddbRaw(), name);
