/**
 * Learning Routes of an institution, for its admins: the list (drafts too) with a publish
 * button, an edit button and each route's ledger, and the form that builds or edits one: title
 * and summary in one or more languages (Quechua and Aymara too), topics, countries, dates,
 * seats, the itinerary (stops: day, host, place, what happens, also in several languages),
 * prices per group and the fee-sharing plan, one share per party (every host of a stop has one),
 * with a live sum that must reach 10 000 basis points. Once someone has paid (`firstPaidAt`), the
 * prices and the plan are frozen: shown read-only and not sent. The API's field errors come back
 * next to the fields they name.
 */
import { useEffect, useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { Failure, failedOf, read, useLoad } from "../api/load";
import { errorUnder, pathErrors, problemCode } from "../api/problem";
import { Field, FieldError, invalidProps } from "../components/field";
import { LocalText } from "../components/localized";
import { LoadFailure, Loading, type Notice, Notices, failureNotice } from "../components/status";
import { formatDates, minorPerMajor, today } from "../format";
import { useT } from "../i18n/i18n";
import { type Host, type RouteView, type StopInput, type TopicId, routesApi } from "../learning-routes/api";
import { countryName } from "../learning-routes/itinerary";
import { COMMON_COUNTRIES } from "../profile/countries";
import { useTopics } from "../topics";
import { Enrolments } from "./cohort-enrolments";
import { loadHosts } from "./hosts";
import { OfferingLedger } from "./ledger";
import { GROUPS, type Group, type PriceDraft, PriceFieldset, pricesOf } from "./prices";
import { type Texts, TextsFieldset, emptyTexts, textsOf, written } from "./texts";

const TOTAL = 10_000;
const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const daysOf = (start: string, end: string) =>
  Math.max(1, Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) + 1);

export function RoutesAdmin({ institutionId }: { institutionId: string }) {
  const { lang, t } = useT();
  const routes = useLoad(
    () =>
      routesApi.institutions[":id"].routes
        .$get({ param: { id: institutionId } })
        .then(read)
        .then((r) => r.items),
    [institutionId],
  );
  const [building, setBuilding] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [ledger, setLedger] = useState<string | null>(null);
  const [refunds, setRefunds] = useState(0); // a refund changes the ledger: it reads again
  const put = (r: RouteView) => routes.set([r, ...(routes.data ?? []).filter((x) => x.id !== r.id)]);
  const replace = (r: RouteView) => routes.set((routes.data ?? []).map((x) => (x.id === r.id ? r : x)));

  async function publish(r: RouteView) {
    setBusy(r.id);
    setNotice(null);
    try {
      put(await routesApi.routes[":id"].publish.$post({ param: { id: r.id } }).then(read));
      setNotice({ kind: "status", text: t("routeAdmin.published") });
    } catch (err) {
      setNotice(failureNotice(err, t));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="routes-admin-title">
      <h2 id="routes-admin-title">{t("routeAdmin.title")}</h2>
      {!building && (
        <p>
          <button type="button" onClick={() => (setBuilding(true), setNotice(null))}>
            {t("routeAdmin.new")}
          </button>
        </p>
      )}
      {building && (
        <RouteForm
          institutionId={institutionId}
          onCancel={() => setBuilding(false)}
          onCreated={(r) => {
            setBuilding(false);
            put(r);
            setNotice({ kind: "status", text: t("routeAdmin.created") });
          }}
        />
      )}
      <Notices notice={notice} />
      {!routes.data && (routes.failed ? <LoadFailure failed={routes.failed} retry={routes.reload} /> : <Loading />)}
      {routes.data?.length === 0 && <p class="muted">{t("routeAdmin.none")}</p>}
      <ul class="courses routes-admin">
        {routes.data?.map((r) => (
          <li key={r.id}>
            <h3>
              <Link href={`/${lang}/routes/${r.id}`}>
                <LocalText text={r.title} />
              </Link>
            </h3>
            <p class="meta">
              <span class={r.status === "draft" ? "badge draft" : "badge"}>
                {t(r.status === "draft" ? "admin.draft" : "admin.live")}
              </span>{" "}
              · {formatDates(lang, r.startDate, r.endDate)} · {t("routeAdmin.stopCount", { count: r.stops.length })}
            </p>
            <p class="actions">
              {r.status === "draft" && (
                <button type="button" disabled={busy === r.id} onClick={() => publish(r)}>
                  {t("admin.publish")}
                </button>
              )}
              <button
                type="button"
                class="secondary small"
                aria-expanded={editing === r.id}
                onClick={() => (setEditing(editing === r.id ? null : r.id), setNotice(null))}
              >
                {t("routeAdmin.edit")}
              </button>
              {r.status === "published" && (
                <button
                  type="button"
                  class="secondary small"
                  aria-expanded={open === r.id}
                  onClick={() => setOpen(open === r.id ? null : r.id)}
                >
                  {t(open === r.id ? "admin.hideEnrolments" : "admin.showEnrolments")}
                </button>
              )}
              {r.prices.length > 0 && (
                <button
                  type="button"
                  class="secondary small"
                  aria-expanded={ledger === r.id}
                  onClick={() => setLedger(ledger === r.id ? null : r.id)}
                >
                  {ledger === r.id ? t("ledger.hide") : t("ledger.show")}
                </button>
              )}
            </p>
            {editing === r.id && (
              <RouteForm
                institutionId={institutionId}
                route={r}
                onCancel={() => setEditing(null)}
                onCreated={(saved) => {
                  setEditing(null);
                  replace(saved);
                  setNotice({ kind: "status", text: t("routeAdmin.saved") });
                }}
              />
            )}
            {open === r.id && <Enrolments routeId={r.id} onRefunded={() => setRefunds((n) => n + 1)} />}
            {ledger === r.id && (
              <section aria-labelledby={`route-ledger-${r.id}`}>
                <h4 id={`route-ledger-${r.id}`} class="subhead">
                  {t("ledger.routeTitle")}
                </h4>
                <OfferingLedger
                  of="routes"
                  id={r.id}
                  version={refunds}
                  dues
                  nameOf={(account) => r.stops.find((s) => `host:${s.hostId}` === account)?.host?.name}
                />
              </section>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

type StopDraft = { key: number; day: string; hostId: string; place: string; title: Texts; activity: Texts };
type Draft = PriceDraft & {
  title: Texts;
  summary: Texts;
  countries: string[];
  topics: string[];
  startDate: string;
  endDate: string;
  capacity: string;
  enrolmentDeadline: string;
  stops: StopDraft[];
  shares: Record<string, string>;
};
let keys = 0;
const blankStop = (day = "1"): StopDraft => ({
  key: ++keys,
  day,
  hostId: "",
  place: "",
  title: emptyTexts(),
  activity: emptyTexts(),
});
/** Errors under `prefix` ("stops.2."), keyed by what follows it, for a fieldset that knows only its own names. */
const errorsUnder = (errors: Record<string, string>, prefix: string) =>
  Object.fromEntries(
    Object.entries(errors)
      .filter(([p]) => p.startsWith(prefix))
      .map(([p, m]) => [p.slice(prefix.length), m]),
  );

/** A saved route back into the form, to edit it. */
function fromRoute(r: RouteView): Draft {
  const currency = r.prices[0]?.currency ?? "USD";
  let perMajor = 100;
  try {
    perMajor = minorPerMajor(currency);
  } catch {
    // A currency Intl does not know: shown as cents.
  }
  const amount = (g: Group) => r.prices.find((p) => p.group === g);
  return {
    title: textsOf(r.title),
    summary: textsOf(r.summary),
    countries: r.countries,
    topics: r.topics,
    startDate: r.startDate,
    endDate: r.endDate,
    capacity: String(r.capacity),
    enrolmentDeadline: r.enrolmentDeadline,
    stops: r.stops.map((s) => ({
      key: ++keys,
      day: String(s.day),
      hostId: s.hostId,
      place: s.place,
      title: textsOf(s.title),
      activity: textsOf(s.activity),
    })),
    free: r.prices.length === 0,
    currency,
    amounts: Object.fromEntries(
      GROUPS.map((g) => {
        const p = amount(g);
        return [g, p ? String(p.amount / perMajor) : ""];
      }),
    ) as Record<Group, string>,
    shares: Object.fromEntries(r.feeShares.map((s) => [s.party, String(s.basisPoints)])),
  };
}

function blank(institutionId: string): Draft {
  const start = addDays(today(), 30);
  return {
    title: emptyTexts(),
    summary: emptyTexts(),
    countries: ["PE"],
    topics: [],
    startDate: start,
    endDate: addDays(start, 3),
    capacity: "20",
    enrolmentDeadline: "",
    stops: [blankStop()],
    free: false,
    currency: "USD",
    amounts: { standard: "", reduced: "", community: "" } as Record<Group, string>,
    shares: { [`institution:${institutionId}`]: "1000", operator: "1000", solidarity_fund: "500" },
  };
}

/** Builds a new route, or edits `route` (PATCH) when given; `onCreated` receives what was saved. */
function RouteForm(props: {
  institutionId: string;
  route?: RouteView;
  onCreated: (r: RouteView) => void;
  onCancel: () => void;
}) {
  const { lang, t } = useT();
  const topics = useTopics();
  const hosts = useLoad(loadHosts, []);
  const { route } = props;
  const [draft, setDraft] = useState<Draft>(() => (route ? fromRoute(route) : blank(props.institutionId)));
  // Paid for: prices and plan can no longer change (known from the route, or learnt from a 409).
  const [frozen, setFrozen] = useState(Boolean(route?.firstPaidAt));
  const formId = route ? `route-form-${route.id}` : "route-form";
  const sumId = route ? `${formId}-shares-sum` : "shares-sum";
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (Object.keys(errors).length) document.querySelector<HTMLElement>(`#${formId} [aria-invalid=true]`)?.focus();
  }, [errors]);

  const set =
    (key: "startDate" | "endDate" | "capacity" | "enrolmentDeadline") => (e: { currentTarget: { value: string } }) =>
      setDraft((d) => ({ ...d, [key]: e.currentTarget.value }));
  const setStop = (i: number, key: "day" | "hostId" | "place") => (e: { currentTarget: { value: string } }) =>
    setDraft((d) => ({ ...d, stops: d.stops.map((s, j) => (j === i ? { ...s, [key]: e.currentTarget.value } : s)) }));
  const setStopText = (i: number, key: "title" | "activity") => (l: keyof Texts, value: string) =>
    setDraft((d) => ({
      ...d,
      stops: d.stops.map((s, j) => (j === i ? { ...s, [key]: { ...s[key], [l]: value } } : s)),
    }));
  const toggle = (key: "countries" | "topics", value: string) => (e: { currentTarget: { checked: boolean } }) => {
    const on = e.currentTarget.checked;
    setDraft((d) => ({ ...d, [key]: on ? [...d[key], value] : d[key].filter((x) => x !== value) }));
  };
  const hostName = (id: string) => hosts.data?.find((h: Host) => h.id === id)?.name ?? id;
  const days = daysOf(draft.startDate, draft.endDate);
  // One share per party: the institution, the operator, the solidarity fund and every host of a stop.
  const stopHosts = [...new Set(draft.stops.map((s) => s.hostId).filter(Boolean))];
  // Frozen: the stored plan as it is. Else the usual parties, each stop's host, and any other stored party.
  const parties =
    frozen && route
      ? route.feeShares.map((s) => s.party)
      : [
          ...new Set([
            `institution:${props.institutionId}`,
            ...stopHosts.map((h) => `host:${h}`),
            "operator",
            "solidarity_fund",
            ...(route?.feeShares.map((s) => s.party).filter((p) => !p.startsWith("host:")) ?? []),
          ]),
        ];
  const bp = (party: string) => Math.round(Number(draft.shares[party] || 0));
  const sum = parties.reduce((n, p) => n + (Number.isFinite(bp(p)) ? bp(p) : 0), 0);
  const partyName = (party: string) =>
    party.startsWith("host:")
      ? hostName(party.slice(5))
      : party.startsWith("institution:")
        ? t("ledger.party.institution")
        : t(`ledger.party.${party as "operator"}`);

  async function submit(e: Event) {
    e.preventDefault();
    const stops: StopInput[] = draft.stops.map((s) => {
      const activity = written(s.activity);
      return {
        day: Number(s.day),
        hostId: s.hostId,
        place: s.place.trim(),
        title: written(s.title),
        ...(Object.keys(activity).length ? { activity } : {}),
      };
    });
    const summary = written(draft.summary);
    const fields = {
      title: written(draft.title),
      ...(Object.keys(summary).length ? { summary } : {}),
      topics: draft.topics as TopicId[],
      countries: draft.countries,
      startDate: draft.startDate,
      endDate: draft.endDate,
      capacity: Number(draft.capacity),
      ...(draft.enrolmentDeadline ? { enrolmentDeadline: draft.enrolmentDeadline } : {}),
      stops,
    };
    const plan = {
      prices: pricesOf(draft),
      feeShares: parties.filter((p) => bp(p) > 0).map((party) => ({ party, basisPoints: bp(party) })),
    };
    setBusy(true);
    setErrors({});
    setNotice(null);
    try {
      const r = route
        ? await routesApi.routes[":id"]
            .$patch({ param: { id: route.id }, json: { ...fields, ...(frozen ? {} : plan) } })
            .then(read)
        : await routesApi.routes.$post({ json: { institutionId: props.institutionId, ...fields, ...plan } }).then(read);
      props.onCreated(r);
    } catch (err) {
      const failed = failedOf(err);
      if (failed instanceof Failure && failed.status === 400) setErrors(pathErrors(failed.problem));
      // Someone paid while this form was open: the prices and the plan stay as they are.
      if (failed instanceof Failure && failed.status === 409 && problemCode(failed.problem) === "frozen") {
        setFrozen(true);
        if (route) {
          const saved = fromRoute(route);
          setDraft((d) => ({
            ...d,
            free: saved.free,
            currency: saved.currency,
            amounts: saved.amounts,
            shares: saved.shares,
          }));
        }
      }
      setNotice(failureNotice(err, t));
    } finally {
      setBusy(false);
    }
  }

  const err = (path: string) => errorUnder(errors, path);
  const frozenNote = frozen && <p class="notice">{t("problems.frozen")}</p>;
  const texts = (key: "title" | "summary") => (
    <TextsFieldset
      name={key}
      idPrefix={`${formId}-`}
      legend={t(key === "title" ? "routeAdmin.routeTitle" : "routeAdmin.summary")}
      multiline={key === "summary"}
      value={draft[key]}
      onInput={(l, value) => setDraft((d) => ({ ...d, [key]: { ...d[key], [l]: value } }))}
      errors={errors}
      errorUnder={err(key)}
    />
  );
  return (
    <form class="panel" id={formId} onSubmit={submit} aria-labelledby={`${formId}-title`} noValidate>
      <h3 id={`${formId}-title`}>{t(route ? "routeAdmin.editTitle" : "routeAdmin.new")}</h3>
      {texts("title")}
      {texts("summary")}
      <fieldset class={err("topics") ? "field invalid" : "field"}>
        <legend>{t("admin.topics")}</legend>
        {topics.map((tp) => (
          <label key={tp.id} class="check">
            <input type="checkbox" checked={draft.topics.includes(tp.id)} onChange={toggle("topics", tp.id)} />
            {tp.name[lang]}
          </label>
        ))}
        <FieldError name={`${formId}-topics`} error={err("topics")} />
      </fieldset>
      <fieldset class={err("countries") ? "field invalid" : "field"}>
        <legend>{t("routes.countries")}</legend>
        {COMMON_COUNTRIES.map((c) => (
          <label key={c} class="check">
            <input type="checkbox" checked={draft.countries.includes(c)} onChange={toggle("countries", c)} />
            {countryName(lang, c)}
          </label>
        ))}
        <FieldError name={`${formId}-countries`} error={err("countries")} />
      </fieldset>
      <Field name={`${formId}-start`} label={t("admin.startDate")} error={err("startDate")}>
        <input
          id={`${formId}-start`}
          type="date"
          value={draft.startDate}
          onInput={set("startDate")}
          {...invalidProps(`${formId}-start`, err("startDate"))}
        />
      </Field>
      <Field name={`${formId}-end`} label={t("admin.endDate")} error={err("endDate")}>
        <input
          id={`${formId}-end`}
          type="date"
          value={draft.endDate}
          onInput={set("endDate")}
          {...invalidProps(`${formId}-end`, err("endDate"))}
        />
      </Field>
      <p class="hint">{t("admin.days", { count: days })}</p>
      <Field name={`${formId}-deadline`} label={t("routeAdmin.deadline")} error={err("enrolmentDeadline")}>
        <input
          id={`${formId}-deadline`}
          type="date"
          value={draft.enrolmentDeadline}
          onInput={set("enrolmentDeadline")}
        />
      </Field>
      <Field name={`${formId}-capacity`} label={t("admin.capacity")} error={err("capacity")}>
        <input
          id={`${formId}-capacity`}
          type="number"
          min={1}
          value={draft.capacity}
          onInput={set("capacity")}
          {...invalidProps(`${formId}-capacity`, err("capacity"))}
        />
      </Field>

      <fieldset class={err("stops") && !draft.stops.some((_, i) => err(`stops.${i}`)) ? "field invalid" : "field"}>
        <legend>{t("routeAdmin.stops")}</legend>
        {!hosts.data && (hosts.failed ? <LoadFailure failed={hosts.failed} retry={hosts.reload} /> : <Loading />)}
        <ol class="stops">
          {draft.stops.map((s, i) => {
            const id = (k: string) => `${formId}-stop-${i}-${k}`;
            const stopErrors = errorsUnder(errors, `stops.${i}.`);
            return (
              <li key={s.key}>
                <fieldset class="stop" aria-label={t("routeAdmin.stop", { n: i + 1 })}>
                  <Field name={id("day")} label={t("routeAdmin.stopDay")} error={err(`stops.${i}.day`)}>
                    <select
                      id={id("day")}
                      value={s.day}
                      onChange={setStop(i, "day")}
                      {...invalidProps(id("day"), err(`stops.${i}.day`))}
                    >
                      {Array.from({ length: days }, (_, d) => (
                        <option key={d} value={String(d + 1)}>
                          {t("routes.day", { n: d + 1 })}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <Field name={id("host")} label={t("routeAdmin.stopHost")} error={err(`stops.${i}.hostId`)}>
                    <select
                      id={id("host")}
                      value={s.hostId}
                      onChange={setStop(i, "hostId")}
                      {...invalidProps(id("host"), err(`stops.${i}.hostId`))}
                    >
                      <option value="">{t("routeAdmin.chooseHost")}</option>
                      {hosts.data?.map((h) => (
                        <option key={h.id} value={h.id}>
                          {h.name}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <Field name={id("place")} label={t("routeAdmin.stopPlace")} error={err(`stops.${i}.place`)}>
                    <input
                      id={id("place")}
                      value={s.place}
                      onInput={setStop(i, "place")}
                      {...invalidProps(id("place"), err(`stops.${i}.place`))}
                    />
                  </Field>
                  {(["title", "activity"] as const).map((key) => (
                    <TextsFieldset
                      key={key}
                      name={key}
                      idPrefix={id("")}
                      legend={t(key === "title" ? "routeAdmin.stopTitle" : "routeAdmin.stopActivity")}
                      multiline={key === "activity"}
                      value={s[key]}
                      onInput={setStopText(i, key)}
                      errors={stopErrors}
                      errorUnder={err(`stops.${i}.${key}`)}
                    />
                  ))}
                  {draft.stops.length > 1 && (
                    <button
                      type="button"
                      class="secondary small"
                      onClick={() => setDraft((d) => ({ ...d, stops: d.stops.filter((_, j) => j !== i) }))}
                    >
                      {t("routeAdmin.removeStop", { n: i + 1 })}
                    </button>
                  )}
                </fieldset>
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          class="secondary"
          onClick={() =>
            setDraft((d) => ({
              ...d,
              stops: [...d.stops, blankStop(String(Math.min(days, Number(d.stops.at(-1)?.day ?? 0) + 1)))],
            }))
          }
        >
          {t("routeAdmin.addStop")}
        </button>
        <FieldError name={`${formId}-stops`} error={errors.stops} />
      </fieldset>

      {frozenNote}
      <PriceFieldset
        idPrefix={formId}
        draft={draft}
        setDraft={(u) => setDraft(u)}
        errors={errors}
        priceError={err("prices")}
        disabled={frozen}
      />

      <fieldset class={err("feeShares") ? "field invalid" : "field"} aria-describedby={sumId} disabled={frozen}>
        <legend>{t("routeAdmin.shares")}</legend>
        <p class="hint">{t("routeAdmin.sharesHint")}</p>
        {frozenNote}
        {parties.map((party) => {
          const id = `${formId}-share-${party.replace(/\W/g, "-")}`;
          return (
            <Field key={party} name={id} label={partyName(party)}>
              <input
                id={id}
                type="number"
                inputMode="numeric"
                min={0}
                max={TOTAL}
                step={1}
                value={draft.shares[party] ?? ""}
                onInput={(e) => {
                  const value = e.currentTarget.value;
                  setDraft((d) => ({ ...d, shares: { ...d.shares, [party]: value } }));
                }}
              />
            </Field>
          );
        })}
        <p id={sumId} class={sum === TOTAL ? "sum ok" : "sum"} aria-live="polite">
          {t("routeAdmin.sum", { sum, total: TOTAL })}
          {sum !== TOTAL && ` — ${t("routeAdmin.sumOff", { diff: TOTAL - sum })}`}
        </p>
        <FieldError name={`${formId}-shares`} error={err("feeShares")} />
      </fieldset>
      <Notices notice={notice} />
      <p class="actions">
        <button type="submit" disabled={busy}>
          {busy ? t("admin.saving") : t(route ? "routeAdmin.save" : "admin.createDraft")}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t("common.cancel")}
        </button>
      </p>
    </form>
  );
}
