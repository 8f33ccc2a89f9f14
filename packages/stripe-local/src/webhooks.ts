// Webhook delivery as Stripe does it: JSON POST signed `t=<unix>,v1=<HMAC-SHA256("t.body")>`, first attempts in creation order, retries on failure with backoff, every attempt recorded.
import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type Stripe from "stripe";
import { nowSeconds } from "./ids";

/** Stripe's signature header for `payload` (the exact bytes sent) at time `t`. */
export function signatureHeader(payload: string, secret: string, t = nowSeconds()): string {
  const v1 = createHmac("sha256", secret).update(`${t}.${payload}`, "utf8").digest("hex");
  return `t=${t},v1=${v1}`;
}

export type Delivery = {
  eventId: string;
  type: string;
  /** 1 for the first delivery of an event, then 2, 3 … for retries and resends. */
  attempt: number;
  /** The endpoint's HTTP status; 0 when it could not be reached or timed out. */
  status: number;
  error?: string;
};

export type SenderOptions = {
  url?: string;
  secret: string;
  retryDelaysMs: number[];
  timeoutMs: number;
  log?: (line: string) => void;
};

export class WebhookSender {
  private url: string | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly requests = new Set<http.ClientRequest>();
  private readonly attempts = new Map<string, number>();
  /** The body is fixed at the first attempt, so retries and resends carry the same bytes (only the signature's timestamp changes). */
  private readonly payloads = new Map<string, string>();
  readonly log: Delivery[] = [];
  private closed = false;

  constructor(private readonly opts: SenderOptions) {
    this.url = opts.url;
  }

  get endpoint(): string | undefined {
    return this.url;
  }

  setUrl(url: string | undefined): void {
    this.url = url;
  }

  /** Queues an event's first delivery behind every earlier event's first delivery; retries run on their own timers. */
  enqueue(event: Stripe.Event): void {
    if (!this.url || this.closed) return;
    this.chain = this.chain.then(() => this.attempt(event, 0));
  }

  /** Delivers an event once more, now, whatever happened before (duplicate-delivery tests). */
  async resend(event: Stripe.Event): Promise<number> {
    return this.send(event);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const r of this.requests) r.destroy();
    await this.chain.catch(() => undefined);
  }

  private async attempt(event: Stripe.Event, retriesDone: number): Promise<void> {
    if (this.closed) return;
    const status = await this.send(event);
    if (status >= 200 && status < 300) return;
    const delay = this.opts.retryDelaysMs[retriesDone];
    if (delay === undefined || this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(event, retriesDone + 1);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private async send(event: Stripe.Event): Promise<number> {
    const url = this.url;
    const attempt = (this.attempts.get(event.id) ?? 0) + 1;
    this.attempts.set(event.id, attempt);
    let status = 0;
    let error: string | undefined;
    if (!url) {
      error = "no webhook URL";
    } else {
      const payload = this.payloads.get(event.id) ?? JSON.stringify(event, null, 2);
      this.payloads.set(event.id, payload);
      try {
        status = await this.post(url, payload, signatureHeader(payload, this.opts.secret));
      } catch (err) {
        error = (err as Error).message || String(err);
      }
    }
    if (status >= 200 && status < 300) event.pending_webhooks = 0;
    const delivery: Delivery = { eventId: event.id, type: event.type, attempt, status, ...(error ? { error } : {}) };
    this.log.push(delivery);
    this.opts.log?.(`webhook ${event.type} ${event.id} attempt ${attempt} → ${status || error}`);
    return status;
  }

  private post(target: string, payload: string, signature: string): Promise<number> {
    const u = new URL(target);
    const lib = u.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(
        u,
        {
          method: "POST",
          agent: false,
          timeout: this.opts.timeoutMs,
          headers: {
            "Content-Type": "application/json; charset=utf-8",
            "Content-Length": Buffer.byteLength(payload),
            "Stripe-Signature": signature,
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            "Cache-Control": "no-cache",
            Accept: "*/*; q=0.5, application/xml",
            Connection: "close",
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
          res.on("error", reject);
        },
      );
      this.requests.add(req);
      req.on("close", () => this.requests.delete(req));
      req.on("timeout", () => req.destroy(new Error(`timed out after ${this.opts.timeoutMs} ms`)));
      req.on("error", reject);
      req.end(payload);
    });
  }
}
