/**
 * Hosts of Learning Routes: rural organisations and local talents (yachaq) who
 * receive visitors and are paid a share of every route fee. Registered by the
 * platform admin, who vouches for them.
 */
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { type Actor, requirePlatformAdmin } from "../actor";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { transact } from "../db/transact";
import { Conflict } from "../errors";
import * as Audit from "../audit";

export const HOST_KINDS = ["organisation", "talent"] as const;
export type HostKind = (typeof HOST_KINDS)[number];
export type Host = {
  id: string;
  name: string;
  kind: HostKind;
  country: string;
  region?: string;
  expertise?: string;
  email?: string;
  createdAt: string;
};

export async function create(actor: Actor, input: Omit<Host, "id" | "createdAt">): Promise<Host> {
  requirePlatformAdmin(actor);
  const host: Host = { ...input, email: input.email?.toLowerCase(), id: ulid(), createdAt: new Date().toISOString() };
  const out = await transact([
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.host(host.id),
          ...keys.hostListing(host.country, host.region ?? "", host.id),
          type: "Host",
          ...host,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    Audit.write(actor, {
      action: "host.created",
      target: { kind: "host", id: host.id },
      details: { name: host.name, kind: host.kind, country: host.country },
    }),
  ]);
  if (!out.ok) throw new Conflict("A host with this id exists already.");
  return host;
}

const fromItem = ({ pk: _p, sk: _s, gsi1pk: _g, gsi1sk: _gs, type: _t, ...host }: Record<string, unknown>) =>
  host as Host;

export async function get(id: string): Promise<Host | null> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.host(id) }));
  return out.Item ? fromItem(out.Item) : null;
}

/** Hosts of one country, ordered by region. */
export async function listByCountry(country: string): Promise<Host[]> {
  const out = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :p",
      ExpressionAttributeValues: { ":p": keys.hostsPartition(country) },
    }),
  );
  return (out.Items ?? []).map(fromItem);
}
