/**
 * One DynamoDB client, created lazily with its endpoint and time limits pinned (decision 0015).
 * A database that stops answering — dead, partitioned, or a stuck process whose socket stays
 * open — must become a prompt 503, never a held request:
 * - each HTTP attempt may sit idle on its socket for `dynamoAttemptMs`, counted from when the
 *   request has its socket (time queued for a free socket is not counted, so a burst that queues
 *   behind a busy database is not mistaken for a dead one);
 * - each call, SDK retries and socket queueing included, is aborted after `dynamoCallMs`.
 * A TransactWriteItems retried by the SDK after a timeout carries the same ClientRequestToken, so
 * DynamoDB applies it at most once.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { config } from "../config";

let cached: { key: string; raw: DynamoDBClient; doc: DynamoDBDocumentClient } | undefined;

type Sender = { send: (command: never, options?: { abortSignal?: AbortSignal }) => Promise<unknown> };

/** Every call through `client` is aborted after `ms` unless the caller brought its own signal. */
function withDeadline<T extends object>(client: T, ms: number): T {
  const c = client as unknown as Sender;
  const send = c.send.bind(c);
  c.send = (command, options) => send(command, { abortSignal: AbortSignal.timeout(ms), ...options });
  return client;
}

function clients() {
  const c = config();
  const b = c.budgets;
  const key = `${c.dynamoEndpoint ?? "aws"}|${c.region}|${b.dynamoAttemptMs}|${b.dynamoCallMs}`;
  if (!cached || cached.key !== key) {
    const local = Boolean(c.dynamoEndpoint);
    const raw = new DynamoDBClient({
      region: c.region,
      endpoint: c.dynamoEndpoint,
      maxAttempts: local ? 2 : 3,
      // DynamoDB Local accepts any credentials; real AWS uses the default chain.
      ...(local ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
      requestHandler: new NodeHttpHandler({
        // Locally, hundreds of concurrent test requests queue for sockets; a connection
        // timer would count that wait. A refused connection still fails at once.
        connectionTimeout: local ? 0 : 1000,
        // socketTimeout, not requestTimeout: in @smithy/node-http-handler 4.x requestTimeout only
        // logs a warning, and its clock starts before the request has a socket.
        socketTimeout: b.dynamoAttemptMs,
      }),
    });
    const doc = DynamoDBDocumentClient.from(raw, {
      marshallOptions: { removeUndefinedValues: true },
    });
    cached = { key, raw: withDeadline(raw, b.dynamoCallMs), doc: withDeadline(doc, b.dynamoCallMs) };
  }
  return cached;
}

export const ddb = () => clients().doc;
export const ddbRaw = () => clients().raw;
export const tableName = () => config().tableName;
