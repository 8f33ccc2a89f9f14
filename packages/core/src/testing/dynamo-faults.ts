/**
 * A fault-injecting proxy in front of the real DynamoDB Local, for tests and the bench.
 * DynamoDB cancels concurrent transactions on one item (TransactionConflict) and throttles hot
 * partitions; DynamoDB Local does neither — it runs transactions one after another — so the retry
 * path would never run against it. This proxy answers a share of TransactWriteItems with exactly
 * the error DynamoDB sends (and writes nothing, as a cancelled transaction writes nothing); every
 * other request goes through to DynamoDB Local unchanged.
 */
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export type DynamoFaults = {
  endpoint: string;
  /** Share of TransactWriteItems cancelled with TransactionConflict, and of those throttled. */
  set(rates: { conflict?: number; throttle?: number }): void;
  injected: { conflicts: number; throttles: number };
  close(): Promise<void>;
};

export async function startDynamoFaults(target: string): Promise<DynamoFaults> {
  const to = new URL(target);
  let rates = { conflict: 0, throttle: 0 };
  const injected = { conflicts: 0, throttles: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const fail = (type: string, payload: Record<string, unknown>) => {
        res.writeHead(400, { "Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "injected" });
        res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, ...payload }));
      };
      if (req.headers["x-amz-target"] === "DynamoDB_20120810.TransactWriteItems") {
        const roll = Math.random();
        if (roll < rates.conflict) {
          injected.conflicts++;
          const n = (JSON.parse(body.toString()) as { TransactItems: unknown[] }).TransactItems.length;
          const reasons = Array.from({ length: n }, (_, i) =>
            i === 0
              ? { Code: "TransactionConflict", Message: "Transaction is ongoing for the item" }
              : { Code: "None" },
          );
          return fail("TransactionCanceledException", {
            message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(", ")}]`,
            CancellationReasons: reasons,
          });
        }
        if (roll < rates.conflict + rates.throttle) {
          injected.throttles++;
          return fail("ThrottlingException", { message: "Rate of requests exceeds the allowed throughput." });
        }
      }
      const out = request(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      out.on("error", () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    set: (r) => (rates = { conflict: r.conflict ?? 0, throttle: r.throttle ?? 0 }),
    injected,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
