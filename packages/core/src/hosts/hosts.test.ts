import { Jimp } from "jimp";
import { describe, expect, it } from "vitest";
import { type PersonActor, anonymous, system } from "../actor";
import * as Audit from "../audit";
import { Conflict, Forbidden, Invalid, NotFound, Unauthorized } from "../errors";
import { person } from "../testing/fixtures";
import * as Hosts from "./index";
import { MAX_PHOTO_BYTES, declaredSize, resizeForPhone } from "./photo";

const platformAdmin = async (): Promise<PersonActor> => ({
  ...(await person("admin@example.org")),
  roles: ["participant", "platform_admin"],
});

const raqchi = (name = "Comunidad Campesina de Raqchi") =>
  Hosts.create(system, { name, kind: "organisation", country: "PE", region: "Cusco" });

/** A photo of noise (the hardest kind to make small), or of smooth gradients (like most photos). */
async function noisyImage(width: number, height: number, mime: "image/jpeg" | "image/png", smooth = false) {
  const image = new Jimp({ width, height, color: 0x336699ff });
  const data = image.bitmap.data;
  let seed = 7;
  for (let i = 0; i < data.length; i += 4) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const x = (i / 4) % width;
    const y = Math.floor(i / 4 / width);
    data[i] = smooth ? (x * 255) / width : seed & 0xff;
    data[i + 1] = smooth ? (y * 255) / height : (seed >> 8) & 0xff;
    data[i + 2] = smooth ? 128 : (seed >> 16) & 0xff;
  }
  const bytes = mime === "image/jpeg" ? await image.getBuffer(mime, { quality: 95 }) : await image.getBuffer(mime);
  return new Uint8Array(bytes);
}

async function entriesOf(hostId: string) {
  const page = await Audit.list(system, { limit: 1000 });
  return page.items.filter((e) => e.target.kind === "host" && e.target.id === hostId);
}

describe("a host's profile", () => {
  it("is created from the minimal body with empty lists, and takes every field", async () => {
    const admin = await platformAdmin();
    const minimal = await Hosts.create(admin, { name: "Doña Justina Mamani", kind: "talent", country: "PE" });
    expect(minimal).toMatchObject({ languages: [], topics: [], kind: "talent" });
    const full = await Hosts.create(admin, {
      name: "Asociación Ayllu Puno",
      kind: "organisation",
      organisationType: "association",
      country: "PE",
      region: "Puno",
      languages: ["es", "qu", "ay"],
      topics: ["community-natural-resources"],
      expertise: "Quinoa",
      achievements: { es: "Certificación orgánica colectiva" },
      figures: [{ label: { es: "Familias" }, value: "120" }],
    });
    const read = await Hosts.profile(full.id);
    expect(read).toMatchObject({
      organisationType: "association",
      languages: ["es", "qu", "ay"],
      expertise: { en: "Quinoa" },
      achievements: { es: "Certificación orgánica colectiva" },
      figures: [{ label: { es: "Familias" }, value: "120" }],
    });
    await expect(Hosts.profile("01JD8X0Q9ZK5N6W3B2C4D5E6F7")).rejects.toBeInstanceOf(NotFound);
  });

  it("is edited by a member or a platform admin, null clears, and the directory follows a move", async () => {
    const admin = await platformAdmin();
    const host = await raqchi();
    const member = await person("raqchi-member@example.org");
    const stranger = await person("stranger@example.org");
    await Hosts.addMember(admin, host.id, { email: member.email });

    await expect(Hosts.update(stranger, host.id, { name: "Nope" })).rejects.toBeInstanceOf(Forbidden);
    await expect(Hosts.update(anonymous, host.id, { name: "Nope" })).rejects.toBeInstanceOf(Unauthorized);
    const edited = await Hosts.update(member, host.id, {
      region: "Puno",
      expertise: { es: "Turismo comunitario", qu: "Ayllu turismo" },
      languages: ["qu", "es"],
    });
    expect(edited).toMatchObject({ region: "Puno", expertise: { es: "Turismo comunitario" } });
    const cleared = await Hosts.update(admin, host.id, { region: null, expertise: null });
    expect(cleared).not.toHaveProperty("region");
    expect(cleared).not.toHaveProperty("expertise");
    expect(cleared.languages).toEqual(["qu", "es"]);

    expect(await Hosts.update(admin, host.id, {})).toEqual(cleared);
    const moved = await Hosts.update(admin, host.id, { country: "BO", region: "La Paz" });
    expect((await Hosts.listByCountry("PE")).map((h) => h.id)).not.toContain(host.id);
    expect((await Hosts.listByCountry("BO")).map((h) => h.id)).toContain(moved.id);

    const entries = await entriesOf(host.id);
    expect(entries.filter((e) => e.action === "host.updated").map((e) => e.details.fields)).toEqual(
      expect.arrayContaining(["expertise,languages,region", "expertise,region", "country,region"]),
    );
    expect(entries.find((e) => e.action === "host.member_added")?.details).toMatchObject({ email: member.email });
  });

  it("refuses an edit made on a stale read, writing nothing (409 stale)", async () => {
    const admin = await platformAdmin();
    const host = await raqchi("Comunidad de Chinchero");
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => Hosts.update(admin, host.id, { region: `Región ${i}` })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const stale = results.filter((r) => r.status === "rejected");
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of stale) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(Conflict);
    const entries = (await entriesOf(host.id)).filter((e) => e.action === "host.updated");
    expect(entries).toHaveLength(ok.length);
  });

  it("lists every host a page at a time when no country is given", async () => {
    const a = await raqchi("Host A");
    const b = await Hosts.create(system, { name: "Host B", kind: "talent", country: "EC" });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await Hosts.list({ cursor, limit: 2 });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((h) => h.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(new Set(seen).size).toBe(seen.length);
    await expect(Hosts.list({ cursor: "bm90LWEtY3Vyc29y" })).rejects.toBeInstanceOf(Invalid);
  });
});

describe("members", () => {
  it("only a platform admin adds one; the person is created if new; adding twice records once", async () => {
    const admin = await platformAdmin();
    const host = await raqchi("Comunidad de Amaru");
    const someone = await person("not-admin@example.org");
    await expect(Hosts.addMember(someone, host.id, { email: "x@example.org" })).rejects.toBeInstanceOf(Forbidden);
    await expect(
      Hosts.addMember(admin, "01JD8X0Q9ZK5N6W3B2C4D5E6F7", { email: "x@example.org" }),
    ).rejects.toBeInstanceOf(NotFound);

    const first = await Hosts.addMember(admin, host.id, { email: "New.Member@Example.org" });
    const again = await Hosts.addMember(admin, host.id, { email: "new.member@example.org" });
    expect(again).toEqual(first);
    expect(first.email).toBe("new.member@example.org");
    expect((await entriesOf(host.id)).filter((e) => e.action === "host.member_added")).toHaveLength(1);

    const other = await raqchi("Comunidad de Pisaq");
    await Hosts.addMember(admin, other.id, { email: "new.member@example.org" });
    expect((await Hosts.ofPerson(first.personId)).map((h) => h.name)).toEqual([
      "Comunidad de Amaru",
      "Comunidad de Pisaq",
    ]);
    const member = await person("new.member@example.org");
    expect(await Hosts.requireMemberOrAdmin(member, host.id)).toMatchObject({ id: host.id });
    expect(await Hosts.requireMemberOrAdmin(admin, host.id)).toMatchObject({ id: host.id });
    await expect(Hosts.requireMemberOrAdmin(someone, host.id)).rejects.toBeInstanceOf(Forbidden);
    await expect(Hosts.requireMemberOrAdmin(anonymous, host.id)).rejects.toBeInstanceOf(Unauthorized);
    await expect(Hosts.requireMemberOrAdmin(member, "01JD8X0Q9ZK5N6W3B2C4D5E6F7")).rejects.toBeInstanceOf(NotFound);
    // A person's host memberships and institution memberships do not mix.
    expect(await Hosts.ofPerson(someone.id)).toEqual([]);
  });
});

describe("the photo", () => {
  it("makes a large noisy JPEG, PNG and WebP phone-sized and never over 30 kB", async () => {
    for (const mime of ["image/jpeg", "image/png"] as const) {
      const big = await noisyImage(1600, 1200, mime);
      const out = await resizeForPhone(big, mime);
      expect(out.bytes.byteLength).toBeLessThanOrEqual(MAX_PHOTO_BYTES);
      expect(Math.max(out.width, out.height)).toBeLessThanOrEqual(800);
      expect(out.width / out.height).toBeCloseTo(4 / 3, 1);
      expect(declaredSize(out.bytes, "image/jpeg")).toEqual({ width: out.width, height: out.height });
    }
    const webp = await webpOf(await noisyImage(900, 600, "image/png"));
    expect(declaredSize(webp, "image/webp")).toEqual({ width: 900, height: 600 });
    const out = await resizeForPhone(webp, "image/webp");
    expect(out.bytes.byteLength).toBeLessThanOrEqual(MAX_PHOTO_BYTES);
    expect(out.width / out.height).toBeCloseTo(3 / 2, 1);
    const smooth = await resizeForPhone(await webpOf(await noisyImage(900, 600, "image/png", true)), "image/webp");
    expect([smooth.width, smooth.height]).toEqual([800, 533]);
  }, 90_000);

  it("keeps a small image's size, and refuses what is not an image or claims too many pixels", async () => {
    const small = await noisyImage(120, 90, "image/png");
    expect(await resizeForPhone(small, "image/png")).toMatchObject({ width: 120, height: 90 });
    await expect(resizeForPhone(new TextEncoder().encode("not an image"), "image/jpeg")).rejects.toMatchObject({
      errors: [{ path: "photo" }],
    });
    // A PNG header claiming 100 000 × 100 000 pixels is refused before anything is decoded.
    const bomb = small.slice();
    new DataView(bomb.buffer).setUint32(16, 100_000);
    new DataView(bomb.buffer).setUint32(20, 100_000);
    await expect(resizeForPhone(bomb, "image/png")).rejects.toMatchObject({ errors: [{ path: "photo" }] });
  });

  it("is set by a member, stored and served, and recorded", async () => {
    const admin = await platformAdmin();
    const host = await raqchi("Comunidad de Ollantaytambo");
    await Hosts.addMember(admin, host.id, { email: "ollanta@example.org" });
    const member = await person("ollanta@example.org");
    const stranger = await person("stranger2@example.org");
    const jpeg = await noisyImage(1200, 900, "image/jpeg", true);
    await expect(Hosts.setPhoto(stranger, host.id, { bytes: jpeg, contentType: "image/jpeg" })).rejects.toBeInstanceOf(
      Forbidden,
    );
    await expect(Hosts.photo(host.id)).rejects.toBeInstanceOf(NotFound);
    const withPhoto = await Hosts.setPhoto(member, host.id, { bytes: jpeg, contentType: "image/jpeg" });
    expect(withPhoto.photo).toMatchObject({ width: 800, height: 600, url: expect.stringMatching(/^\/api\/hosts\//) });
    const served = await Hosts.photo(host.id);
    expect(served.bytes.byteLength).toBe(withPhoto.photo!.bytes);
    expect(served.bytes.byteLength).toBeLessThanOrEqual(MAX_PHOTO_BYTES);
    // A later profile edit keeps the photo.
    expect((await Hosts.update(member, host.id, { name: "Comunidad de Ollantaytambo (Cusco)" })).photo).toEqual(
      withPhoto.photo,
    );
    expect((await entriesOf(host.id)).filter((e) => e.action === "host.photo_set")).toHaveLength(1);
  });
});

/** A lossless WebP of a PNG, through the same wasm package the upload decodes with. */
async function webpOf(png: Uint8Array): Promise<Uint8Array> {
  const { readFile } = await import("node:fs/promises");
  const { createRequire } = await import("node:module");
  const { default: encode, init } = await import("@jsquash/webp/encode.js");
  const path = createRequire(import.meta.url).resolve("@jsquash/webp/codec/enc/webp_enc.wasm");
  await init({ wasmBinary: await readFile(path) } as never);
  const image = await Jimp.fromBuffer(Buffer.from(png));
  const data = {
    data: new Uint8ClampedArray(image.bitmap.data),
    width: image.width,
    height: image.height,
    colorSpace: "srgb",
  };
  return new Uint8Array(await encode(data as never, { quality: 90 }));
}
