/**
 * Test helpers for route tests: call the real app in-process (app.request) on the
 * per-file DynamoDB Local table, and sign people in through the real magic-link flow.
 */
import { createApp } from "../app";

export type Call = (
  method: string,
  path: string,
  opts?: { body?: unknown; token?: string; headers?: Record<string, string> },
) => Promise<{
  status: number;
  body: any;
  headers: Headers;
}>;

export function testClient(app = createApp({ log: () => {} })) {
  const call: Call = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers["Content-Type"] ??= "application/json";
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    const res = await app.request(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, headers: res.headers };
  };

  /** Signs in through the outbox, exactly as a person would. */
  async function signIn(email: string): Promise<{ token: string; user: any }> {
    const sent = await call("POST", "/api/auth/magic-link", { body: { email } });
    if (sent.status !== 202) throw new Error(`magic link: ${sent.status} ${JSON.stringify(sent.body)}`);
    const outbox = await call("GET", `/api/dev/outbox?to=${encodeURIComponent(email)}`);
    const token = new URL(outbox.body[0].link).searchParams.get("token");
    const session = await call("POST", "/api/auth/session", { body: { token } });
    if (session.status !== 200) throw new Error(`session: ${session.status}`);
    return session.body;
  }

  return { app, call, signIn };
}
