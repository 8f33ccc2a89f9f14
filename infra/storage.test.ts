// Synth test for the table: the settings the data's safety depends on (on-demand, PITR, TTL, indexes, retention).
import { Match, Template } from "aws-cdk-lib/assertions";
import { getStack } from "sst/constructs";
import { describe, expect, it } from "vitest";
import { tableDefinition as def } from "../packages/core/src/db/table";
import { Storage } from "./storage";
import { synth } from "./synth";

describe("Storage stack", () => {
  it("builds the one table from core's definition", async () => {
    await synth();
    const template = Template.fromStack(getStack(Storage));
    template.resourceCountIs("AWS::DynamoDB::Table", 1);
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      AttributeDefinitions: Match.arrayWith(
        ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"].map((n) => ({ AttributeName: n, AttributeType: "S" })),
      ),
      GlobalSecondaryIndexes: Match.arrayWith(
        [1, 2].map((i) => ({
          IndexName: `gsi${i}`,
          KeySchema: [
            { AttributeName: `gsi${i}pk`, KeyType: "HASH" },
            { AttributeName: `gsi${i}sk`, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        })),
      ),
    });
    const [table] = Object.values(template.findResources("AWS::DynamoDB::Table"));
    expect(table.Properties.GlobalSecondaryIndexes).toHaveLength(Object.keys(def.globalIndexes).length);
    expect(table.DeletionPolicy).toBe("Delete");
  });

  it("keeps sold documents in a private, encrypted bucket", async () => {
    await synth();
    const template = Template.fromStack(getStack(Storage));
    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
    });
  });

  it("retains the table on prod", async () => {
    await synth("prod");
    const template = Template.fromStack(getStack(Storage));
    template.hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
  });
});
