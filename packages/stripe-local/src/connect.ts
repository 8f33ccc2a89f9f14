// Stripe Connect as the platform uses it: connected accounts, onboarding links, transfers to them and reversals, never more reversed than transferred.
import type Stripe from "stripe";
import type { Core } from "./core";
import { errors } from "./errors";
import type { RequestInfo } from "./events";
import { newId, nowSeconds } from "./ids";
import { formatMoney } from "./money";
import * as build from "./objects";
import type { AccountLinkRecord } from "./state";

export function createAccount(core: Core, input: build.AccountInput): Stripe.Account {
  const account = build.account(input);
  core.store.accounts.set(account.id, account);
  return account;
}

export function createAccountLink(
  core: Core,
  input: { account: string; type: string; refresh_url?: string; return_url?: string },
): Stripe.AccountLink {
  if (!core.store.accounts.has(input.account)) throw errors.noSuchParam("account", input.account, "account");
  const created = nowSeconds();
  const record: AccountLinkRecord = {
    token: newId.linkToken(),
    account: input.account,
    type: input.type,
    refreshUrl: input.refresh_url,
    returnUrl: input.return_url,
    expiresAt: created + 300,
    used: false,
  };
  core.store.accountLinks.set(record.token, record);
  return {
    object: "account_link",
    created,
    expires_at: record.expiresAt,
    url: `${core.publicUrl}/connect/onboarding/${record.token}`,
  };
}

/** The onboarding page's "finish" button: the account can take charges and payouts from now on. */
export function completeOnboarding(core: Core, link: AccountLinkRecord): Stripe.Account | undefined {
  const account = core.store.accounts.get(link.account);
  if (!account) return undefined;
  link.used = true;
  const previous = {
    charges_enabled: account.charges_enabled,
    details_submitted: account.details_submitted,
    payouts_enabled: account.payouts_enabled,
    capabilities: structuredClone(account.capabilities),
  };
  account.charges_enabled = true;
  account.details_submitted = true;
  account.payouts_enabled = true;
  const capabilities = (account.capabilities ?? {}) as Record<string, string>;
  for (const name of Object.keys(capabilities)) capabilities[name] = "active";
  core.events.emit("account.updated", account, null, { previous_attributes: previous, account: account.id });
  return account;
}

export type TransferInput = {
  amount: number;
  currency: string;
  destination: string;
  transfer_group?: string;
  description?: string;
  metadata?: Record<string, string>;
};

export function createTransfer(core: Core, input: TransferInput, request: RequestInfo): Stripe.Transfer {
  const { store } = core;
  if (!store.accounts.has(input.destination)) throw errors.noSuchParam("destination", input.destination, "destination");
  const id = newId.transfer();
  const txnId = newId.balanceTransaction();
  const transfer = build.transfer(
    {
      amount: input.amount,
      currency: input.currency,
      destination: input.destination,
      transferGroup: input.transfer_group,
      description: input.description,
      metadata: input.metadata ?? {},
    },
    txnId,
    id,
  );
  store.balanceTransactions.set(
    txnId,
    build.balanceTransaction(txnId, "transfer", -input.amount, input.currency, id, input.description ?? null),
  );
  store.transfers.set(id, transfer);
  core.events.emit("transfer.created", transfer, request);
  return transfer;
}

export function reverseTransfer(
  core: Core,
  transferId: string,
  input: { amount?: number; metadata?: Record<string, string> },
  request: RequestInfo,
): Stripe.TransferReversal {
  const { store } = core;
  const transfer = store.transfers.get(transferId);
  if (!transfer) throw errors.noSuch("transfer", transferId, "id");
  const remaining = transfer.amount - transfer.amount_reversed;
  if (remaining <= 0) throw errors.refused(`Transfer ${transfer.id} has already been fully reversed.`);
  const amount = input.amount ?? remaining;
  if (amount > remaining) {
    throw errors.refused(
      `Reversal amount (${formatMoney(amount, transfer.currency)}) is greater than the amount left to reverse on transfer ${transfer.id} (${formatMoney(remaining, transfer.currency)}).`,
      { code: "amount_too_large", param: "amount" },
    );
  }
  const txnId = newId.balanceTransaction();
  const reversal = build.transferReversal(transfer, amount, txnId, input.metadata ?? {});
  store.balanceTransactions.set(
    txnId,
    build.balanceTransaction(txnId, "transfer_refund", amount, transfer.currency, reversal.id, null),
  );
  store.reversals.set(reversal.id, reversal);
  const previous = { amount_reversed: transfer.amount_reversed, reversed: transfer.reversed };
  transfer.amount_reversed += amount;
  transfer.reversed = transfer.amount_reversed === transfer.amount;
  transfer.reversals.data.unshift(structuredClone(reversal));
  core.events.emit("transfer.reversed", transfer, request, { previous_attributes: previous });
  return reversal;
}
