/** Publishing a draft record (a course, a route): one conditional update, shared by every kind. */
import { tableName } from "./client";

type Key = { pk: string; sk: string };

/**
 * The transaction item that moves a draft to published at `at` and puts it in its public listing
 * (gsi1). Conditional on the record still being a draft, so of two concurrent calls only one
 * writes, and only its transaction's other items (the audit entry) are recorded.
 */
export const publishDraft = (key: Key, listing: { gsi1pk: string; gsi1sk: string }, at: string) => ({
  Update: {
    TableName: tableName(),
    Key: key,
    UpdateExpression: "SET #status = :published, publishedAt = :at, gsi1pk = :g1, gsi1sk = :g1s",
    ConditionExpression: "#status = :draft",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: {
      ":published": "published",
      ":draft": "draft",
      ":at": at,
      ":g1": listing.gsi1pk,
      ":g1s": listing.gsi1sk,
    },
  },
});
