import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Config, Ledger } from "@rutas/core";
import { transact } from "@rutas/core/db/transact";
import { Jimp } from "jimp";
import { beforeAll, describe, expect, it } from "vitest";
import { testClient } from "./testing/client";

const { call, signIn, app } = testClient();
let admin: { token: string };

beforeAll(async () => {
  Config.configure({ files: { dir: mkdtempSync(join(tmpdir(), "rutas-host-photos-")) } });
  admin = await signIn("admin@example.org");
}, 60_000);

async function registerHost(body: Record<string, unknown> = {}) {
  const res = await call("POST", "/api/hosts", {
    token: admin.token,
    body: { name: "Comunidad Campesina de Raqchi", kind: "organisation", country: "PE", ...body },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string } & Record<string, unknown>;
}

async function withMember(email: string) {
  const host = await registerHost();
  const added = await call("POST", `/api/hosts/${host.id}/members`, { token: admin.token, body: { email } });
  expect(added.status).toBe(201);
  return { host, member: await signIn(email), personId: added.body.personId as string };
}

const put = (path: string, token: string, contentType: string, body: Uint8Array) =>
  app.request(path, {
    method: "PUT",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": contentType },
    body,
  });

describe("host profiles over HTTP", () => {
  it("keeps API.md's minimal POST, takes the full profile, and answers the public GET", async () => {
    const minimal = await registerHost();
    expect(minimal).toMatchObject({ languages: [], topics: [] });
    expect((await call("GET", `/api/hosts/${minimal.id}`)).body).toMatchObject({
      id: minimal.id,
      kind: "organisation",
    });
    const full = await registerHost({
      name: "Doña Justina Mamani",
      kind: "talent",
      region: "Puno",
      languages: ["ay", "es"],
      topics: ["community-natural-resources"],
      expertise: { es: "Mejoramiento de fibra de alpaca", ay: "Allpachu t'awra" },
      achievements: "Founded a women's savings group",
      figures: [{ label: { es: "Socias" }, value: "45" }],
      email: "justina@example.org",
    });
    const read = await call("GET", `/api/hosts/${full.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      expertise: { ay: "Allpachu t'awra" },
      achievements: { en: "Founded a women's savings group" },
      figures: [{ label: { es: "Socias" }, value: "45" }],
    });
    expect(read.body).not.toHaveProperty("email");
    expect((await call("GET", "/api/hosts/01JD8X0Q9ZK5N6W3B2C4D5E6F7")).status).toBe(404);
  });

  it("refuses a bad body naming each field", async () => {
    const bad = await call("POST", "/api/hosts", {
      token: admin.token,
      body: {
        name: "Comunidad",
        kind: "organisation",
        country: "PE",
        organisationType: "club",
        topics: ["astrology"],
        languages: ["Quechua"],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      "languages.0",
      "organisationType",
      "topics.0",
    ]);
  });

  it("lists all hosts when no country is given, a page at a time, and one country's by region", async () => {
    await registerHost({ name: "Host in Ecuador", country: "EC", region: "Imbabura" });
    await registerHost({ name: "Host in Bolivia", country: "BO" });
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const page = await call("GET", `/api/hosts?limit=2${next ? `&cursor=${next}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((h: { country: string }) => h.country));
      next = page.body.nextCursor;
    } while (next);
    expect(seen).toEqual(expect.arrayContaining(["EC", "BO", "PE"]));
    const ec = await call("GET", "/api/hosts?country=EC");
    expect(ec.body.items.map((h: { name: string }) => h.name)).toEqual(["Host in Ecuador"]);
    expect((await call("GET", "/api/hosts?country=Ecuador")).body.errors[0].path).toBe("query.country");
  });

  it("PATCH: a member or the platform admin edits; anyone else is refused; null clears", async () => {
    const { host, member } = await withMember("raqchi-keeper@example.org");
    const stranger = await signIn("raqchi-stranger@example.org");
    const path = `/api/hosts/${host.id}`;
    expect((await call("PATCH", path, { body: { region: "Cusco" } })).status).toBe(401);
    expect((await call("PATCH", path, { token: stranger.token, body: { region: "Cusco" } })).status).toBe(403);
    const edited = await call("PATCH", path, {
      token: member.token,
      body: { region: "Cusco", organisationType: "community", expertise: { qu: "Ayllu" } },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ region: "Cusco", organisationType: "community", expertise: { qu: "Ayllu" } });
    const cleared = await call("PATCH", path, { token: admin.token, body: { organisationType: null } });
    expect(cleared.body).not.toHaveProperty("organisationType");
    const bad = await call("PATCH", path, { token: admin.token, body: { name: null, figures: [{ value: "3" }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["figures.0.label", "name"]);
    expect(
      (await call("PATCH", `/api/hosts/01JD8X0Q9ZK5N6W3B2C4D5E6F7`, { token: admin.token, body: {} })).status,
    ).toBe(404);
  });
});

describe("members", () => {
  it("the platform admin adds one by e-mail, who signs in by magic link and sees the host in /me/hosts", async () => {
    const { host, member } = await withMember("new-keeper@example.org");
    const mine = await call("GET", "/api/me/hosts", { token: member.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      items: [{ id: host.id, name: "Comunidad Campesina de Raqchi", kind: "organisation" }],
    });
    expect((await call("GET", "/api/me/hosts")).status).toBe(401);
    const byMember = await call("POST", `/api/hosts/${host.id}/members`, {
      token: member.token,
      body: { email: "friend@example.org" },
    });
    expect(byMember.status).toBe(403);
    const bad = await call("POST", `/api/hosts/${host.id}/members`, { token: admin.token, body: { email: "nope" } });
    expect(bad.body.errors[0].path).toBe("email");
    const unknown = await call("POST", `/api/hosts/01JD8X0Q9ZK5N6W3B2C4D5E6F7/members`, {
      token: admin.token,
      body: { email: "friend@example.org" },
    });
    expect(unknown.status).toBe(404);
  });
});

describe("the photo", () => {
  it("is uploaded by a member, served small with long cache headers, and refused when it is not an image", async () => {
    const { host, member } = await withMember("photo-keeper@example.org");
    const image = new Jimp({ width: 1600, height: 1200, color: 0x6b8e23ff });
    // Smooth gradients, as most photos are (a noise image ends up smaller than 800 px: core tests it).
    const data = image.bitmap.data;
    for (let i = 0; i < data.length; i += 4) {
      data[i] = (((i / 4) % 1600) * 255) / 1600;
      data[i + 1] = (Math.floor(i / 4 / 1600) * 255) / 1200;
    }
    const png = new Uint8Array(await image.getBuffer("image/png"));
    const path = `/api/hosts/${host.id}/photo`;

    const stranger = await signIn("photo-stranger@example.org");
    expect((await put(path, stranger.token, "image/png", png)).status).toBe(403);
    expect((await call("GET", path)).status).toBe(404);
    const gif = await put(path, member.token, "image/gif", png);
    expect(gif.status).toBe(400);
    expect(((await gif.json()) as { errors: { path: string }[] }).errors[0].path).toBe("header.content-type");
    const notImage = await put(path, member.token, "image/jpeg", new TextEncoder().encode("hello"));
    expect(notImage.status).toBe(400);
    expect(((await notImage.json()) as { errors: { path: string }[] }).errors[0].path).toBe("photo");
    expect((await put(path, member.token, "image/png", new Uint8Array(11 * 1024 * 1024))).status).toBe(400);

    const set = await put(path, member.token, "image/png", png);
    expect(set.status).toBe(200);
    const profile = (await set.json()) as { photo: { url: string; width: number; height: number; bytes: number } };
    expect(profile.photo).toMatchObject({ width: 800, height: 600 });
    expect(profile.photo.bytes).toBeLessThanOrEqual(30_000);

    const served = await app.request(profile.photo.url);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const bytes = new Uint8Array(await served.arrayBuffer());
    expect(bytes.byteLength).toBe(profile.photo.bytes);
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
    expect((await call("GET", `/api/hosts/${host.id}`)).body.photo).toEqual(profile.photo);
  }, 60_000);
});

describe("the statement", () => {
  it("owed, paid and due in JSON and CSV for a member; 403 for others; 404 for no host", async () => {
    const { host, member } = await withMember("statement-keeper@example.org");
    const party = `host:${host.id}`;
    const plan = [
      { party, basisPoints: 2500 },
      { party: "operator", basisPoints: 7500 },
    ];
    const post = async (p: Omit<Ledger.Posting, "id" | "createdAt">) => {
      expect((await transact(Ledger.postingWrites(Ledger.newPosting(p)))).ok).toBe(true);
      await new Promise((r) => setTimeout(r, 3));
    };
    await post({ kind: "payment", currency: "PEN", lines: Ledger.paymentLines(40_000, 1_200, plan), memo: "Pago" });
    await post({
      kind: "payout",
      currency: "PEN",
      lines: [
        { account: party, side: "debit", amount: 10_000 },
        { account: "payouts:bank_transfer", side: "credit", amount: 10_000 },
      ],
      memo: "Transferencia",
    });
    await post({ kind: "refund", currency: "PEN", lines: Ledger.refundLines(0, 4_002, plan), memo: "Reembolso" });
    await post({ kind: "payment", currency: "USD", lines: Ledger.paymentLines(100, 0, plan), memo: "Old USD" });

    const path = `/api/hosts/${host.id}/statement`;
    const pen = await call("GET", `${path}?currency=PEN`, { token: member.token });
    expect(pen.status).toBe(200);
    // 25 % of 40.02 is 10.005: the host gives back 10.01 or 10.00 by largest remainder; the sum is exact.
    const reversed = -pen.body.entries.find((e: { kind: string }) => e.kind === "reversal").amount.amount;
    expect(reversed).toBe(Ledger.splitAmount(4_002, plan)[0].amount);
    expect(pen.body).toMatchObject({
      hostId: host.id,
      party,
      currency: "PEN",
      currencies: ["PEN", "USD"],
      owed: { amount: 10_000 - reversed, currency: "PEN" },
      paid: { amount: 10_000, currency: "PEN" },
      due: { amount: -reversed, currency: "PEN" },
    });
    // Without ?currency: the one with the most recent line.
    const latest = await call("GET", path, { token: admin.token });
    expect(latest.body).toMatchObject({ currency: "USD", owed: { amount: 25 }, due: { amount: 25 } });

    const csv = await app.request(`${path}?currency=PEN&format=csv`, {
      headers: { Authorization: `Bearer ${member.token}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toContain(`host-${host.id}-statement-PEN.csv`);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/,payout,-10000,-100\.00,PEN,/);

    const stranger = await signIn("statement-stranger@example.org");
    expect((await call("GET", path, { token: stranger.token })).status).toBe(403);
    expect((await call("GET", path)).status).toBe(401);
    expect((await call("GET", `/api/hosts/01JD8X0Q9ZK5N6W3B2C4D5E6F7/statement`, { token: admin.token })).status).toBe(
      404,
    );
    expect((await call("GET", `${path}?currency=soles`, { token: member.token })).body.errors[0].path).toBe(
      "query.currency",
    );
  });
});
