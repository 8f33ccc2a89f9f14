import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Actor, Config, Enrolment, Institutions } from "@rutas/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testClient } from "./testing/client";
import { pdfText } from "./testing/pdf-text";
import { eventually, startPaymentRig } from "./testing/payments";

const { call, signIn, app } = testClient();
let rig: Awaited<ReturnType<typeof startPaymentRig>>;
let institutionId: string;
let admin: { token: string };
const study = new TextEncoder().encode("%PDF-1.4\n% Estudio de cadenas de valor de la quinua, Puno 2026\n");

beforeAll(async () => {
  rig = await startPaymentRig();
  Config.configure({ files: { dir: mkdtempSync(join(tmpdir(), "rutas-files-")) } });
  const inst = await Institutions.create(Actor.system, {
    name: "Fundación Altiplano Productivo",
    country: "BO",
    type: "foundation",
  });
  institutionId = inst.id;
  await Institutions.addMember(Actor.system, inst.id, { email: "altiplano-docs@example.org", role: "admin" });
  admin = await signIn("altiplano-docs@example.org");
}, 60_000);
afterAll(() => rig?.stop());

async function publication(prices: { group: string; amount: number; currency: string }[]) {
  const created = await call("POST", "/api/publications", {
    token: admin.token,
    body: {
      institutionId,
      title: { es: "Cadenas de valor de la quinua" },
      description: { es: "Estudio con base de datos de 400 productores." },
      prices,
    },
  });
  expect(created.body.status).toBe("draft");
  const res = await app.request(`/api/publications/${created.body.id}/file`, {
    method: "PUT",
    headers: {
      Authorization: `Bearer ${admin.token}`,
      "Content-Type": "application/pdf",
      "X-File-Name": encodeURIComponent("quinua-puno-2026.pdf"),
    },
    body: study,
  });
  expect(res.status).toBe(200);
  return created.body.id as string;
}

async function fetchDownload(url: string) {
  const path = url.replace(Config.config().appUrl, "");
  const res = await app.request(path);
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), type: res.headers.get("content-type") };
}

describe("publications for sale", () => {
  it("sells a document at the buyer's price through Checkout and hands out an expiring link", async () => {
    const id = await publication([
      { group: "standard", amount: 5000, currency: "USD" },
      { group: "reduced", amount: 1500, currency: "USD" },
    ]);
    const buyer = await signIn("buyer@example.org");
    await call("PATCH", "/api/me", { token: buyer.token, body: { country: "EC", organisationType: "ngo" } });
    const listed = await call("GET", "/api/publications", { token: buyer.token });
    expect(listed.body.items.find((p: { id: string }) => p.id === id)).toMatchObject({
      status: "available",
      price: { group: "reduced", amount: 1500 },
      file: { name: "quinua-puno-2026.pdf" },
    });
    // Not bought: no link.
    expect((await call("POST", `/api/publications/${id}/download-link`, { token: buyer.token })).status).toBe(403);
    const purchase = await call("POST", `/api/publications/${id}/purchases`, { token: buyer.token });
    expect(purchase.body).toMatchObject({
      status: "pending_payment",
      publicationId: id,
      price: { amount: 1500, currency: "USD" },
    });
    expect((await call("POST", `/api/publications/${id}/download-link`, { token: buyer.token })).status).toBe(409);
    const co = await call("POST", "/api/checkout", {
      token: buyer.token,
      body: { enrolmentId: purchase.body.id, locale: "es" },
    });
    await rig.payOnPage(co.body.url, "4242424242424242");
    await eventually(
      () => Enrolment.get(purchase.body.id).then((e) => e?.status),
      (s) => s === "active",
      "the purchase to be paid",
    );
    const link = await call("POST", `/api/publications/${id}/download-link`, { token: buyer.token });
    expect(link.status).toBe(200);
    expect(Date.parse(link.body.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const file = await fetchDownload(link.body.url);
    expect(file.status).toBe(200);
    expect(file.type).toBe("application/pdf");
    expect(file.bytes).toEqual(study);
    // A tampered or expired link is refused.
    expect((await fetchDownload(link.body.url.replace(/.$/, (c: string) => (c === "A" ? "B" : "A")))).status).toBe(403);
    const [pid, , sig] = link.body.url.split("/").pop().split(".");
    expect((await fetchDownload(`/api/downloads/${pid}.${Math.floor(Date.now() / 1000) - 1}.${sig}`)).status).toBe(403);
    // The sale is in the institution's ledger.
    const ledger = await call("GET", `/api/institutions/${institutionId}/ledger`, { token: admin.token });
    expect(
      ledger.body.balances.find((b: { account: string }) => b.account === `institution:${institutionId}`).balance,
    ).toBe(1200);
    // Its receipt names the document alone: a publication has no dates (it once read "(today – 9999-12-31)").
    const receipt = await app.request(`/api/enrolments/${purchase.body.id}/receipt.pdf`, {
      headers: { Authorization: `Bearer ${buyer.token}` },
    });
    const text = pdfText(new Uint8Array(await receipt.arrayBuffer()));
    expect(text).toContain("Cadenas de valor de la quinua");
    expect(text).not.toMatch(/quinua \(|9999/);
  });

  it("gives a free document at once, hides drafts, and refuses bad uploads", async () => {
    const id = await publication([]);
    const reader = await signIn("reader@example.org");
    expect((await call("POST", `/api/publications/${id}/purchases`, { token: reader.token })).body.status).toBe(
      "active",
    );
    expect((await call("POST", `/api/publications/${id}/download-link`, { token: reader.token })).status).toBe(200);
    const draft = await call("POST", "/api/publications", {
      token: admin.token,
      body: { institutionId, title: { en: "Draft" }, description: {}, prices: [] },
    });
    expect((await call("GET", `/api/publications/${draft.body.id}`)).status).toBe(404);
    expect((await call("POST", `/api/publications/${draft.body.id}/purchases`, { token: reader.token })).status).toBe(
      404,
    );
    const empty = await app.request(`/api/publications/${draft.body.id}/file`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${admin.token}`, "Content-Type": "application/pdf", "X-File-Name": "x.pdf" },
      body: new Uint8Array(),
    });
    expect(empty.status).toBe(400);
    const tooBig = await app.request(`/api/publications/${draft.body.id}/file`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${admin.token}`, "Content-Type": "application/pdf", "X-File-Name": "x.pdf" },
      body: new Uint8Array(5 * 1024 * 1024 + 1),
    });
    expect(tooBig.status).toBe(400);
    const stranger = await app.request(`/api/publications/${draft.body.id}/file`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${reader.token}`, "Content-Type": "application/pdf", "X-File-Name": "x.pdf" },
      body: study,
    });
    expect(stranger.status).toBe(403);
  });
});
