/**
 * Learning Routes, hosts and payouts through the app's typed client. Those API routes land on
 * other branches (plan of issue 10): until they are merged, `AppType` does not know them, so this
 * module states their shapes once, from the contract, and hands pages the same `api` proxy typed
 * with them. Once merged, replace `Contract` by `typeof api` and each shape below by an
 * `InferResponseType` of its route (as courses/types.ts does): the calls need not change.
 */
import type { ClientResponse } from "hono/client";
import { api } from "../api/client";
import type { Localized } from "../format";

export type Money = { amount: number; currency: string };
export type Group = "standard" | "reduced" | "community";
export type Price = Money & { group: Group };
export type FeeShare = { party: string; basisPoints: number };
export type HostKind = "organisation" | "talent";
export type HostSummary = { id: string; name: string; kind: HostKind; country: string; region?: string };
export type Host = HostSummary & {
  organisationType?: "community" | "association" | "cooperative" | "municipality";
  languages?: string[];
  topics?: string[];
  expertise?: Localized | string;
  achievements?: Localized;
  figures?: { label: Localized; value: string }[];
  photo?: { url: string; width: number; height: number; bytes: number };
  createdAt: string;
};
export type Stop = { day: number; hostId: string; place: string; title: Localized; activity?: Localized };
export type RouteView = {
  id: string;
  institutionId: string;
  title: Localized;
  summary?: Localized;
  topics: string[];
  countries: string[];
  startDate: string;
  endDate: string;
  enrolmentDeadline: string;
  capacity: number;
  seatsLeft: number;
  status: "draft" | "published";
  prices: Price[];
  feeShares: FeeShare[];
  /** The signed-in person's price; null when the route is free for them. */
  price?: Money | null;
  firstPaidAt?: string;
  stops: (Stop & { host?: HostSummary | null })[];
};
export type RouteInput = {
  institutionId: string;
  title: Localized;
  summary?: Localized;
  topics?: string[];
  countries: string[];
  startDate: string;
  endDate: string;
  capacity: number;
  enrolmentDeadline?: string;
  stops: Stop[];
  prices: Price[];
  feeShares: FeeShare[];
};
export type StatementEntry = {
  createdAt: string;
  kind: "share" | "reversal" | "payout";
  amount: Money;
  postingId: string;
  enrolmentId?: string;
  paymentIntentId?: string;
  refundId?: string;
  payoutId?: string;
  method?: PayoutMethod;
  reference?: string;
  offering?: { kind: string; id: string; title?: Localized };
  memo: string;
};
export type Statement = {
  hostId: string;
  party: string;
  currency: string;
  currencies: string[];
  owed: Money;
  paid: Money;
  due: Money;
  entries: StatementEntry[];
};
export type PayoutMethod = "stripe" | "bank_transfer" | "mobile_money" | "cash";
export const METHODS: PayoutMethod[] = ["bank_transfer", "mobile_money", "cash", "stripe"];
/** What a run uses for hosts Stripe cannot pay. */
export type ManualMethod = Exclude<PayoutMethod, "stripe">;
export type Payout = {
  id: string;
  party: string;
  amount: Money;
  method: PayoutMethod;
  reference?: string | null;
  status: "paid";
  transferId?: string;
  createdAt: string;
};
export type PayoutRun = {
  id: string;
  currency: string;
  status: "running" | "done";
  total: number;
  done: number;
  paid: { party: string; amount: Money; payoutId: string; method: PayoutMethod }[];
  skipped: { party: string; reason: string }[];
  failed: { party: string; reason: string }[];
};
export type RouteEnrolment = { routeId?: string };

type Res<T, S extends 200 | 201 = 200> = Promise<ClientResponse<T, S, "json">>;
type Id = { param: { id: string } };
type CsvPath<Q> = { $path: (a: Id & { query: Q }) => string };
type Items<T> = { items: T[]; nextCursor?: string | null };

export type Contract = {
  routes: {
    $get: (a: { query: { country?: string; topic?: string; cursor?: string } }) => Res<Items<RouteView>>;
    $post: (a: { json: RouteInput }) => Res<RouteView, 201>;
    ":id": {
      $get: (a: Id) => Res<RouteView>;
      $patch: (a: Id & { json: Partial<Omit<RouteInput, "institutionId">> }) => Res<RouteView>;
      publish: { $post: (a: Id) => Res<RouteView> };
      enrolments: {
        $post: (a: Id) => Res<{ id: string; status: string; price?: Money | null }, 201>;
        /** The same rows as a cohort's enrolments (the route answers CSV too). */
        $get: (a: Id & { query: Record<string, never> }) => Res<{ items: unknown[] }>;
      } & CsvPath<{ format: "csv" }>;
    };
  };
  hosts: {
    $get: (a: { query: { country?: string; cursor?: string } }) => Res<Items<Host>>;
    $post: (a: {
      json: { name: string; kind: HostKind; country: string; region?: string } & Partial<Host>;
    }) => Res<Host, 201>;
    ":id": {
      $get: (a: Id) => Res<Host>;
      routes: { $get: (a: Id) => Res<Items<RouteView>> };
      members: { $post: (a: Id & { json: { email: string } }) => Res<unknown, 201> };
      statement: { $get: (a: Id & { query: { currency?: string } }) => Res<Statement> } & CsvPath<{
        currency?: string;
        format: "csv";
      }>;
      connect: {
        $get: (a: Id) => Res<{ accountId?: string; ready: boolean }>;
        $post: (a: Id) => Res<{ url: string }>;
      };
    };
  };
  me: { hosts: { $get: () => Res<{ items: HostSummary[] }> } };
  institutions: { ":id": { routes: { $get: (a: Id) => Res<Items<RouteView>> } } };
  payouts: {
    $get: (a: { query: { party?: string; cursor?: string } }) => Res<Items<Payout>>;
    $post: (a: {
      json: { party: string; amount: Money; method: PayoutMethod; reference?: string; routeId?: string };
      header: { "idempotency-key": string };
    }) => Res<Payout, 201>;
    $path: (a: { query: { party?: string; format: "csv" } }) => string;
  };
  "payout-runs": {
    $post: (a: { json: { currency: string; method?: ManualMethod; reference?: string } }) => Res<PayoutRun, 201>;
    ":id": {
      $get: (a: Id) => Res<PayoutRun>;
      step: { $post: (a: Id & { json: { count?: number } }) => Res<PayoutRun> };
    };
  };
};

export const routesApi = api as unknown as Contract;

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
