/**
 * An offering's ledger (a cohort's or a Learning Route's) for its institution's admins: what
 * each party of the fee-sharing plan is owed after payments and refunds (for a route, also what
 * was paid out and what is still due), Stripe's fees, every entry, and a CSV of them. Balances come from the server (derived from the double-entry lines;
 * docs/decisions/0008-ledger-and-fee-sharing.md); the page only names and formats them.
 */
import type { InferResponseType } from "hono/client";
import { api } from "../api/client";
import { read, useLoad } from "../api/load";
import { LoadFailure, Loading } from "../components/status";
import { formatDate, formatMoney } from "../format";
import { useT } from "../i18n/i18n";

/** The JSON answer (the same route also answers CSV, hence the Extract). */
type Ledger = Extract<InferResponseType<(typeof api.cohorts)[":id"]["ledger"]["$get"], 200>, { entries: unknown }>;
type Balance = Ledger["balances"][number];

type Party = "institution" | "host" | "operator" | "solidarity_fund" | "stripe_fees" | "stripe_balance";
/** Which kind of account this is: parties first (what is owed to them), then the money at Stripe. */
export function partyOf(account: string): Party | null {
  if (account.startsWith("institution:")) return "institution";
  if (account.startsWith("host:")) return "host";
  if (account === "operator" || account === "solidarity_fund") return account;
  if (account === "stripe:fees") return "stripe_fees";
  if (account === "stripe:balance") return "stripe_balance";
  return null;
}
const ORDER: (Party | null)[] = [
  "institution",
  "host",
  "operator",
  "solidarity_fund",
  "stripe_fees",
  "stripe_balance",
  null,
];

/**
 * Parties are credit-normal (the balance is what the programme owes them); Stripe's
 * accounts are debit-normal (fees paid, money held), so they read as debits − credits.
 */
export const shownBalance = (b: Pick<Balance, "account" | "credits" | "debits" | "balance">) =>
  b.account.startsWith("stripe:") ? b.debits - b.credits : b.balance;

/** Which offerings have a ledger here: the API's `/<segment>/:id/ledger`. */
export type LedgerOf = "cohorts" | "routes";
const endpoint = (of: LedgerOf) => (of === "routes" ? api.routes[":id"].ledger : api.cohorts[":id"].ledger);

export const CohortLedger = ({ cohortId, version }: { cohortId: string; version: number }) => (
  <OfferingLedger of="cohorts" id={cohortId} version={version} />
);

/**
 * `dues`: the balances read owed / paid / due per party (what payouts settle) rather than one
 * balance; `nameOf` names an account more precisely than its kind (a host by its name).
 */
export function OfferingLedger(props: {
  of: LedgerOf;
  id: string;
  version: number;
  dues?: boolean;
  nameOf?: (account: string) => string | undefined;
}) {
  const { of, id, version, dues = false, nameOf } = props;
  const { lang, t } = useT();
  const ledger = useLoad(
    () =>
      endpoint(of)
        .$get({ param: { id }, query: {} })
        .then(read)
        .then((r) => r as Ledger),
    [of, id, version],
  );
  const name = (account: string) => {
    const party = partyOf(account);
    return nameOf?.(account) ?? (party ? t(`ledger.party.${party}`) : account);
  };
  const cell = (m: { amount: number; currency: string } | undefined) => (m ? formatMoney(lang, m) : "");
  const l = ledger.data;
  if (!l) return ledger.failed ? <LoadFailure failed={ledger.failed} retry={ledger.reload} /> : <Loading />;
  const balances = [...l.balances].sort(
    (a, b) => ORDER.indexOf(partyOf(a.account)) - ORDER.indexOf(partyOf(b.account)),
  );
  const csv = endpoint(of).$path({ param: { id }, query: { format: "csv" } });
  return (
    <div class="ledger">
      {l.entries.length === 0 ? (
        <p class="muted">{t("ledger.none")}</p>
      ) : (
        <>
          {/* Owed, paid and due side by side may be wider than a phone: the table scrolls, not the page. */}
          <div class="table-scroll" tabIndex={0} role="region" aria-label={t("ledger.balances")}>
            <table class="people balances">
              <caption>{t("ledger.balances")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("ledger.account")}</th>
                  {dues ? (
                    (["owed", "paid", "due"] as const).map((k) => (
                      <th key={k} scope="col" class="num">
                        {t(`ledger.${k}`)}
                      </th>
                    ))
                  ) : (
                    <th scope="col" class="num">
                      {t("ledger.balance")}
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {balances.map((b) => {
                  const shown = formatMoney(lang, { amount: shownBalance(b), currency: b.currency });
                  return (
                    <tr key={`${b.account}|${b.currency}`} data-account={b.account}>
                      <th scope="row">{name(b.account)}</th>
                      {!dues ? (
                        <td class="num">{shown}</td>
                      ) : b.owed ? (
                        <>
                          <td class="num">{cell(b.owed)}</td>
                          <td class="num">{cell(b.paid)}</td>
                          <td class="num">{cell(b.due)}</td>
                        </>
                      ) : (
                        <td class="num" colSpan={3}>
                          {shown}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p class="hint">{t(of === "routes" ? "ledger.routeHint" : "ledger.hint")}</p>
          <div class="table-scroll tall" tabIndex={0} role="region" aria-label={t("ledger.entries")}>
            <table class="people">
              <caption>{t("ledger.entries")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("ledger.date")}</th>
                  <th scope="col">{t("ledger.account")}</th>
                  <th scope="col" class="num">
                    {t("ledger.debit")}
                  </th>
                  <th scope="col" class="num">
                    {t("ledger.credit")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {l.entries.map((e, i) => {
                  const money = formatMoney(lang, e);
                  return (
                    <tr key={`${e.postingId}-${i}`}>
                      <td>
                        {formatDate(lang, e.createdAt)}
                        <br />
                        <span class="muted">
                          {t(
                            `ledger.kind.${e.postingKind === "refund" || e.postingKind === "payout" ? e.postingKind : "payment"}`,
                          )}
                        </span>
                      </td>
                      <td>{name(e.account)}</td>
                      <td class="num">{e.side === "debit" ? money : ""}</td>
                      <td class="num">{e.side === "credit" ? money : ""}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p>
        <a href={csv} download>
          {t("ledger.csv")}
        </a>
      </p>
    </div>
  );
}
