// The one DynamoDB table, built from the definition in core so AWS and DynamoDB Local cannot drift.
import { RemovalPolicy } from "aws-cdk-lib";
import { BillingMode } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { BlockPublicAccess, BucketEncryption } from "aws-cdk-lib/aws-s3";
import { Bucket, Table, type StackContext } from "sst/constructs";
import { tableDefinition as def } from "../packages/core/src/db/table";

export function Storage({ stack, app }: StackContext) {
  const table = new Table(stack, "Table", {
    fields: Object.fromEntries(def.attributes.map((name) => [name, "string" as const])),
    primaryIndex: { partitionKey: def.partitionKey, sortKey: def.sortKey },
    globalIndexes: def.globalIndexes,
    timeToLiveAttribute: def.ttlAttribute,
    cdk: {
      table: {
        billingMode: BillingMode.PAY_PER_REQUEST,
        // SST's Table passes this deprecated prop itself, so the newer form would conflict with it.
        pointInTimeRecovery: true,
        // Payments and the ledger live here: prod data outlives the stack.
        removalPolicy: app.stage === "prod" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      },
    },
  });
  // Documents institutions sell: private, encrypted, reached only through presigned links.
  const files = new Bucket(stack, "Files", {
    cdk: {
      bucket: {
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        encryption: BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        removalPolicy: app.stage === "prod" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        autoDeleteObjects: app.stage !== "prod",
      },
    },
  });
  stack.addOutputs({ TableName: table.tableName, FilesBucket: files.bucketName });
  return { table, files };
}

/** Read and write objects in the files bucket, nothing else (no listing, no deletion). */
export function filesAccess(files: Bucket) {
  return new PolicyStatement({ actions: ["s3:GetObject", "s3:PutObject"], resources: [`${files.bucketArn}/*`] });
}

/**
 * The item-level actions core uses (TransactWriteItems is authorised per Put/Update/Delete/
 * ConditionCheck), on the table and its indexes only. No Scan: access goes through keys and
 * indexes (DESIGN "Data"); a job that truly needs one should be granted it on purpose.
 */
export function tableAccess(table: Table) {
  return new PolicyStatement({
    actions: [
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:Query",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:DescribeTable",
    ],
    resources: [table.tableArn, `${table.tableArn}/index/*`],
  });
}
