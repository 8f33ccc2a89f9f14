/**
 * Reading the API from a page: `read` turns a typed response into its success
 * body or throws a Failure carrying the problem; `useLoad` runs a read when its
 * inputs change and keeps the last data while it reloads.
 */
import type { ClientResponse } from "hono/client";
import { useEffect, useRef, useState } from "preact/hooks";
import { type Problem, problemOf } from "./problem";

export class Failure extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title);
  }
}

/** The body of a 2xx answer, typed from the route; anything else throws a Failure. */
type OkBody<R> = R extends ClientResponse<infer T, infer S, infer _F> ? (S extends 200 | 201 ? T : never) : never;

export async function read<R extends ClientResponse<unknown, number, any>>(res: R): Promise<OkBody<R>> {
  if (res.ok) return (await res.json()) as OkBody<R>;
  throw new Failure(res.status, await problemOf(res));
}

/** A Failure, or "network" when the request never got an answer. */
export type Failed = Failure | "network";
export const failedOf = (err: unknown): Failed => (err instanceof Failure ? err : "network");

export type Load<T> = { data?: T; failed?: Failed; loading: boolean; reload: () => void; set: (data: T) => void };

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Load<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [failed, setFailed] = useState<Failed | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const mine = ++latest.current;
    setLoading(true);
    load().then(
      (d) => {
        if (mine !== latest.current) return;
        setData(d);
        setFailed(undefined);
        setLoading(false);
      },
      (err) => {
        if (mine !== latest.current) return;
        setFailed(failedOf(err));
        setLoading(false);
      },
    );
  }, [...deps, round]);
  return { data, failed, loading, reload: () => setRound((n) => n + 1), set: setData };
}
