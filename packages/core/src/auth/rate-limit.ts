/**
 * Fixed-window rate limit kept in the table: one counter item per subject and
 * window, incremented with a condition so concurrent requests cannot overshoot.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { TooMany } from "../errors";

export async function consume(
  bucket: string,
  subject: string,
  max: number,
  windowSeconds: number,
  message = "Too many requests for this address; try again later.",
): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const windowStart = now - (now % windowSeconds);
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.rateWindow(bucket, subject, windowStart),
        UpdateExpression: "ADD #count :one SET expiresAt = :exp, #type = :type",
        ConditionExpression: "attribute_not_exists(#count) OR #count < :max",
        ExpressionAttributeNames: { "#count": "count", "#type": "type" },
        ExpressionAttributeValues: {
          ":one": 1,
          ":max": max,
          ":exp": windowStart + windowSeconds * 2,
          ":type": "RateWindow",
        },
      }),
    );
  } catch (err) {
    if ((err as Error).name === "ConditionalCheckFailedException") {
      // Always at least 1: `now` lies inside the window, so its end is still ahead.
      throw new TooMany(message, windowStart + windowSeconds - now);
    }
    throw err;
  }
}
