/**
 * Learning Routes of an institution, for its admins: the list (drafts too) with a publish
 * button, and the form that builds one: title and summary, topics, countries, dates, seats,
 * the itinerary (stops: day, host, place, what happens), prices per group and the fee-sharing
 * plan, one share per party (every host of a stop has one), with a live sum that must reach
 * 10 000 basis points. The API's field errors come back next to the fields they name.
 */
import { useEffect, useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { Failure, failedOf, read, useLoad } from "../api/load";
import { errorUnder, pathErrors } from "../api/problem";
import { Field, FieldError, invalidProps } from "../components/field";
import { LocalText } from "../components/localized";
import { LoadFailure, Loading, type Notice, Notices, failureNotice } from "../components/status";
import { formatDates, today } from "../format";
import { useT } from "../i18n/i18n";
import { type Host, type RouteView, type StopInput, type TopicId, routesApi } from "../learning-routes/api";
import { countryName } from "../learning-routes/itinerary";
import { COMMON_COUNTRIES } from "../profile/countries";
import { useTopics } from "../topics";
import { Enrolments } from "./cohort-enrolments";
import { loadHosts } from "./hosts";
import { type Group, type PriceDraft, PriceFieldset, pricesOf } from "./prices";

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
  const put = (r: RouteView) => routes.set([r, ...(routes.data ?? []).filter((x) => x.id !== r.id)]);

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
            {r.status === "draft" && (
              <button type="button" disabled={busy === r.id} onClick={() => publish(r)}>
                {t("admin.publish")}
              </button>
            )}
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
            {open === r.id && <Enrolments routeId={r.id} onRefunded={() => undefined} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

type StopDraft = { day: string; hostId: string; place: string; title: string; activity: string };
type Draft = PriceDraft & {
  title: string;
  summary: string;
  countries: string[];
  topics: string[];
  startDate: string;
  endDate: string;
  capacity: string;
  enrolmentDeadline: string;
  stops: StopDraft[];
  shares: Record<string, string>;
};
const blankStop = (): StopDraft => ({ day: "1", hostId: "", place: "", title: "", activity: "" });

function blank(institutionId: string): Draft {
  const start = addDays(today(), 30);
  return {
    title: "",
    summary: "",
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

function RouteForm(props: { institutionId: string; onCreated: (r: RouteView) => void; onCancel: () => void }) {
  const { lang, t } = useT();
  const topics = useTopics();
  const hosts = useLoad(loadHosts, []);
  const [draft, setDraft] = useState<Draft>(() => blank(props.institutionId));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (Object.keys(errors).length) document.querySelector<HTMLElement>("#route-form [aria-invalid=true]")?.focus();
  }, [errors]);

  const set =
    (key: "title" | "summary" | "startDate" | "endDate" | "capacity" | "enrolmentDeadline") =>
    (e: { currentTarget: { value: string } }) =>
      setDraft((d) => ({ ...d, [key]: e.currentTarget.value }));
  const setStop = (i: number, key: keyof StopDraft) => (e: { currentTarget: { value: string } }) =>
    setDraft((d) => ({ ...d, stops: d.stops.map((s, j) => (j === i ? { ...s, [key]: e.currentTarget.value } : s)) }));
  const toggle = (key: "countries" | "topics", value: string) => (e: { currentTarget: { checked: boolean } }) => {
    const on = e.currentTarget.checked;
    setDraft((d) => ({ ...d, [key]: on ? [...d[key], value] : d[key].filter((x) => x !== value) }));
  };
  const hostName = (id: string) => hosts.data?.find((h: Host) => h.id === id)?.name ?? id;
  const days = daysOf(draft.startDate, draft.endDate);
  // One share per party: the institution, the operator, the solidarity fund and every host of a stop.
  const stopHosts = [...new Set(draft.stops.map((s) => s.hostId).filter(Boolean))];
  const parties = [
    `institution:${props.institutionId}`,
    ...stopHosts.map((h) => `host:${h}`),
    "operator",
    "solidarity_fund",
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
    const local = (s: string) => ({ [lang]: s.trim() });
    const stops: StopInput[] = draft.stops.map((s) => ({
      day: Number(s.day),
      hostId: s.hostId,
      place: s.place.trim(),
      title: local(s.title),
      ...(s.activity.trim() ? { activity: local(s.activity) } : {}),
    }));
    setBusy(true);
    setErrors({});
    setNotice(null);
    try {
      const r = await routesApi.routes
        .$post({
          json: {
            institutionId: props.institutionId,
            title: local(draft.title),
            ...(draft.summary.trim() ? { summary: local(draft.summary) } : {}),
            topics: draft.topics as TopicId[],
            countries: draft.countries,
            startDate: draft.startDate,
            endDate: draft.endDate,
            capacity: Number(draft.capacity),
            ...(draft.enrolmentDeadline ? { enrolmentDeadline: draft.enrolmentDeadline } : {}),
            stops,
            prices: pricesOf(draft),
            feeShares: parties.filter((p) => bp(p) > 0).map((party) => ({ party, basisPoints: bp(party) })),
          },
        })
        .then(read);
      props.onCreated(r);
    } catch (err) {
      const failed = failedOf(err);
      if (failed instanceof Failure && failed.status === 400) setErrors(pathErrors(failed.problem));
      setNotice(failureNotice(err, t));
    } finally {
      setBusy(false);
    }
  }

  const err = (path: string) => errorUnder(errors, path);
  return (
    <form class="panel" id="route-form" onSubmit={submit} aria-labelledby="route-form-title" noValidate>
      <h3 id="route-form-title">{t("routeAdmin.new")}</h3>
      <Field name="route-title" label={t("routeAdmin.routeTitle")} error={err("title")}>
        <input
          id="route-title"
          required
          value={draft.title}
          onInput={set("title")}
          {...invalidProps("route-title", err("title"))}
        />
      </Field>
      <Field name="route-summary" label={t("routeAdmin.summary")} error={err("summary")}>
        <textarea id="route-summary" rows={3} value={draft.summary} onInput={set("summary")} />
      </Field>
      <fieldset class={err("topics") ? "field invalid" : "field"}>
        <legend>{t("admin.topics")}</legend>
        {topics.map((tp) => (
          <label key={tp.id} class="check">
            <input type="checkbox" checked={draft.topics.includes(tp.id)} onChange={toggle("topics", tp.id)} />
            {tp.name[lang]}
          </label>
        ))}
        <FieldError name="route-topics" error={err("topics")} />
      </fieldset>
      <fieldset class={err("countries") ? "field invalid" : "field"}>
        <legend>{t("routes.countries")}</legend>
        {COMMON_COUNTRIES.map((c) => (
          <label key={c} class="check">
            <input type="checkbox" checked={draft.countries.includes(c)} onChange={toggle("countries", c)} />
            {countryName(lang, c)}
          </label>
        ))}
        <FieldError name="route-countries" error={err("countries")} />
      </fieldset>
      <Field name="route-start" label={t("admin.startDate")} error={err("startDate")}>
        <input
          id="route-start"
          type="date"
          value={draft.startDate}
          onInput={set("startDate")}
          {...invalidProps("route-start", err("startDate"))}
        />
      </Field>
      <Field name="route-end" label={t("admin.endDate")} error={err("endDate")}>
        <input
          id="route-end"
          type="date"
          value={draft.endDate}
          onInput={set("endDate")}
          {...invalidProps("route-end", err("endDate"))}
        />
      </Field>
      <p class="hint">{t("admin.days", { count: days })}</p>
      <Field name="route-deadline" label={t("routeAdmin.deadline")} error={err("enrolmentDeadline")}>
        <input id="route-deadline" type="date" value={draft.enrolmentDeadline} onInput={set("enrolmentDeadline")} />
      </Field>
      <Field name="route-capacity" label={t("admin.capacity")} error={err("capacity")}>
        <input
          id="route-capacity"
          type="number"
          min={1}
          value={draft.capacity}
          onInput={set("capacity")}
          {...invalidProps("route-capacity", err("capacity"))}
        />
      </Field>

      <fieldset class={err("stops") && !draft.stops.some((_, i) => err(`stops.${i}`)) ? "field invalid" : "field"}>
        <legend>{t("routeAdmin.stops")}</legend>
        {!hosts.data && (hosts.failed ? <LoadFailure failed={hosts.failed} retry={hosts.reload} /> : <Loading />)}
        <ol class="stops">
          {draft.stops.map((s, i) => {
            const id = (k: string) => `stop-${i}-${k}`;
            return (
              <li key={i}>
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
                  <Field name={id("title")} label={t("routeAdmin.stopTitle")} error={err(`stops.${i}.title`)}>
                    <input
                      id={id("title")}
                      value={s.title}
                      onInput={setStop(i, "title")}
                      {...invalidProps(id("title"), err(`stops.${i}.title`))}
                    />
                  </Field>
                  <Field name={id("activity")} label={t("routeAdmin.stopActivity")} error={err(`stops.${i}.activity`)}>
                    <textarea id={id("activity")} rows={2} value={s.activity} onInput={setStop(i, "activity")} />
                  </Field>
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
              stops: [
                ...d.stops,
                { ...blankStop(), day: String(Math.min(days, Number(d.stops.at(-1)?.day ?? 0) + 1)) },
              ],
            }))
          }
        >
          {t("routeAdmin.addStop")}
        </button>
        <FieldError name="route-stops" error={errors.stops} />
      </fieldset>

      <PriceFieldset
        idPrefix="route"
        draft={draft}
        setDraft={(u) => setDraft(u)}
        errors={errors}
        priceError={err("prices")}
      />

      <fieldset class={err("feeShares") ? "field invalid" : "field"} aria-describedby="shares-sum">
        <legend>{t("routeAdmin.shares")}</legend>
        <p class="hint">{t("routeAdmin.sharesHint")}</p>
        {parties.map((party) => {
          const id = `share-${party.replace(/\W/g, "-")}`;
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
        <p id="shares-sum" class={sum === TOTAL ? "sum ok" : "sum"} aria-live="polite">
          {t("routeAdmin.sum", { sum, total: TOTAL })}
          {sum !== TOTAL && ` — ${t("routeAdmin.sumOff", { diff: TOTAL - sum })}`}
        </p>
        <FieldError name="route-shares" error={err("feeShares")} />
      </fieldset>
      <Notices notice={notice} />
      <p class="actions">
        <button type="submit" disabled={busy}>
          {busy ? t("admin.saving") : t("admin.createDraft")}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t("common.cancel")}
        </button>
      </p>
    </form>
  );
}
