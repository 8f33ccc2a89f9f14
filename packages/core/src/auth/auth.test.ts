import { describe, expect, it } from "vitest";
import { Unauthorized, TooMany } from "../errors";
import * as Mail from "../mail";
import * as People from "../people";
import * as Auth from "./index";

async function linkTokenFor(email: string) {
  const [mail] = await Mail.listFor(email);
  return new URL(mail.link!).searchParams.get("token")!;
}

describe("magic-link sign-in", () => {
  it("sends a link whose token opens one session, once", async () => {
    await Auth.requestMagicLink("Ana@Example.org", "es");
    const [mail] = await Mail.listFor("ana@example.org");
    expect(mail.subject).toContain("Rutas");
    expect(mail.link).toMatch(/\/es\/signin\?token=/);
    const token = await linkTokenFor("ana@example.org");
    const session = await Auth.exchangeMagicLink(token);
    expect(session.person.email).toBe("ana@example.org");
    const actor = await Auth.verifySession(session.token);
    expect(actor).toMatchObject({ kind: "person", id: session.person.id, roles: ["participant"] });
    await expect(Auth.exchangeMagicLink(token)).rejects.toBeInstanceOf(Unauthorized);
  });

  it("lets exactly one of many concurrent exchanges of one token succeed", async () => {
    await Auth.requestMagicLink("race@example.org");
    const token = await linkTokenFor("race@example.org");
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => Auth.exchangeMagicLink(token)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("rejects forged and unknown tokens", async () => {
    await expect(Auth.exchangeMagicLink("not-a-token")).rejects.toBeInstanceOf(Unauthorized);
    const { token } = await Auth.issueSession("someone", "x@example.org");
    const forged = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    await expect(Auth.verifySession(forged)).rejects.toBeInstanceOf(Unauthorized);
  });

  it("gives admin@example.org the platform admin role", async () => {
    const { token } = await Auth.issueSession("p1", "admin@example.org");
    expect((await Auth.verifySession(token)).roles).toContain("platform_admin");
  });

  it("rate-limits links per address, even when requests arrive at once", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => Auth.requestMagicLink("flood@example.org")),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(TooMany);
    expect(await Mail.listFor("flood@example.org", 50)).toHaveLength(5);
    // Another address is not affected.
    await expect(Auth.requestMagicLink("calm@example.org")).resolves.toBeUndefined();
  });
});

describe("people", () => {
  it("creates one person per address under concurrent sign-ups", async () => {
    const people = await Promise.all(Array.from({ length: 25 }, () => People.findOrCreateByEmail("twin@example.org")));
    expect(new Set(people.map((p) => p.id)).size).toBe(1);
  });
});
