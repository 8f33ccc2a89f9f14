/**
 * My exchange application: a statement and the offers I want, most wanted first, reordered with
 * buttons (keyboard and phone friendly), then saved. After a round: what it gave me, explained in
 * my language, the day I must answer by, Accept or Decline; once accepted, paying when the offer is
 * priced (the same checkout as every other kind) and the preparatory course.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { Link, useLocation, useSearch } from "wouter-preact";
import { api } from "../api/client";
import { Failure, failedOf, read, useLoad } from "../api/load";
import { pathErrors } from "../api/problem";
import { Field } from "../components/field";
import { LoadFailure, Loading, type Notice, Notices, failureNotice, signInHref } from "../components/status";
import type { MyEnrolment } from "../courses/types";
import {
  type Accepted,
  type Application,
  type Assignment,
  type Offer,
  applicationApi,
  exchangeApi,
  loadMine,
  mineNow,
  placementApi,
} from "../exchange/api";
import { offerLine } from "../exchange/offer";
import { RankedList } from "../exchange/ranked-list";
import { append } from "../exchange/reorder";
import { formatDate, pick } from "../format";
import { useT } from "../i18n/i18n";
import { PaidBanner, PayBox, ReceiptLink, useConfirmation, wasPaid } from "../payments/pay";
import { useMe } from "../session";
import { useTitle } from "../title";

/** What the page shows of an offer: the application's read carries it for the offers it names. */
type Listed = Pick<
  Offer,
  "id" | "kind" | "title" | "country" | "city" | "startDate" | "endDate" | "applicationDeadline" | "status"
>;

/** Offers added on this page, by id; null for one that no longer exists. */
async function loadOffers(ids: string[]): Promise<Map<string, Listed | null>> {
  const pairs = await Promise.all(
    ids.map((id) =>
      exchangeApi.offers[":id"]
        .$get({ param: { id } })
        .then(read)
        .then(
          (o): [string, Listed | null] => [id, o],
          (err): [string, Listed | null] => {
            if (err instanceof Failure && err.status === 404) return [id, null];
            throw err;
          },
        ),
    ),
  );
  return new Map(pairs);
}

export default function ExchangeApplication() {
  const i18n = useT();
  const { lang, t } = i18n;
  const [, navigate] = useLocation();
  const search = useSearch();
  const me = useMe();
  const mine = useLoad(() => loadMine(me), [me?.id]);
  const app = mineNow(mine.data, me);
  const [statement, setStatement] = useState<string | null>(null);
  const [ranking, setRanking] = useState<string[] | null>(null);
  const [offers, setOffers] = useState(new Map<string, Listed | null>());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  useTitle(t("exchange.application.title"));
  useEffect(() => {
    if (me === null) navigate(signInHref(lang), { replace: true });
  }, [me]);

  // The form starts from what is saved, plus an offer the reader came to add (?add=<id>).
  const add = new URLSearchParams(search).get("add");
  useEffect(() => {
    if (app === undefined || ranking !== null) return;
    setStatement(app?.statement ?? "");
    setRanking(add ? append(app?.ranking ?? [], add) : (app?.ranking ?? []));
  }, [app]);
  const wanted = [...(ranking ?? []), ...(app?.assignment?.offerId ? [app.assignment.offerId] : [])];
  const asked = useRef(new Set<string>());
  useEffect(() => {
    if (!app?.offers) return;
    for (const o of app.offers) asked.current.add(o.id);
    setOffers((before) => new Map([...before, ...app.offers!.map((o) => [o.id, o] as const)]));
  }, [app]);
  useEffect(() => {
    if (app === undefined) return; // the application's read names its offers first
    const missing = [...new Set(wanted)].filter((id) => !asked.current.has(id));
    if (!missing.length) return;
    for (const id of missing) asked.current.add(id);
    loadOffers(missing).then(
      (m) => setOffers((before) => new Map([...before, ...m])),
      () => missing.forEach((id) => asked.current.delete(id)), // offline: asked again on the next change
    );
  }, [wanted.join()]);

  if (me === null) return null;
  if (app === undefined || ranking === null)
    return mine.failed ? <LoadFailure failed={mine.failed} retry={mine.reload} /> : <Loading />;

  const title = (id: string) => {
    const o = offers.get(id);
    return o ? pick(o.title, lang).text : o === null ? t("exchange.application.gone") : id;
  };

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setNotice(null);
    try {
      const saved = await applicationApi
        .$put({ json: { statement: (statement ?? "").trim(), ranking: ranking ?? [] } })
        .then(read);
      mine.set({ who: me!.id, app: { ...(app ?? {}), ...saved } as Application });
      setNotice({ kind: "status", text: t("exchange.application.saved") });
      if (add) navigate(`/${lang}/exchange/application`, { replace: true });
    } catch (err) {
      const failed = failedOf(err);
      if (failed instanceof Failure && failed.status === 400) setErrors(pathErrors(failed.problem));
      setNotice(failureNotice(failed, t));
    } finally {
      setBusy(false);
    }
  }

  const items = (ranking ?? []).map((id, i) => {
    const o = offers.get(id);
    return {
      id,
      name: title(id),
      error: errors[`ranking.${i}`],
      content: (
        <>
          {o ? <Link href={`/${lang}/exchange/offers/${id}`}>{title(id)}</Link> : <span>{title(id)}</span>}
          {o && (
            <>
              <br />
              <span class="meta">{offerLine(i18n, o)}</span>
            </>
          )}
        </>
      ),
    };
  });
  const assignment = app?.assignment;

  return (
    <>
      <p class="crumbs">
        <Link href={`/${lang}/exchange`}>{t("exchange.title")}</Link>
      </p>
      <h1>{t("exchange.application.title")}</h1>
      {assignment && (
        <AssignmentBox
          assignment={assignment}
          offer={offers.get(assignment.offerId ?? "")}
          onChange={mine.reload}
          paidId={new URLSearchParams(search).get("paid")}
        />
      )}
      <form class="panel" id="application-form" onSubmit={save} aria-labelledby="application-form-title" noValidate>
        <h2 id="application-form-title">{t("exchange.application.formTitle")}</h2>
        <p class="hint">{t("exchange.application.hint")}</p>
        <Field name="statement" label={t("exchange.application.statement")} error={errors.statement}>
          <textarea
            id="statement"
            rows={6}
            maxLength={8000}
            value={statement ?? ""}
            onInput={(e) => setStatement(e.currentTarget.value)}
            {...(errors.statement ? { "aria-invalid": true, "aria-describedby": "statement-error" } : {})}
          />
        </Field>
        <h3 id="ranking-title">{t("exchange.application.ranking")}</h3>
        <RankedList
          idPrefix="choice"
          label={t("exchange.application.ranking")}
          items={items}
          onChange={setRanking}
          empty={t("exchange.application.noChoices")}
        />
        <p>
          <Link href={`/${lang}/exchange`}>{t("exchange.application.addMore")}</Link>
        </p>
        <Notices notice={notice} />
        <p class="actions">
          <button type="submit" disabled={busy}>
            {busy ? t("admin.saving") : t("exchange.application.save")}
          </button>
        </p>
      </form>
    </>
  );
}

/** What the latest round gave me, and what I can do about it. */
function AssignmentBox(props: {
  assignment: Assignment;
  offer: Listed | null | undefined;
  onChange: () => void;
  /** Back from Stripe (?paid=<enrolment>): the payment is confirmed once its webhook has landed. */
  paidId: string | null;
}) {
  const { lang, t } = useT();
  const a = props.assignment;
  const status = a.status ?? (a.offerId ? "assigned" : "unassigned");
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [accepted, setAccepted] = useState<Accepted | null>(null);
  const enrolmentId = accepted?.enrolmentId ?? a.enrolmentId;
  const prep = accepted?.preparatoryCourseId ?? a.preparatoryCourseId;
  const enrolment = useLoad<MyEnrolment | null>(
    () =>
      enrolmentId
        ? api.me.enrolments
            .$get()
            .then(read)
            .then((r) => r.items.find((e) => e.id === enrolmentId) ?? null)
        : Promise.resolve(null),
    [enrolmentId],
  );
  const confirmed = Boolean(props.paidId && enrolment.data?.status === "active");
  const waiting = Boolean(props.paidId && enrolment.data && !confirmed);
  const confirmation = useConfirmation(waiting, enrolment.loading, enrolment.reload);

  async function answer(verb: "accept" | "decline") {
    setBusy(true);
    setNotice(null);
    try {
      if (verb === "accept") {
        const r: Accepted = await placementApi.accept.$post().then(read);
        setAccepted(r);
        setNotice({ kind: "status", text: t("exchange.assignment.acceptedNow") });
      } else {
        await placementApi.decline.$post().then(read);
        setConfirming(false);
        setNotice({ kind: "status", text: t("exchange.assignment.declinedNow") });
      }
      props.onChange();
    } catch (err) {
      setNotice(failureNotice(err, t));
      props.onChange(); // a 409 (respond-by passed, already answered) changes what the box shows
    } finally {
      setBusy(false);
    }
  }

  const name = props.offer ? pick(props.offer.title, lang).text : "";
  const shown = accepted ? "accepted" : status;
  return (
    <section class="panel assignment" aria-labelledby="assignment-title">
      <h2 id="assignment-title">{t("exchange.assignment.title")}</h2>
      {a.offerId && props.offer && (
        <p class="lead">
          <Link href={`/${lang}/exchange/offers/${a.offerId}`}>{name}</Link>
        </p>
      )}
      <p class="explanation" lang={lang}>
        {a.explanation[lang]}
      </p>
      <p id="assignment-status">
        <strong>{t(`exchange.assignment.status.${shown}`)}</strong>
      </p>
      {shown === "assigned" && a.respondBy && (
        <p id="respond-by">{t("exchange.assignment.respondBy", { date: formatDate(lang, a.respondBy) })}</p>
      )}
      {props.paidId && props.paidId === enrolmentId && (
        <PaidBanner confirmed={confirmed} waiting={waiting} {...confirmation} confirmedText={t("pay.confirmed")} />
      )}
      <Notices notice={notice} />
      {shown === "assigned" && !confirming && (
        <p class="actions">
          <button type="button" disabled={busy} onClick={() => answer("accept")}>
            {t("exchange.assignment.accept")}
          </button>
          <button type="button" class="secondary" disabled={busy} onClick={() => setConfirming(true)}>
            {t("exchange.assignment.decline")}
          </button>
        </p>
      )}
      {shown === "assigned" && confirming && (
        <div role="group" aria-labelledby="decline-confirm">
          <p id="decline-confirm">{t("exchange.assignment.declineConfirm", { name })}</p>
          <p class="actions">
            <button type="button" class="danger" disabled={busy} onClick={() => answer("decline")}>
              {t("exchange.assignment.declineYes")}
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={() => setConfirming(false)}>
              {t("common.cancel")}
            </button>
          </p>
        </div>
      )}
      {shown === "accepted" && enrolment.data && (
        <>
          <p role="status" id="place-state">
            {enrolment.data.status === "active"
              ? t("exchange.assignment.confirmed")
              : enrolment.data.status === "pending_payment"
                ? t("exchange.assignment.toPay")
                : ""}
          </p>
          <PayBox enrolment={enrolment.data} setNotice={setNotice} onStale={enrolment.reload} />
          {wasPaid(enrolment.data) && (
            <p>
              <ReceiptLink enrolmentId={enrolment.data.id} />
            </p>
          )}
        </>
      )}
      {shown === "accepted" && prep && (
        <p>
          <Link href={`/${lang}/courses/${prep}`} class="button secondary">
            {t("exchange.assignment.prepCourse")}
          </Link>
        </p>
      )}
    </section>
  );
}
