/**
 * One DynamoDB client, created lazily with its endpoint and timeouts pinned.
 * Short timeouts let a dead database turn into a prompt 503, not a hung request.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { config } from "../config";

let cached: { key: string; raw: DynamoDBClient; doc: DynamoDBDocumentClient } | undefined;

function clients() {
  const c = config();
  const key = `${c.dynamoEndpoint ?? "aws"}|${c.region}`;
  if (!cached || cached.key !== key) {
    const local = Boolean(c.dynamoEndpoint);
    const raw = new DynamoDBClient({
      region: c.region,
      endpoint: c.dynamoEndpoint,
      maxAttempts: local ? 2 : 3,
      // DynamoDB Local accepts any credentials; real AWS uses the default chain.
      ...(local ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
      // Locally, hundreds of concurrent test requests queue for sockets; a connection
      // timer would count that wait. A refused connection still fails at once.
      requestHandler: new NodeHttpHandler({ connectionTimeout: local ? 0 : 1000, requestTimeout: 5000 }),
    });
    const doc = DynamoDBDocumentClient.from(raw, {
      marshallOptions: { removeUndefinedValues: true },
    });
    cached = { key, raw, doc };
  }
  return cached;
}

export const ddb = () => clients().doc;
export const ddbRaw = () => clients().raw;
export const tableName = () => config().tableName;
