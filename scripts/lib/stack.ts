/**
 * Starts the local stack the dev runner, the seed script and the bench share:
 * DynamoDB Local (persistent or in memory), the table, core configured to use it,
 * and optionally the API + web server.
 */
import { Config } from "@rutas/core";
import { ddbRaw } from "@rutas/core/db/client";
import { type LocalDynamo, startLocalDynamo } from "@rutas/core/db/local";
import { ensureTable } from "@rutas/core/db/table";
import { type RunningServer, startServer } from "../../functions/src/server";

export type LocalStack = { dynamo: LocalDynamo; tableName: string; tableCreated: boolean; server?: RunningServer; stop: () => Promise<void> };

export async function startStack(opts: {
  dbPath?: string;
  dynamoPort?: number;
  tableName?: string;
  server?: { port?: number; host?: string; webDist?: string | false; quiet?: boolean };
}): Promise<LocalStack> {
  const dynamo = await startLocalDynamo({ dbPath: opts.dbPath, port: opts.dynamoPort });
  try {
    const tableName = opts.tableName ?? "rutas-local";
    const port = opts.server?.port ?? 3000;
    Config.configure({
      stage: "local",
      tableName,
      dynamoEndpoint: dynamo.endpoint,
      region: "local",
      appUrl: process.env.APP_URL ?? `http://localhost:${port}`,
    });
    const tableCreated = (await ensureTable(ddbRaw(), tableName)) === "created";
    const server = opts.server
      ? await startServer({ ...opts.server, log: opts.server.quiet ? () => {} : undefined })
      : undefined;
    return {
      dynamo,
      tableName,
      tableCreated,
      server,
      stop: async () => {
        await server?.close();
        ddbRaw().destroy();
        await dynamo.stop();
      },
    };
  } catch (err) {
    await dynamo.stop();
    throw err;
  }
}
