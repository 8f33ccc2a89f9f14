/**
 * What follows a matching round (API.md "Exchange programme", issue 11): one round at a time,
 * answers by a date, a second round among the never-placed over the places nobody holds, the
 * institution's view of why each place went where, the outcome CSV and the e-mails.
 */
import { Actor, Courses, ExchangeRound, Institutions, Mail, blockingPairs, stableMatch } from "@rutas/core";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ddb, tableName } from "@rutas/core/db/client";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testClient } from "./testing/client";

const { call, signIn } = testClient(createApp({ log: (l) => l.level === "error" && console.error(l) }));
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

type Who = { token: string; id: string; email: string };
let admin: { token: string };
let platform: { token: string };
let institutionId: string;

async function participant(email: string, name: string, country: string, languages: string[]): Promise<Who> {
  const s = await signIn(email);
  await call("PATCH", "/api/me", { token: s.token, body: { name, country, languages } });
  const me = await call("GET", "/api/me", { token: s.token });
  return { token: s.token, id: me.body.id as string, email };
}

const offer = async (title: Record<string, string>, extra: Record<string, unknown> = {}) => {
  const res = await call("POST", "/api/exchange/offers", {
    token: admin.token,
    body: {
      institutionId,
      kind: "internship",
      title,
      description: { es: "Tres semanas de práctica." },
      country: "PE",
      startDate: day(60),
      endDate: day(80),
      capacity: 1,
      topics: [],
      applicationDeadline: day(30),
      ...extra,
    },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const apply = (who: Who, ranking: string[]) =>
  call("PUT", "/api/me/exchange-application", { token: who.token, body: { statement: "Quiero aprender.", ranking } });
const rank = (offerId: string, ranking: string[]) =>
  call("PUT", `/api/exchange/offers/${offerId}/ranking`, { token: admin.token, body: { ranking } });
const mine = async (who: Who) => (await call("GET", "/api/me/exchange-application", { token: who.token })).body;

let A: string, B: string, C: string, courseId: string;
let p1: Who, p2: Who, p3: Who, p4: Who;

beforeAll(async () => {
  const inst = await Institutions.create(Actor.system, {
    name: "Universidad Agraria",
    country: "PE",
    type: "university",
  });
  institutionId = inst.id;
  await Institutions.addMember(Actor.system, inst.id, { email: "agraria-r@example.org", role: "admin" });
  admin = await signIn("agraria-r@example.org");
  platform = await signIn("admin@example.org");
  courseId = (
    await Courses.create(Actor.system, {
      institutionId,
      title: { es: "Preparar la pasantía" },
      summary: { es: "Antes de viajar." },
      topics: [],
      language: "es",
      modules: [{ title: "Antes", lessons: [{ title: "El país", body: "Texto" }] }],
    })
  ).id;
  A = await offer({ en: "Andes lab", es: "Laboratorio andino" }, { preparatoryCourseId: courseId });
  B = await offer({ en: "Banana cooperative", es: "Cooperativa bananera" });
  C = await offer({ en: "Coffee school", es: "Escuela de café" });
  p1 = await participant("p1-r@example.org", "Rosa Huamán", "PE", ["es"]);
  p2 = await participant("p2-r@example.org", "Luc Gagnon", "CA", ["fr"]);
  p3 = await participant("p3-r@example.org", "Ana Mamani", "BO", ["es"]);
  p4 = await participant("p4-r@example.org", "Joe Smith", "CA", ["en"]);
  for (const [who, ranking] of [
    [p1, [A, B]],
    [p2, [A]],
    [p3, [B, A]],
    [p4, [C]],
  ] as const)
    expect((await apply(who, [...ranking])).status).toBe(200);
  expect((await rank(A, [p2.id, p1.id])).status).toBe(200);
  expect((await rank(B, [p1.id, p3.id])).status).toBe(200);
}, 60_000);

describe("a round, the answers, and a second round", () => {
  let first: string;

  it("refuses an answer date in the past, naming it, and runs nothing", async () => {
    const res = await call("POST", "/api/exchange/rounds", { token: platform.token, body: { respondBy: day(-1) } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("respondBy");
    expect((await call("GET", "/api/exchange/rounds")).body.items).toEqual([]);
  });

  it("runs one round at a time: five runs at once give one round and 409 round_running", async () => {
    const runs = await Promise.all(
      Array.from({ length: 5 }, () =>
        call("POST", "/api/exchange/rounds", { token: platform.token, body: { respondBy: day(7) } }),
      ),
    );
    const made = runs.filter((r) => r.status === 201);
    expect(made).toHaveLength(1);
    for (const r of runs.filter((r) => r.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe("round_running");
    }
    first = made[0]!.body.id;
    expect(made[0]!.body.assignments).toEqual({ [p1.id]: B, [p2.id]: A, [p3.id]: null, [p4.id]: null });
    expect(made[0]!.body.respondBy).toBe(day(7));
    expect((await call("GET", "/api/exchange/rounds")).body.items).toHaveLength(1);
    const idle = await call("GET", "/api/exchange/rounds/progress", { token: platform.token });
    expect(idle.body).toEqual({ state: "idle" });
    expect((await call("GET", "/api/exchange/rounds/progress", { token: p1.token })).status).toBe(403);
  });

  it("tells each applicant in their language, by e-mail and on their application", async () => {
    const rosa = await mine(p1);
    expect(rosa.assignment).toMatchObject({ roundId: first, offerId: B, status: "assigned", respondBy: day(7) });
    expect(rosa.assignment.explanation.es).toContain("Se le ha asignado una plaza en Cooperativa bananera.");
    expect(rosa.assignment.explanation.es).toContain(
      "Laboratorio andino: su única plaza fue para postulantes que clasificó por encima de usted.",
    );
    const ana = await mine(p3);
    expect(ana.assignment).toMatchObject({ offerId: null, status: "unassigned" });
    expect(ana.assignment.explanation.es).toContain(
      "Laboratorio andino: esta oferta no le incluyó en su clasificación.",
    );

    const [mail] = await Mail.listFor(p1.email, 1);
    expect(mail!.subject).toBe("Programa de intercambio: tiene una plaza en Cooperativa bananera");
    expect(mail!.text).toContain(`hasta el ${day(7)}`);
    expect(mail!.link).toMatch(/\/es\/exchange\/application$/);
    const [luc] = await Mail.listFor(p2.email, 1);
    expect(luc!.subject).toBe("Programme d'échange : vous avez une place dans Andes lab");
    // Assigned to an offer with a preparatory course: invited to it.
    expect(luc!.text).toContain(`Vous êtes invité au cours préparatoire de l'offre : `);
    expect(luc!.text).toContain(`/fr/courses/${courseId}`);
    expect(mail!.text).not.toContain("/courses/");
    const [joe] = await Mail.listFor(p4.email, 1);
    expect(joe!.subject).toBe("Exchange programme: the outcome of the matching round");
    expect(joe!.text).toContain("Coffee school: this offer did not rank you.");
  });

  it("answers once: concurrent accepts and declines each land once; a second answer is refused", async () => {
    const accepts = await Promise.all(
      Array.from({ length: 6 }, () => call("POST", "/api/me/exchange-placement/accept", { token: p2.token })),
    );
    for (const r of accepts)
      expect(r.body).toMatchObject({
        status: "accepted",
        offerId: A,
        enrolmentStatus: "active",
        preparatoryCourseId: courseId,
      });
    // The accepted place is an enrolment of the exchange_place kind, once, free here so active at once.
    const enrolmentId = accepts[0]!.body.enrolmentId as string;
    for (const r of accepts) expect(r.body.enrolmentId).toBe(enrolmentId);
    expect((await mine(p2)).assignment.enrolmentId).toBe(enrolmentId);
    const enrolments = (await call("GET", "/api/me/enrolments", { token: p2.token })).body.items;
    expect(enrolments).toEqual([
      expect.objectContaining({ id: enrolmentId, kind: "exchange_place", status: "active" }),
    ]);
    const declines = await Promise.all(
      Array.from({ length: 6 }, () => call("POST", "/api/me/exchange-placement/decline", { token: p1.token })),
    );
    for (const r of declines) expect(r.body).toEqual({ status: "declined", offerId: B });
    for (const action of ["exchange_place.accepted", "exchange_place.declined"]) {
      const audit = await call("GET", `/api/audit?action=${action}`, { token: platform.token });
      expect([audit.status, audit.body.items.length]).toEqual([200, 1]);
    }

    const late = await call("POST", "/api/me/exchange-placement/decline", { token: p2.token });
    expect([late.status, late.body.code]).toEqual([409, "accepted"]);
    const back = await call("POST", "/api/me/exchange-placement/accept", { token: p1.token });
    expect([back.status, back.body.code]).toEqual([409, "declined"]);
    const none = await call("POST", "/api/me/exchange-placement/accept", { token: p3.token });
    expect([none.status, none.body.code]).toEqual([409, "not_assigned"]);
    expect((await call("POST", "/api/me/exchange-placement/accept")).status).toBe(401);
    expect((await mine(p1)).assignment.status).toBe("declined");
  });

  it("shows the institution why each place went where", async () => {
    const a = await call("GET", `/api/exchange/offers/${A}/placements`, { token: admin.token });
    expect(a.status).toBe(200);
    expect(a.body.items).toEqual([
      expect.objectContaining({ personId: p2.id, name: "Luc Gagnon", rank: 1, outcome: "placed", status: "accepted" }),
      expect.objectContaining({ personId: p1.id, rank: 2, outcome: "full" }),
      expect.objectContaining({ personId: p3.id, rank: null, outcome: "not_ranked" }),
    ]);
    expect(a.body.items[0].why.en).toBe("Placed here: you ranked them #1, and this offer was their choice #1.");
    expect(a.body.items[1].why.es).toBe("Su plaza fue para postulantes que usted clasificó por encima.");
    const b = await call("GET", `/api/exchange/offers/${B}/placements`, { token: admin.token });
    expect(b.body.items).toEqual([
      expect.objectContaining({ personId: p1.id, outcome: "placed", status: "declined" }),
      expect.objectContaining({ personId: p3.id, rank: 2, outcome: "full" }),
    ]);
    expect((await call("GET", `/api/exchange/offers/${A}/placements`, { token: p1.token })).status).toBe(403);
  });

  it("a second round gives the declined place to the never-placed, over the places nobody holds", async () => {
    const res = await call("POST", "/api/exchange/rounds", { token: platform.token, body: {} });
    expect(res.status).toBe(201);
    // A is taken (accepted); B was declined and is free again; p1 (declined) and p2 (placed) are out.
    expect(res.body.assignments).toEqual({ [p3.id]: B, [p4.id]: null });
    const audit = await call("GET", `/api/exchange/rounds/${res.body.id}`);
    expect(audit.body).toMatchObject({ applicants: 2, offers: 2, matched: 1, stable: true, respondBy: day(7) });
    expect(ExchangeRound.inputDigest(audit.body.input)).toBe(audit.body.inputDigest);
    expect(stableMatch(audit.body.input).assignments).toEqual(audit.body.outcome);
    expect(blockingPairs(audit.body.input, audit.body.outcome)).toEqual([]);
    for (const secret of [p3.id, p4.id, B, C, "Mamani"]) expect(JSON.stringify(audit.body)).not.toContain(secret);

    expect((await mine(p3)).assignment).toMatchObject({ roundId: res.body.id, offerId: B, status: "assigned" });
    expect((await mine(p1)).assignment).toMatchObject({ roundId: first, status: "declined" });
    const list = (await call("GET", "/api/exchange/rounds")).body.items;
    expect(list.map((r: { id: string }) => r.id)).toEqual([res.body.id, first]);

    // The round's outcome for the platform admin, with names and statuses.
    const csv = await call("GET", `/api/exchange/rounds/${first}/outcome.csv`, { token: platform.token });
    expect(csv.status).toBe(200);
    const text = String(csv.body);
    expect(text).toContain("person_id,name,email,country,offer_id,offer_title,status");
    expect(text).toContain(`${p2.id},Luc Gagnon,p2-r@example.org,CA,${A},Andes lab,accepted`);
    expect(text).toContain(`${p1.id},Rosa Huamán,p1-r@example.org,PE,${B},Banana cooperative,declined`);
    expect((await call("GET", `/api/exchange/rounds/${first}/outcome.csv`, { token: p1.token })).status).toBe(403);
  });

  it("a place not answered by its date lapses: no answer is taken and the next round frees it", async () => {
    const placement = (await mine(p3)).assignment;
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `XROUND#${placement.roundId}`, sk: `PLACE#${p3.id}` },
        UpdateExpression: "SET respondBy = :d",
        ExpressionAttributeValues: { ":d": day(-1) },
      }),
    );
    const res = await call("POST", "/api/me/exchange-placement/accept", { token: p3.token });
    expect([res.status, res.body.code]).toEqual([409, "respond_by_passed"]);
    expect((await mine(p3)).assignment.status).toBe("lapsed");
    const p5 = await participant("p5-r@example.org", "Eva Condori", "PE", ["es"]);
    expect((await apply(p5, [B])).status).toBe(200);
    expect((await rank(B, [p1.id, p3.id, p5.id])).status).toBe(200);
    const third = await call("POST", "/api/exchange/rounds", { token: platform.token });
    expect(third.body.assignments).toEqual({ [p4.id]: null, [p5.id]: B });
    // An offer its institution closed after the round takes no acceptance.
    await call("POST", `/api/exchange/offers/${B}/close`, { token: admin.token });
    const closed = await call("POST", "/api/me/exchange-placement/accept", { token: p5.token });
    expect([closed.status, closed.body.code]).toEqual([409, "closed"]);
  });
});

describe("an institution's own offers", () => {
  it("lists them for its admins, closed ones included, newest first", async () => {
    const res = await call("GET", `/api/institutions/${institutionId}/exchange-offers`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((o: { id: string }) => o.id)).toEqual([C, B, A]);
    expect(res.body.items.find((o: { id: string }) => o.id === B).status).toBe("closed");
    expect(res.body.items[0].ranking).toBeUndefined();
    expect((await call("GET", `/api/institutions/${institutionId}/exchange-offers`, { token: p1.token })).status).toBe(
      403,
    );
  });
});
