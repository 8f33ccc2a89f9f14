/**
 * An institution's exchange offers, for its admins: post one (kind, texts in one or more languages,
 * place, dates, places, topics, languages, deadline, fee per group, preparatory course), edit it
 * until its deadline, close it; per offer, who applied (profile and statement), the offer's ranking
 * of them (the same up/down list participants use) and, after a round, why each place went where.
 * The API's field errors come back next to the fields they name.
 */
import { useEffect, useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { api } from "../api/client";
import { Failure, failedOf, read, useLoad } from "../api/load";
import { errorUnder, pathErrors } from "../api/problem";
import { Field, FieldError, invalidProps } from "../components/field";
import { LocalText } from "../components/localized";
import { LoadFailure, Loading, type Notice, Notices, failureNotice } from "../components/status";
import { type Applicant, KINDS, type Offer, type OfferKind, type TopicId, addDays, exchangeApi } from "../exchange/api";
import { offerLine } from "../exchange/offer";
import { RankedList } from "../exchange/ranked-list";
import { append } from "../exchange/reorder";
import { formatDate, minorPerMajor, today } from "../format";
import { useT } from "../i18n/i18n";
import { CONTENT_LANGUAGES, type ContentLang } from "../i18n/languages";
import { countryName } from "../learning-routes/itinerary";
import { COMMON_COUNTRIES } from "../profile/countries";
import { useTopics } from "../topics";
import { GROUPS, type Group, type PriceDraft, PriceFieldset, pricesOf } from "./prices";
import { type Texts, TextsFieldset, emptyTexts, textsOf, written } from "./texts";

/** The institution's offers, closed ones included, newest first. */
const loadOffers = (institutionId: string): Promise<Offer[]> =>
  api.institutions[":id"]["exchange-offers"]
    .$get({ param: { id: institutionId } })
    .then(read)
    .then((r) => r.items);

export function ExchangeAdmin({ institutionId }: { institutionId: string }) {
  const { lang, t } = useT();
  const offers = useLoad(() => loadOffers(institutionId), [institutionId]);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [open, setOpen] = useState<{ id: string; panel: "applicants" | "placements" } | null>(null);
  const [closing, setClosing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const put = (o: Offer) => offers.set([o, ...(offers.data ?? []).filter((x) => x.id !== o.id)]);
  const toggle = (id: string, panel: "applicants" | "placements") =>
    setOpen(open?.id === id && open.panel === panel ? null : { id, panel });

  async function close(o: Offer) {
    setBusy(true);
    setNotice(null);
    try {
      const closed = await exchangeApi.offers[":id"].close.$post({ param: { id: o.id } }).then(read);
      put(closed);
      setClosing(null);
      setNotice({ kind: "status", text: t("exchangeAdmin.closedNow") });
    } catch (err) {
      setNotice(failureNotice(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="exchange-admin-title">
      <h2 id="exchange-admin-title">{t("exchangeAdmin.title")}</h2>
      {!creating && (
        <p>
          <button type="button" onClick={() => (setCreating(true), setNotice(null))}>
            {t("exchangeAdmin.new")}
          </button>
        </p>
      )}
      {creating && (
        <OfferForm
          institutionId={institutionId}
          onCancel={() => setCreating(false)}
          onSaved={(o) => {
            setCreating(false);
            put(o);
            setNotice({ kind: "status", text: t("exchangeAdmin.posted") });
          }}
        />
      )}
      <Notices notice={notice} />
      {!offers.data && (offers.failed ? <LoadFailure failed={offers.failed} retry={offers.reload} /> : <Loading />)}
      {offers.data?.length === 0 && <p class="muted">{t("exchangeAdmin.none")}</p>}
      <ul class="courses offers-admin">
        {offers.data?.map((o) => (
          <li key={o.id}>
            <h3>
              <Link href={`/${lang}/exchange/offers/${o.id}`}>
                <LocalText text={o.title} />
              </Link>
            </h3>
            <p class="meta">
              <span class={o.status === "closed" ? "badge draft" : "badge"}>
                {t(o.status === "closed" ? "exchangeAdmin.closed" : "exchangeAdmin.open")}
              </span>{" "}
              · {offerLine({ lang, t }, o)} ·{" "}
              {t("exchange.deadline", { date: formatDate(lang, o.applicationDeadline) })}
            </p>
            <p class="actions">
              {o.status === "open" && (
                <button
                  type="button"
                  class="secondary small"
                  aria-expanded={editing === o.id}
                  onClick={() => (setEditing(editing === o.id ? null : o.id), setNotice(null))}
                >
                  {t("exchangeAdmin.edit")}
                </button>
              )}
              <button
                type="button"
                class="secondary small"
                aria-expanded={open?.id === o.id && open.panel === "applicants"}
                onClick={() => toggle(o.id, "applicants")}
              >
                {t("exchangeAdmin.applicants")}
              </button>
              <button
                type="button"
                class="secondary small"
                aria-expanded={open?.id === o.id && open.panel === "placements"}
                onClick={() => toggle(o.id, "placements")}
              >
                {t("exchangeAdmin.placements")}
              </button>
              {o.status === "open" && closing !== o.id && (
                <button type="button" class="secondary small" onClick={() => setClosing(o.id)}>
                  {t("exchangeAdmin.close")}
                </button>
              )}
            </p>
            {closing === o.id && (
              <div role="group" aria-labelledby={`close-${o.id}`}>
                <p id={`close-${o.id}`}>{t("exchangeAdmin.closeConfirm")}</p>
                <p class="actions">
                  <button type="button" class="danger" disabled={busy} onClick={() => close(o)}>
                    {t("exchangeAdmin.closeYes")}
                  </button>
                  <button type="button" class="secondary" onClick={() => setClosing(null)}>
                    {t("common.cancel")}
                  </button>
                </p>
              </div>
            )}
            {editing === o.id && (
              <OfferForm
                institutionId={institutionId}
                offer={o}
                onCancel={() => setEditing(null)}
                onSaved={(saved) => {
                  setEditing(null);
                  put(saved);
                  setNotice({ kind: "status", text: t("exchangeAdmin.saved") });
                }}
              />
            )}
            {open?.id === o.id && open.panel === "applicants" && <Applicants offer={o} />}
            {open?.id === o.id && open.panel === "placements" && <Placements offerId={o.id} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

type Draft = PriceDraft & {
  kind: OfferKind;
  title: Texts;
  description: Texts;
  country: string;
  city: string;
  startDate: string;
  endDate: string;
  capacity: string;
  topics: string[];
  languages: ContentLang[];
  applicationDeadline: string;
  preparatoryCourseId: string;
};

function blank(): Draft {
  const start = addDays(today(), 60);
  return {
    kind: "study_visit",
    title: emptyTexts(),
    description: emptyTexts(),
    country: "PE",
    city: "",
    startDate: start,
    endDate: addDays(start, 13),
    capacity: "2",
    topics: [],
    languages: [],
    applicationDeadline: addDays(today(), 30),
    preparatoryCourseId: "",
    free: true,
    currency: "USD",
    amounts: { standard: "", reduced: "", community: "" },
  };
}

function fromOffer(o: Offer): Draft {
  const prices = o.prices;
  const currency = prices[0]?.currency ?? "USD";
  let perMajor = 100;
  try {
    perMajor = minorPerMajor(currency);
  } catch {
    // A currency Intl does not know: shown as cents.
  }
  return {
    kind: o.kind,
    title: textsOf(o.title),
    description: textsOf(o.description),
    country: o.country,
    city: o.city ?? "",
    startDate: o.startDate,
    endDate: o.endDate,
    capacity: String(o.capacity),
    topics: o.topics,
    languages: o.languages as ContentLang[],
    applicationDeadline: o.applicationDeadline,
    preparatoryCourseId: o.preparatoryCourseId ?? "",
    free: prices.length === 0,
    currency,
    amounts: Object.fromEntries(
      GROUPS.map((g) => {
        const p = prices.find((x) => x.group === g);
        return [g, p ? String(p.amount / perMajor) : ""];
      }),
    ) as Record<Group, string>,
  };
}

/** Posts a new offer, or edits `offer` (PATCH) when given; `onSaved` receives what was saved. */
function OfferForm(props: { institutionId: string; offer?: Offer; onSaved: (o: Offer) => void; onCancel: () => void }) {
  const { lang, t } = useT();
  const topics = useTopics();
  const { offer } = props;
  const courses = useLoad(
    () =>
      api.institutions[":id"].courses
        .$get({ param: { id: props.institutionId } })
        .then(read)
        .then((r) => r.items),
    [props.institutionId],
  );
  const [draft, setDraft] = useState<Draft>(() => (offer ? fromOffer(offer) : blank()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const formId = offer ? `offer-form-${offer.id}` : "offer-form";
  useEffect(() => {
    if (Object.keys(errors).length) document.querySelector<HTMLElement>(`#${formId} [aria-invalid=true]`)?.focus();
  }, [errors]);

  const set =
    (
      key:
        | "kind"
        | "country"
        | "city"
        | "startDate"
        | "endDate"
        | "capacity"
        | "applicationDeadline"
        | "preparatoryCourseId",
    ) =>
    (e: { currentTarget: { value: string } }) =>
      setDraft((d) => ({ ...d, [key]: e.currentTarget.value }));
  const toggle = (key: "topics" | "languages", value: string) => (e: { currentTarget: { checked: boolean } }) => {
    const on = e.currentTarget.checked;
    setDraft((d) => ({
      ...d,
      [key]: on ? [...(d[key] as string[]), value] : (d[key] as string[]).filter((x) => x !== value),
    }));
  };

  async function submit(e: Event) {
    e.preventDefault();
    const description = written(draft.description);
    const prices = pricesOf(draft);
    const fields = {
      kind: draft.kind,
      title: written(draft.title),
      description,
      country: draft.country,
      ...(draft.city.trim() ? { city: draft.city.trim() } : {}),
      startDate: draft.startDate,
      endDate: draft.endDate,
      capacity: Number(draft.capacity),
      topics: draft.topics as TopicId[],
      languages: draft.languages,
      applicationDeadline: draft.applicationDeadline,
      prices,
      ...(draft.preparatoryCourseId ? { preparatoryCourseId: draft.preparatoryCourseId } : {}),
    };
    setBusy(true);
    setErrors({});
    setNotice(null);
    try {
      const o = offer
        ? await exchangeApi.offers[":id"]
            .$patch({
              param: { id: offer.id },
              // Chosen "none" for an offer that had a course: null removes it.
              json: {
                ...fields,
                ...(!draft.preparatoryCourseId && offer.preparatoryCourseId ? { preparatoryCourseId: null } : {}),
              },
            })
            .then(read)
        : await exchangeApi.offers.$post({ json: { institutionId: props.institutionId, ...fields } }).then(read);
      props.onSaved(o);
    } catch (err) {
      const failed = failedOf(err);
      if (failed instanceof Failure && failed.status === 400) setErrors(pathErrors(failed.problem));
      setNotice(failureNotice(failed, t));
    } finally {
      setBusy(false);
    }
  }

  const err = (path: string) => errorUnder(errors, path);
  const id = (k: string) => `${formId}-${k}`;
  const dateField = (key: "startDate" | "endDate" | "applicationDeadline", label: string) => (
    <Field name={id(key)} label={label} error={err(key)}>
      <input id={id(key)} type="date" value={draft[key]} onInput={set(key)} {...invalidProps(id(key), err(key))} />
    </Field>
  );
  return (
    <form class="panel" id={formId} onSubmit={submit} aria-labelledby={`${formId}-title`} noValidate>
      <h3 id={`${formId}-title`}>{t(offer ? "exchangeAdmin.editTitle" : "exchangeAdmin.new")}</h3>
      <Field name={id("kind")} label={t("exchange.kindLabel")} error={err("kind")}>
        <select id={id("kind")} value={draft.kind} onChange={set("kind")}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`exchange.kind.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      {(["title", "description"] as const).map((key) => (
        <TextsFieldset
          key={key}
          name={key}
          idPrefix={`${formId}-`}
          legend={t(key === "title" ? "exchangeAdmin.offerTitle" : "exchangeAdmin.description")}
          multiline={key === "description"}
          value={draft[key]}
          onInput={(l, value) => setDraft((d) => ({ ...d, [key]: { ...d[key], [l]: value } }))}
          errors={errors}
          errorUnder={err(key)}
        />
      ))}
      <Field name={id("country")} label={t("exchangeAdmin.country")} error={err("country")}>
        <select id={id("country")} value={draft.country} onChange={set("country")}>
          {[...new Set([...COMMON_COUNTRIES, draft.country])].map((c) => (
            <option key={c} value={c}>
              {countryName(lang, c)}
            </option>
          ))}
        </select>
      </Field>
      <Field name={id("city")} label={t("exchangeAdmin.city")} error={err("city")}>
        <input id={id("city")} maxLength={200} value={draft.city} onInput={set("city")} />
      </Field>
      {dateField("startDate", t("admin.startDate"))}
      {dateField("endDate", t("admin.endDate"))}
      {dateField("applicationDeadline", t("exchange.deadlineLabel"))}
      <Field name={id("capacity")} label={t("exchange.capacity")} error={err("capacity")}>
        <input
          id={id("capacity")}
          type="number"
          inputMode="numeric"
          min={1}
          value={draft.capacity}
          onInput={set("capacity")}
          {...invalidProps(id("capacity"), err("capacity"))}
        />
      </Field>
      <fieldset class={err("topics") ? "field invalid" : "field"}>
        <legend>{t("admin.topics")}</legend>
        {topics.map((tp) => (
          <label key={tp.id} class="check">
            <input type="checkbox" checked={draft.topics.includes(tp.id)} onChange={toggle("topics", tp.id)} />
            {tp.name[lang]}
          </label>
        ))}
        <FieldError name={id("topics")} error={err("topics")} />
      </fieldset>
      <fieldset class={err("languages") ? "field invalid" : "field"}>
        <legend>{t("exchange.languages")}</legend>
        {CONTENT_LANGUAGES.map((l) => (
          <label key={l} class="check">
            <input type="checkbox" checked={draft.languages.includes(l)} onChange={toggle("languages", l)} />
            {t(`language.${l}`)}
          </label>
        ))}
        <FieldError name={id("languages")} error={err("languages")} />
      </fieldset>
      <PriceFieldset
        idPrefix={formId}
        draft={draft}
        setDraft={(u) => setDraft(u)}
        errors={errors}
        priceError={err("prices")}
      />
      <p class="hint">{t("exchangeAdmin.sharesHint")}</p>
      <Field name={id("prep")} label={t("exchange.prepCourse")} error={err("preparatoryCourseId")}>
        <select
          id={id("prep")}
          value={draft.preparatoryCourseId}
          onChange={set("preparatoryCourseId")}
          {...invalidProps(id("prep"), err("preparatoryCourseId"))}
        >
          <option value="">{t("exchangeAdmin.noPrep")}</option>
          {courses.data?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title[lang] ?? Object.values(c.title)[0] ?? c.id}
            </option>
          ))}
        </select>
      </Field>
      <Notices notice={notice} />
      <p class="actions">
        <button type="submit" disabled={busy}>
          {busy ? t("admin.saving") : t(offer ? "exchangeAdmin.save" : "exchangeAdmin.post")}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t("common.cancel")}
        </button>
      </p>
    </form>
  );
}

/** Who listed the offer, and the offer's ranking of them (only those it finds acceptable). */
function Applicants({ offer }: { offer: Offer }) {
  const { lang, t } = useT();
  const applicants = useLoad(
    () =>
      exchangeApi.offers[":id"].applicants
        .$get({ param: { id: offer.id } })
        .then(read)
        .then((r) => r.items),
    [offer.id],
  );
  // The editor starts from the saved ranking: the applicants it ranks, in its order (`rank`).
  const [ranking, setRanking] = useState<string[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const list = applicants.data ?? [];
  const byId = new Map(list.map((a) => [a.personId, a]));
  const nameOf = (a: Applicant | undefined, id: string) => a?.name ?? t("exchangeAdmin.unnamed", { id: id.slice(-6) });
  const prefix = `rank-${offer.id}`;
  const current = ranking ?? list.filter((a) => a.rank !== null).map((a) => a.personId); // the API sorts by rank

  async function save() {
    setBusy(true);
    setErrors({});
    setNotice(null);
    try {
      const saved = await exchangeApi.offers[":id"].ranking
        .$put({ param: { id: offer.id }, json: { ranking: current } })
        .then(read);
      setRanking(saved.ranking);
      setNotice({ kind: "status", text: t("exchangeAdmin.rankingSaved") });
    } catch (err) {
      const failed = failedOf(err);
      if (failed instanceof Failure && failed.status === 400) setErrors(pathErrors(failed.problem));
      setNotice(failureNotice(failed, t));
    } finally {
      setBusy(false);
    }
  }

  if (!applicants.data)
    return applicants.failed ? <LoadFailure failed={applicants.failed} retry={applicants.reload} /> : <Loading />;
  return (
    <section class="panel" aria-labelledby={`${prefix}-title`}>
      <h4 id={`${prefix}-title`} class="subhead">
        {t("exchangeAdmin.applicantsTitle", { count: list.length })}
      </h4>
      {list.length === 0 && <p class="muted">{t("exchangeAdmin.noApplicants")}</p>}
      <ul class="applicants">
        {list.map((a) => (
          <li key={a.personId} data-person={a.personId}>
            <strong>{nameOf(a, a.personId)}</strong>
            <span class="meta">
              {" "}
              · {[a.country && countryName(lang, a.country), a.organisation].filter(Boolean).join(" · ")}
            </span>
            <details>
              <summary>{t("exchangeAdmin.statement")}</summary>
              <p class="statement-text">{a.statement}</p>
            </details>
            {!current.includes(a.personId) && (
              <button type="button" class="secondary small" onClick={() => setRanking(append(current, a.personId))}>
                {t("exchangeAdmin.rank", { name: nameOf(a, a.personId) })}
              </button>
            )}
          </li>
        ))}
      </ul>
      {list.length > 0 && (
        <>
          <h5 class="subhead">{t("exchangeAdmin.ranking")}</h5>
          <p class="hint">{t("exchangeAdmin.rankingHint")}</p>
          <RankedList
            idPrefix={prefix}
            label={t("exchangeAdmin.ranking")}
            items={current.map((id, i) => ({ id, name: nameOf(byId.get(id), id), error: errors[`ranking.${i}`] }))}
            onChange={setRanking}
            empty={t("exchangeAdmin.noneRanked")}
          />
          <Notices notice={notice} />
          <p class="actions">
            <button type="button" disabled={busy || offer.status !== "open"} onClick={save}>
              {busy ? t("admin.saving") : t("exchangeAdmin.saveRanking")}
            </button>
          </p>
        </>
      )}
    </section>
  );
}

/** After a round: each applicant, where the offer ranked them, and why the places went where they did. */
function Placements({ offerId }: { offerId: string }) {
  const { lang, t } = useT();
  const placements = useLoad(
    () => exchangeApi.offers[":id"].placements.$get({ param: { id: offerId } }).then(read),
    [offerId],
  );
  if (!placements.data)
    return placements.failed ? <LoadFailure failed={placements.failed} retry={placements.reload} /> : <Loading />;
  const items = placements.data.items;
  return (
    <section class="panel" aria-labelledby={`placements-${offerId}`}>
      <h4 id={`placements-${offerId}`} class="subhead">
        {t("exchangeAdmin.placementsTitle")}
      </h4>
      {items.length === 0 && <p class="muted">{t("exchangeAdmin.noPlacements")}</p>}
      {items.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={t("exchangeAdmin.placementsTitle")}>
          <table class="people placements">
            <thead>
              <tr>
                <th scope="col">{t("admin.person")}</th>
                <th scope="col">{t("exchangeAdmin.rankCol")}</th>
                <th scope="col">{t("exchangeAdmin.outcome")}</th>
                <th scope="col">{t("exchangeAdmin.why")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={`${p.roundId}-${p.personId}`} data-person={p.personId}>
                  <td>{p.name ?? p.personId}</td>
                  <td>{p.rank ?? "—"}</td>
                  <td>
                    {t(`exchangeAdmin.outcomes.${p.outcome}`)}
                    {p.status && (
                      <>
                        <br />
                        <span class="muted">{t(`exchange.assignment.status.${p.status}`, p.status)}</span>
                      </>
                    )}
                  </td>
                  <td lang={lang}>{p.why[lang]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
