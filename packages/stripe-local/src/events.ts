// Every state change the platform reacts to becomes a Stripe event: stored for /v1/events, snapshotted at creation, and handed to the webhook sender.
import type Stripe from "stripe";
import { newId, nowSeconds } from "./ids";
import type { Store } from "./state";
import type { WebhookSender } from "./webhooks";

/** The API version events are rendered in: the one the stripe 23.1.0 SDK pins. */
export const API_VERSION = "2026-10-28.endive";

export type EventType = Stripe.Event["type"];
type EventOf<T extends EventType> = Extract<Stripe.Event, { type: T }>;
export type RequestInfo = { id: string | null; idempotency_key: string | null };

export class Events {
  constructor(
    private readonly store: Store,
    private readonly sender: WebhookSender,
  ) {}

  emit<T extends EventType>(
    type: T,
    object: EventOf<T>["data"]["object"],
    request: RequestInfo | null,
    extra: { previous_attributes?: EventOf<T>["data"]["previous_attributes"]; account?: string } = {},
  ): EventOf<T> {
    const event = {
      id: newId.event(),
      object: "event",
      ...(extra.account ? { account: extra.account } : {}),
      api_version: API_VERSION,
      created: nowSeconds(),
      data: {
        object: structuredClone(object),
        ...(extra.previous_attributes ? { previous_attributes: extra.previous_attributes } : {}),
      },
      livemode: false,
      pending_webhooks: this.sender.endpoint ? 1 : 0,
      request: request ?? { id: null, idempotency_key: null },
      type,
    } as unknown as EventOf<T>;
    this.store.events.push(event);
    this.store.eventsById.set(event.id, event);
    this.sender.enqueue(event);
    return event;
  }
}
