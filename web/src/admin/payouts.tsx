/**
 * Paying hosts, for the platform admin. One party at a time: what is due (from the host's
 * statement), the amount, the method (a Stripe transfer to its connected account, or a bank
 * transfer, mobile money or cash recorded with its reference); the Idempotency-Key is kept until
 * the payout is answered, so a retry after a lost answer pays once. Or a run that pays every party
 * with something due, step by step, with a progress bar and what was paid, skipped and failed.
 * Then the list of payouts and its CSV. Parties read by name: a host's, an institution's.
 */
import { useState } from "preact/hooks";
import { read, useLoad } from "../api/load";
import { Field } from "../components/field";
import { LoadFailure, Loading, type Notice, Notices, failureNotice } from "../components/status";
import { formatDate, formatMoney, minorPerMajor } from "../format";
import { useT } from "../i18n/i18n";
import {
  type ManualMethod,
  METHODS,
  type Payout,
  type PayoutMethod,
  type PayoutList,
  type PayoutRun,
  type Statement,
  hostOfParty,
  routesApi,
} from "../learning-routes/api";
import { loadHosts } from "./hosts";

const newKey = () => crypto.randomUUID();

export function PayoutsAdmin() {
  const { t } = useT();
  const hosts = useLoad(loadHosts, []);
  const payouts = useLoad(
    () =>
      routesApi.payouts
        .$get({ query: {} })
        .then((res) => read(res) as Promise<PayoutList>)
        .then((r) => r.items),
    [],
  );
  const institutions = useLoad(
    () =>
      routesApi.institutions
        .$get()
        .then(read)
        .then((r) => r.items),
    [],
  );
  const names = new Map<string, string>([
    ...(hosts.data ?? []).map((h): [string, string] => [`host:${h.id}`, h.name]),
    ...(institutions.data ?? []).map((i): [string, string] => [`institution:${i.id}`, i.name]),
  ]);
  const partyName = (p: string) =>
    names.get(p) ?? (p === "operator" || p === "solidarity_fund" ? t(`ledger.party.${p}`) : p);
  return (
    <section aria-labelledby="payouts-title">
      <h2 id="payouts-title">{t("payouts.title")}</h2>
      <PayOne hosts={hosts.data ?? []} onPaid={payouts.reload} />
      <PayoutRunBox partyName={partyName} onDone={payouts.reload} />
      <h3>{t("payouts.list")}</h3>
      {!payouts.data && (payouts.failed ? <LoadFailure failed={payouts.failed} retry={payouts.reload} /> : <Loading />)}
      {payouts.data?.length === 0 && <p class="muted">{t("payouts.none")}</p>}
      {payouts.data && payouts.data.length > 0 && <PayoutTable items={payouts.data} partyName={partyName} />}
      <p>
        <a href={routesApi.payouts.$path({ query: { format: "csv" } })} download>
          {t("payouts.csv")}
        </a>
      </p>
    </section>
  );
}

function PayoutTable({ items, partyName }: { items: Payout[]; partyName: (p: string) => string }) {
  const { lang, t } = useT();
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={t("payouts.list")}>
      <table class="people payouts">
        <thead>
          <tr>
            <th scope="col">{t("ledger.date")}</th>
            <th scope="col">{t("payouts.party")}</th>
            <th scope="col">{t("payouts.method")}</th>
            <th scope="col" class="num">
              {t("statement.amount")}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id} data-party={p.party}>
              <td>{formatDate(lang, p.createdAt)}</td>
              <td>{partyName(p.party)}</td>
              <td>
                {t(`payouts.methods.${p.method}`)}
                {p.reference && (
                  <>
                    <br />
                    <span class="muted">{p.reference}</span>
                  </>
                )}
              </td>
              <td class="num">{formatMoney(lang, p.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PayOne({ hosts, onPaid }: { hosts: { id: string; name: string }[]; onPaid: () => void }) {
  const { lang, t } = useT();
  const [party, setParty] = useState("");
  const [amount, setAmount] = useState("");
  const [method, setMethod] = useState<PayoutMethod>("bank_transfer");
  const [reference, setReference] = useState("");
  const [key, setKey] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const hostId = hostOfParty(party);
  const statement = useLoad(
    () =>
      hostId
        ? routesApi.hosts[":id"].statement
            .$get({ param: { id: hostId }, query: {} })
            .then((res) => read(res) as Promise<Statement>)
        : Promise.resolve(null),
    [hostId],
  );
  const due = statement.data?.due;
  const currency = due?.currency ?? "USD";

  async function pay(e: Event) {
    e.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      const perMajor = minorPerMajor(currency);
      const p = await routesApi.payouts
        .$post({
          json: {
            party,
            amount: { amount: Math.round(Number(amount.replace(",", ".")) * perMajor), currency },
            method,
            ...(reference.trim() ? { reference: reference.trim() } : {}),
          },
          header: { "idempotency-key": key },
        })
        .then(read);
      setKey(newKey()); // answered: the next payout is a new one
      setAmount("");
      setReference("");
      setNotice({ kind: "status", text: t("payouts.paid", { amount: formatMoney(lang, p.amount) }) });
      statement.reload();
      onPaid();
    } catch (err) {
      setNotice(failureNotice(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel" id="payout-form" onSubmit={pay} aria-labelledby="payout-form-title">
      <h3 id="payout-form-title">{t("payouts.one")}</h3>
      <Field name="payout-party" label={t("payouts.party")}>
        <select
          id="payout-party"
          required
          value={party}
          onChange={(e) => (setParty(e.currentTarget.value), setKey(newKey()))}
        >
          <option value="">{t("routeAdmin.chooseHost")}</option>
          {hosts.map((h) => (
            <option key={h.id} value={`host:${h.id}`}>
              {h.name}
            </option>
          ))}
        </select>
      </Field>
      {due && (
        <p id="payout-due" class="meta">
          {t("statement.due")}: <strong>{formatMoney(lang, due)}</strong>{" "}
          {due.amount > 0 && (
            <button
              type="button"
              class="secondary small"
              onClick={() => setAmount(String(due.amount / minorPerMajor(due.currency)))}
            >
              {t("payouts.payAll")}
            </button>
          )}
        </p>
      )}
      <Field name="payout-amount" label={t("payouts.amount", { currency })}>
        <input
          id="payout-amount"
          inputMode="decimal"
          required
          value={amount}
          onInput={(e) => setAmount(e.currentTarget.value)}
        />
      </Field>
      <Field name="payout-method" label={t("payouts.method")}>
        <select id="payout-method" value={method} onChange={(e) => setMethod(e.currentTarget.value as PayoutMethod)}>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`payouts.methods.${m}`)}
            </option>
          ))}
        </select>
      </Field>
      {method !== "stripe" && (
        <Field name="payout-reference" label={t("payouts.reference")}>
          <input
            id="payout-reference"
            required
            value={reference}
            onInput={(e) => setReference(e.currentTarget.value)}
          />
        </Field>
      )}
      <Notices notice={notice} />
      <p class="actions">
        <button type="submit" disabled={busy || !party}>
          {busy ? t("payouts.paying") : t("payouts.pay")}
        </button>
      </p>
    </form>
  );
}

function PayoutRunBox({ partyName, onDone }: { partyName: (p: string) => string; onDone: () => void }) {
  const { lang, t } = useT();
  const [currency, setCurrency] = useState("USD");
  const [method, setMethod] = useState<ManualMethod | "">("");
  const [reference, setReference] = useState("");
  const [run, setRun] = useState<PayoutRun | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  async function start(e: Event) {
    e.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      let r = await routesApi["payout-runs"]
        .$post({
          json: {
            currency: currency.trim().toUpperCase(),
            ...(method ? { method, reference: reference.trim() } : {}),
          },
        })
        .then(read);
      setRun(r);
      while (r.status !== "done") {
        r = await routesApi["payout-runs"][":id"].step.$post({ param: { id: r.id }, json: {} }).then(read);
        setRun(r);
      }
      onDone();
    } catch (err) {
      setNotice(failureNotice(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel" id="payout-run" onSubmit={start} aria-labelledby="payout-run-title">
      <h3 id="payout-run-title">{t("payouts.run")}</h3>
      <p class="hint">{t("payouts.runHint")}</p>
      <Field name="run-currency" label={t("admin.currency")}>
        <input id="run-currency" maxLength={3} value={currency} onInput={(e) => setCurrency(e.currentTarget.value)} />
      </Field>
      <Field name="run-method" label={t("payouts.runMethod")}>
        <select id="run-method" value={method} onChange={(e) => setMethod(e.currentTarget.value as ManualMethod | "")}>
          <option value="">{t("payouts.runStripeOnly")}</option>
          {METHODS.filter((m) => m !== "stripe").map((m) => (
            <option key={m} value={m}>
              {t(`payouts.methods.${m}`)}
            </option>
          ))}
        </select>
      </Field>
      {method && (
        <Field name="run-reference" label={t("payouts.reference")}>
          <input id="run-reference" required value={reference} onInput={(e) => setReference(e.currentTarget.value)} />
        </Field>
      )}
      <p class="actions">
        <button type="submit" disabled={busy}>
          {busy ? t("payouts.running") : t("payouts.runStart")}
        </button>
      </p>
      <Notices notice={notice} />
      {run && (
        <div class="run" aria-live="polite">
          <label for="run-progress">{t("payouts.progress", { done: run.done, total: run.total })}</label>
          <progress id="run-progress" value={run.done} max={Math.max(run.total, 1)} />
          {run.status === "done" && (
            <>
              <p role="status">{t("payouts.runDone")}</p>
              <h4>{t("payouts.runPaid", { count: run.paid.length })}</h4>
              <ul class="run-paid">
                {run.paid.map((p) => (
                  <li key={p.payoutId}>
                    {partyName(p.party)} · {formatMoney(lang, p.amount)} · {t(`payouts.methods.${p.method}`)}
                  </li>
                ))}
              </ul>
              <h4>{t("payouts.runSkipped", { count: run.skipped.length })}</h4>
              <ul class="run-skipped">
                {run.skipped.map((p) => (
                  <li key={p.party}>
                    {partyName(p.party)} · <span lang="en">{p.reason}</span>
                  </li>
                ))}
              </ul>
              <h4>{t("payouts.runFailed", { count: run.failed.length })}</h4>
              <ul class="run-failed">
                {run.failed.map((p) => (
                  <li key={p.party}>
                    {partyName(p.party)} · <span lang="en">{p.reason}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </form>
  );
}
