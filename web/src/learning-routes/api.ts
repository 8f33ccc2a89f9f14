/**
 * Learning Routes, hosts and payouts through the app's typed client: every shape here is inferred
 * from the API's own routes (as courses/types.ts does), so it cannot drift from what the server sends.
 */
import type { InferRequestType, InferResponseType } from "hono/client";
import { api } from "../api/client";

type Api = typeof api;
/** The JSON answer of routes that also answer CSV. */
type Json<T> = Extract<T, { entries: unknown } | { items: unknown }>;

export type RouteView = InferResponseType<Api["routes"][":id"]["$get"], 200>;
export type Stop = RouteView["stops"][number];
export type RouteInput = InferRequestType<Api["routes"]["$post"]>["json"];
export type StopInput = RouteInput["stops"][number];
export type TopicId = NonNullable<RouteInput["topics"]>[number];
export type Host = InferResponseType<Api["hosts"][":id"]["$get"], 200>;
export type HostKind = Host["kind"];
export type Statement = Json<InferResponseType<Api["hosts"][":id"]["statement"]["$get"], 200>>;
export type StatementEntry = Statement["entries"][number];
export type Payout = InferResponseType<Api["payouts"]["$post"], 201>;
export type PayoutList = Json<InferResponseType<Api["payouts"]["$get"], 200>>;
export type PayoutMethod = Payout["method"];
export const METHODS: PayoutMethod[] = ["bank_transfer", "mobile_money", "cash", "stripe"];
/** What a run uses for hosts Stripe cannot pay. */
export type ManualMethod = Exclude<PayoutMethod, "stripe">;
export type PayoutRun = InferResponseType<Api["payout-runs"][":id"]["$get"], 200>;
/** A route enrolment among "my enrolments" carries its route's id. */
export type RouteEnrolment = { routeId?: string };

export const routesApi = api;

/** The photo goes as the raw image (PUT /api/hosts/:id/photo), not as JSON. */
export async function uploadPhoto(hostId: string, file: File): Promise<Response> {
  return fetch(`/api/hosts/${encodeURIComponent(hostId)}/photo`, {
    method: "PUT",
    headers: { "Content-Type": file.type, "X-Rutas-CSRF": "1" },
    credentials: "same-origin",
    body: file,
  });
}

/** "host:01J…" → the host's id; anything else → undefined. */
export const hostOfParty = (party: string) => (party.startsWith("host:") ? party.slice(5) : undefined);
