/**
 * One publication: what it is, its file and the reader's own price, and the way to
 * get it. Buying is enrolling: free → yours at once; priced → held for payment, paid
 * on Stripe's page, which brings the payer back here (?paid=1) while the webhook
 * confirms it. Once it is yours, a download link that works for a few minutes
 * (asked for on demand, then followed by the reader: a link, not a script navigation).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { Link, useLocation, useSearch } from "wouter-preact";
import { api } from "../api/client";
import { failedOf, read, useLoad } from "../api/load";
import { LocalText, ShownIn } from "../components/localized";
import { LoadFailure, Loading, type Notice, Notices, failureNotice, signInHref, statusOf } from "../components/status";
import { EnrolmentState, isCurrent } from "../courses/enrolment-state";
import type { EnrolmentView } from "../courses/types";
import { formatSize, formatTime, pick } from "../format";
import { useT } from "../i18n/i18n";
import type { PageProps } from "../lazy";
import { PaidBanner, PayBox, ReceiptLink, useConfirmation, wasPaid } from "../payments/pay";
import { priceText } from "../publications/price";
import { useMe } from "../session";
import { useTitle } from "../title";

type Purchase = Pick<
  EnrolmentView,
  "id" | "kind" | "status" | "price" | "holdExpiresAt" | "waitlistPosition" | "hasSeats" | "links"
>;

export default function PublicationPage({ params }: PageProps) {
  const i18n = useT();
  const { lang, t } = i18n;
  const [, navigate] = useLocation();
  const me = useMe();
  const id = params.id;
  const publication = useLoad(() => api.publications[":id"].$get({ param: { id } }).then(read), [id, me?.id]);
  const mine = useLoad<Purchase | null>(
    () =>
      me
        ? api.me.enrolments
            .$get()
            .then(read)
            .then((r) => r.items.find((e) => e.publicationId === id && isCurrent(e)) ?? null)
        : Promise.resolve(null),
    [id, me?.id],
  );
  const cameBackPaid = new URLSearchParams(useSearch()).get("paid") === "1";
  const confirmed = mine.data?.status === "active";
  const waiting = Boolean(cameBackPaid && me && mine.data !== undefined && !confirmed);
  const confirmation = useConfirmation(waiting, mine.loading, mine.reload);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const linkRef = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (link) linkRef.current?.focus(); // the link replaces the button that asked for it
  }, [link]);
  const p = publication.data;
  useTitle(p ? pick(p.title, lang).text : t("publications.title"));

  if (!p)
    return publication.failed ? <LoadFailure failed={publication.failed} retry={publication.reload} /> : <Loading />;
  const purchase = mine.data;

  async function buy() {
    setBusy(true);
    setNotice(null);
    try {
      const e = await api.publications[":id"].purchases.$post({ param: { id } }).then(read);
      mine.set(e);
      if (e.status === "active") setNotice({ kind: "status", text: t("publications.yours") });
    } catch (err) {
      if (statusOf(failedOf(err)) === 401) return navigate(signInHref(lang));
      setNotice(failureNotice(err, t));
      mine.reload();
    } finally {
      setBusy(false);
    }
  }

  async function download() {
    setBusy(true);
    setNotice(null);
    try {
      setLink(await api.publications[":id"]["download-link"].$post({ param: { id } }).then(read));
    } catch (err) {
      setNotice(failureNotice(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p class="crumbs">
        <Link href={`/${lang}/publications`}>{t("publications.title")}</Link>
      </p>
      <h1>
        <LocalText text={p.title} />
      </h1>
      {pick(p.title, lang).fallback && (
        <p class="meta">
          <ShownIn text={p.title} />
        </p>
      )}
      {cameBackPaid && me && (
        <PaidBanner
          confirmed={confirmed}
          waiting={waiting}
          {...confirmation}
          confirmedText={t("publications.confirmed")}
        />
      )}
      <p class="lead">
        <LocalText text={p.description} />
      </p>
      <dl class="facts">
        {p.file && (
          <>
            <dt>{t("publications.file")}</dt>
            <dd>
              {p.file.name} · {formatSize(lang, p.file.size)}
            </dd>
          </>
        )}
        <dt>{p.price === undefined && p.prices.length ? t("course.prices") : t("course.yourPrice")}</dt>
        <dd class="price">{priceText(i18n, p)}</dd>
      </dl>
      {p.price === undefined && p.prices.length > 0 && me === null && <p class="muted">{t("course.signInForPrice")}</p>}
      <div role="status">
        {purchase && purchase.status !== "active" && <EnrolmentState enrolment={purchase} link={false} />}
      </div>
      {purchase && <PayBox enrolment={purchase} setNotice={setNotice} onStale={mine.reload} />}
      <Notices notice={notice} />
      <p class="actions">
        {me === null && (
          <Link href={signInHref(lang)} class="button">
            {t("publications.signInToBuy")}
          </Link>
        )}
        {me && mine.data === null && (
          <button type="button" disabled={busy} onClick={buy}>
            {busy
              ? t("publications.buying")
              : p.price
                ? t("publications.buy", { amount: priceText(i18n, p) })
                : t("publications.getFree")}
          </button>
        )}
        {purchase?.status === "active" &&
          (link ? (
            <a ref={linkRef} class="button" href={link.url} download>
              {t("publications.downloadFile", { name: p.file?.name ?? "" })}
            </a>
          ) : (
            <button type="button" disabled={busy} onClick={download}>
              {busy ? t("publications.preparing") : t("publications.download")}
            </button>
          ))}
        {purchase && wasPaid(purchase) && <ReceiptLink enrolmentId={purchase.id} />}
      </p>
      {link && <p class="hint">{t("publications.linkHint", { time: formatTime(lang, link.expiresAt) })}</p>}
    </>
  );
}
