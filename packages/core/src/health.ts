/** Health: the database answers a read on our own table, or we are not healthy. */
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { ddbRaw, tableName } from "./db/client";

export async function databaseAnswers(): Promise<boolean> {
  try {
    const out = await ddbRaw().send(new DescribeTableCommand({ TableName: tableName() }));
    return out.Table?.TableStatus === "ACTIVE";
  } catch {
    return false;
  }
}
