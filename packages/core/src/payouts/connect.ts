/**
 * Stripe Connect for hosts: one Express connected account per host, created once, onboarded by
 * an account link; the `account.updated` webhook marks it ready (decision 0018). The account is
 * kept on its own item beside the host (`HOST#<id>` / `CONNECT`), so the host's profile is not
 * touched by payouts.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type Stripe from "stripe";
import type { Actor } from "../actor";
import * as Audit from "../audit";
import { config } from "../config";
import { ddb, tableName } from "../db/client";
import { keys } from "../db/keys";
import { transact } from "../db/transact";
import * as Hosts from "../hosts";
import { eventMarker } from "../payments/record";
import { stripe } from "../stripe";

export type ConnectedAccount = { hostId: string; accountId: string; ready: boolean; updatedAt: string };

export async function connectedAccount(hostId: string): Promise<ConnectedAccount | null> {
  const out = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.hostConnect(hostId), ConsistentRead: true }),
  );
  if (!out.Item) return null;
  const { accountId, ready, updatedAt } = out.Item as ConnectedAccount;
  return { hostId, accountId, ready: Boolean(ready), updatedAt };
}

/** Who may onboard a host: its members (they hold the bank details) and the platform admin. */
const requireHostAccess = (actor: Actor, hostId: string) => Hosts.requireMemberOrAdmin(actor, hostId);

/** Ready to receive transfers: onboarding finished and payouts enabled at Stripe. */
const isReady = (a: Stripe.Account) =>
  Boolean(a.details_submitted && a.payouts_enabled) &&
  ((a.capabilities as Record<string, string> | undefined)?.transfers ?? "active") === "active";

/**
 * The host's onboarding link; creates its connected account the first time. Two concurrent first
 * calls create one account: the Stripe idempotency key is the host's, and the item is written once.
 */
export async function startOnboarding(actor: Actor, hostId: string): Promise<{ url: string }> {
  const host = await requireHostAccess(actor, hostId);
  let current = await connectedAccount(hostId);
  if (!current) {
    const account = await stripe().accounts.create(
      {
        type: "express",
        country: host.country,
        capabilities: { transfers: { requested: true } },
        metadata: { hostId },
      },
      { idempotencyKey: `connect:account:${hostId}`, maxNetworkRetries: 2 },
    );
    const at = new Date().toISOString();
    await transact([
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.hostConnect(hostId),
            type: "HostConnect",
            hostId,
            accountId: account.id,
            ready: false,
            updatedAt: at,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      Audit.write(actor, {
        action: "host.connected_account_created",
        target: { kind: "host", id: hostId },
        details: { accountId: account.id },
      }),
    ]); // a concurrent first call wrote the same account: fine
    current = (await connectedAccount(hostId))!;
  }
  const back = `${config().appUrl}/hosts/${encodeURIComponent(hostId)}`;
  const link = await stripe().accountLinks.create({
    account: current.accountId,
    type: "account_onboarding",
    refresh_url: `${back}?connect=refresh`,
    return_url: `${back}?connect=done`,
  });
  return { url: link.url };
}

export async function onboardingStatus(actor: Actor, hostId: string): Promise<{ accountId?: string; ready: boolean }> {
  await requireHostAccess(actor, hostId);
  const a = await connectedAccount(hostId);
  return a ? { accountId: a.accountId, ready: a.ready } : { ready: false };
}

/**
 * `account.updated`: the host's readiness follows the account as Stripe has it now (retrieved, so
 * events arriving out of order cannot leave a stale answer), once per event (its marker rides in
 * the same transaction).
 */
export async function accountUpdated(
  event: Stripe.Event,
  account: Stripe.Account,
): Promise<"processed" | "duplicate" | "ignored"> {
  const hostId = account.metadata?.hostId;
  const mark = async (why: string) => ((await transact([eventMarker(event, why)])).ok ? "ignored" : "duplicate");
  if (!hostId) return mark("not_ours");
  const current = await connectedAccount(hostId);
  if (!current || current.accountId !== account.id) return mark("unknown_account");
  const fresh = await stripe().accounts.retrieve(account.id);
  const out = await transact([
    eventMarker(event, "account_updated"),
    {
      Update: {
        TableName: tableName(),
        Key: keys.hostConnect(hostId),
        UpdateExpression: "SET ready = :ready, updatedAt = :at",
        ConditionExpression: "accountId = :account",
        ExpressionAttributeValues: {
          ":ready": isReady(fresh),
          ":at": new Date().toISOString(),
          ":account": account.id,
        },
      },
    },
  ]);
  if (out.ok) return "processed";
  return out.failed[0] ? "duplicate" : mark("unknown_account");
}
