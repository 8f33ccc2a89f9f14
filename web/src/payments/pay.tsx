/**
 * Paying for a seat held for payment, and the proof of it afterwards. The amount
 * shown is the one the server fixed when the seat was taken; the client never sends
 * one (POST /api/checkout takes only the enrolment). Checkout happens on Stripe's
 * page, another origin, so the whole window goes there and Stripe brings the payer
 * back (docs/decisions/0007-local-stripe-server.md).
 */
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { Failure, failedOf, read } from "../api/load";
import { type ProblemCode, problemCode } from "../api/problem";
import { type Notice, failureNotice } from "../components/status";
import type { EnrolmentView } from "../courses/types";
import { formatMoney } from "../format";
import { useT } from "../i18n/i18n";

/**
 * Answers after which what the page shows of the enrolment is out of date. Whether a
 * hold has lapsed is the server's to say: a phone's clock may be wrong.
 */
const STALE: ProblemCode[] = ["hold_expired", "already_paid", "not_payable"];

type Payable = Pick<EnrolmentView, "id" | "status" | "price">;

/** A seat held for payment: its price and the button to pay it. Problems go to the caller's notice, which outlives this box. */
export function PayBox({
  enrolment,
  setNotice,
  onStale,
}: {
  enrolment: Payable;
  setNotice: (n: Notice) => void;
  onStale: () => void;
}) {
  const { lang, t } = useT();
  const [busy, setBusy] = useState(false);
  if (enrolment.status !== "pending_payment" || !enrolment.price) return null;
  const amount = formatMoney(lang, enrolment.price);

  async function pay() {
    setBusy(true);
    setNotice(null);
    try {
      const { url } = await api.checkout.$post({ json: { enrolmentId: enrolment.id, locale: lang } }).then(read);
      location.assign(url); // the button stays busy while the checkout page loads
    } catch (err) {
      setBusy(false);
      setNotice(failureNotice(err, t));
      const failed = failedOf(err);
      const code = failed instanceof Failure ? problemCode(failed.problem) : undefined;
      if (code && STALE.includes(code)) onStale();
    }
  }

  return (
    <div class="pay">
      <p>
        {t("pay.due")} <strong class="price">{amount}</strong>
      </p>
      <p class="actions">
        <button type="button" disabled={busy} onClick={pay}>
          {busy ? t("pay.opening") : t("pay.pay", { amount })}
        </button>
      </p>
      <p class="hint">{t("pay.how")}</p>
    </div>
  );
}

/** The payment receipt (PDF), for the payer; the API answers 404 when there was no payment. */
export function ReceiptLink({ enrolmentId, class: className }: { enrolmentId: string; class?: string }) {
  const { t } = useT();
  return (
    <a class={className} href={api.enrolments[":id"]["receipt.pdf"].$path({ param: { id: enrolmentId } })} download>
      {t("pay.receipt")}
    </a>
  );
}

/** Paid, as far as a list can tell: a priced enrolment that got its seat (or was paid and then refunded). */
export const wasPaid = (e: Pick<EnrolmentView, "status" | "price">) =>
  Boolean(e.price) && (e.status === "active" || e.status === "refunded");

/** Waits between the questions asked after a payment (about 20 s in all): Stripe's webhook usually lands before the first. */
const POLL_MS = [1000, 2000, 3000, 5000, 8000];

/**
 * Back from Stripe, the webhook that confirms the payment may not have landed yet:
 * while `waiting`, asks again (`reload`) a few times, then lets the reader ask.
 */
export function useConfirmation(waiting: boolean, loading: boolean, reload: () => void) {
  const [polls, setPolls] = useState(0);
  useEffect(() => {
    if (!waiting || loading || polls >= POLL_MS.length) return;
    const timer = setTimeout(() => {
      setPolls((n) => n + 1);
      reload();
    }, POLL_MS[polls]);
    return () => clearTimeout(timer);
  }, [waiting, loading, polls]);
  return { givenUp: polls >= POLL_MS.length, again: () => (setPolls(0), reload()) };
}

/** What the payer reads on coming back from Stripe: confirming…, confirmed (with what they can do now), or not yet. */
export function PaidBanner(props: {
  confirmed: boolean;
  waiting: boolean;
  givenUp: boolean;
  again: () => void;
  confirmedText: string;
  children?: ComponentChildren;
}) {
  const { t } = useT();
  const { confirmed, waiting, givenUp } = props;
  return (
    <div class={confirmed ? "paid-banner ok" : "paid-banner"}>
      <p role="status">
        {confirmed ? props.confirmedText : waiting ? (givenUp ? t("pay.slow") : t("pay.confirming")) : ""}
      </p>
      {confirmed && props.children}
      {waiting && givenUp && (
        <button type="button" class="secondary" onClick={props.again}>
          {t("pay.checkAgain")}
        </button>
      )}
    </div>
  );
}
