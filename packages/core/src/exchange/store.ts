/** Reading exchange applications, shared by applications.ts and rounds.ts. */
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { getAll } from "../db/batch";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";

export type Application = { id: string; personId: string; statement: string; ranking: string[]; updatedAt: string };

const strip = ({ pk: _pk, sk: _sk, type: _t, ...rest }: Record<string, unknown>) => rest as Application;

export async function findApplication(personId: string): Promise<Application | null> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.exchangeApplication(personId) }));
  return out.Item ? strip(out.Item) : null;
}

/** The applications of these people (those who have one). */
export const findApplications = async (personIds: string[]) =>
  (await getAll(personIds.map((id) => keys.exchangeApplication(id)))).map(strip);

/** Every application (one partition, read page by page). */
export async function allApplications(): Promise<Application[]> {
  const items: Application[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": keys.exchangeApplicationsPartition() },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []).map(strip));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
