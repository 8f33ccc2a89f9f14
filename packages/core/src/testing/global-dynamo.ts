/**
 * Vitest global setup: one real DynamoDB Local (in memory) for the whole run.
 * Test files isolate themselves by creating their own table (see table.ts here).
 */
import type { TestProject } from "vitest/node";
import { startLocalDynamo } from "../db/local";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startLocalDynamo();
  project.provide("dynamoEndpoint", dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
