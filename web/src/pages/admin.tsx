/**
 * Institution admin: for each institution the signed-in person runs, its courses
 * (drafts too), a form for a new one, and per course its cohorts and enrolments;
 * then the documents it sells and a form to offer one; its Learning Routes; its exchange offers; then
 * its audit trail. The platform admin also registers hosts, pays them, runs the exchange's matching
 * rounds, and sees the whole platform's audit trail.
 */
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "wouter-preact";
import { AuditTrail } from "../admin/audit";
import { CourseForm } from "../admin/course-form";
import { CoursePanel } from "../admin/course-panel";
import { PublicationsAdmin } from "../admin/publications";
import { api } from "../api/client";
import { read, useLoad } from "../api/load";
import { LocalText } from "../components/localized";
import { LoadFailure, Loading, signInHref } from "../components/status";
import type { CourseSummary } from "../courses/types";
import { useT, withStrings } from "../i18n/i18n";
import { type PageProps, lazyPage } from "../lazy";
import { useMe } from "../session";
import { useTitle } from "../title";

// Sections a first visit need not wait for: their chunks come once the page is shown.
const RoutesSection = lazyPage(() =>
  import("../admin/route-builder").then((m) => ({
    default: ({ params }: PageProps) => <m.RoutesAdmin institutionId={params.institutionId} />,
  })),
);
const ExchangeSection = lazyPage(() =>
  withStrings("exchange-admin", import("../admin/exchange")).then((m) => ({
    default: ({ params }: PageProps) => <m.ExchangeAdmin institutionId={params.institutionId} />,
  })),
);
const PlatformSection = lazyPage(() =>
  withStrings("exchange-admin", import("../admin/platform")).then((m) => ({ default: m.Platform })),
);

export default function Admin() {
  const { lang, t } = useT();
  const [, navigate] = useLocation();
  const me = useMe();
  const mineIds = me?.institutions.map((i) => i.id) ?? [];
  const institutions = useLoad(
    () =>
      mineIds.length
        ? api.institutions
            .$get()
            .then(read)
            .then((r) => r.items.filter((i) => mineIds.includes(i.id)))
        : Promise.resolve([]),
    [mineIds.join()],
  );
  const [chosen, setChosen] = useState<string | null>(null);
  useTitle(t("admin.title"));
  useEffect(() => {
    if (me === null) navigate(signInHref(lang), { replace: true });
  }, [me]);

  const institutionId = chosen ?? institutions.data?.[0]?.id ?? mineIds[0];
  if (me === undefined) return <Loading />;
  if (me === null) return null;
  const platformAdmin = me.roles.includes("platform_admin");
  if (mineIds.length === 0) {
    return (
      <>
        <h1>{t("admin.title")}</h1>
        {!platformAdmin && <p>{t("admin.noInstitution")}</p>}
        {platformAdmin && <PlatformAdmin />}
      </>
    );
  }
  const list = institutions.data ?? [];
  return (
    <>
      <h1>{t("admin.title")}</h1>
      {institutions.failed && <LoadFailure failed={institutions.failed} retry={institutions.reload} />}
      {list.length > 1 ? (
        <div class="field">
          <label for="institution">{t("admin.institution")}</label>
          <select id="institution" value={institutionId} onChange={(e) => setChosen(e.currentTarget.value)}>
            {list.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </div>
      ) : (
        list[0] && <p class="lead">{list[0].name}</p>
      )}
      {institutionId && <Courses key={institutionId} institutionId={institutionId} />}
      {institutionId && <PublicationsAdmin key={`docs-${institutionId}`} institutionId={institutionId} />}
      {institutionId && <RoutesSection.Page key={`routes-${institutionId}`} params={{ institutionId }} />}
      {institutionId && <ExchangeSection.Page key={`exchange-${institutionId}`} params={{ institutionId }} />}
      {institutionId && <AuditTrail key={`audit-${institutionId}`} institutionId={institutionId} />}
      {platformAdmin && <PlatformAdmin />}
    </>
  );
}

function PlatformAdmin() {
  return (
    <>
      <PlatformSection.Page params={{}} />
      <AuditTrail />
    </>
  );
}

function Courses({ institutionId }: { institutionId: string }) {
  const { t } = useT();
  const courses = useLoad(
    () =>
      api.institutions[":id"].courses
        .$get({ param: { id: institutionId } })
        .then(read)
        .then((r) => r.items),
    [institutionId],
  );
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const onCreated = (c: CourseSummary) => {
    setCreating(false);
    setCreated(c.id);
    setOpen(c.id);
    courses.set([c, ...(courses.data ?? [])]);
  };
  useEffect(() => {
    if (created) document.getElementById(`course-${created}`)?.focus();
  }, [created]);

  return (
    <>
      <h2>{t("admin.courses")}</h2>
      <div role="status">{created && <p class="notice ok">{t("admin.created")}</p>}</div>
      {!creating && (
        <p>
          <button type="button" onClick={() => (setCreating(true), setCreated(null))}>
            {t("admin.newCourse")}
          </button>
        </p>
      )}
      {creating && (
        <CourseForm institutionId={institutionId} onCreated={onCreated} onCancel={() => setCreating(false)} />
      )}
      {!courses.data && (courses.failed ? <LoadFailure failed={courses.failed} retry={courses.reload} /> : <Loading />)}
      {courses.data?.length === 0 && <p class="muted">{t("admin.noCourses")}</p>}
      <ul class="courses">
        {courses.data?.map((c) => (
          <li key={c.id}>
            <h3 id={`course-${c.id}`} tabIndex={-1}>
              <LocalText text={c.title} own={c.language} />
            </h3>
            <p class="meta">
              <span class={c.status === "draft" ? "badge draft" : "badge"}>
                {t(c.status === "draft" ? "admin.draft" : "admin.live")}
              </span>{" "}
              · {t("course.lessons", { count: c.lessonCount })}
            </p>
            <button
              type="button"
              class="secondary small"
              aria-expanded={open === c.id}
              aria-describedby={`course-${c.id}`}
              onClick={() => setOpen(open === c.id ? null : c.id)}
            >
              {t("admin.manage")}
            </button>
            {open === c.id && (
              <CoursePanel
                course={c}
                onPublished={() =>
                  courses.set((courses.data ?? []).map((x) => (x.id === c.id ? { ...x, status: "published" } : x)))
                }
              />
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
