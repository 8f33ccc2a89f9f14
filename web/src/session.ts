/**
 * Who is signed in, asked once per visit (GET /api/me) and shared by the header
 * and the pages that change with it. undefined: not known yet (or offline);
 * null: signed out. Sign-in, profile saves and sign-out update it.
 */
import type { InferResponseType } from "hono/client";
import { useEffect, useState } from "preact/hooks";
import { api } from "./api/client";

export type Me = InferResponseType<typeof api.me.$get, 200>;
export type MeState = Me | null | undefined;

let current: MeState;
let inflight: Promise<MeState> | undefined;
const listeners = new Set<(me: MeState) => void>();

export function setMe(me: Me | null) {
  current = me;
  for (const l of listeners) l(me);
}

export function refreshMe(): Promise<MeState> {
  return (inflight ??= api.me
    .$get()
    .then(
      async (res) => {
        if (res.ok) setMe(await res.json());
        else if ((res.status as number) === 401) setMe(null);
        return current;
      },
      () => current, // offline: still unknown; the next page asks again
    )
    .finally(() => (inflight = undefined)));
}

export function useMe(): MeState {
  const [me, setLocal] = useState(current);
  useEffect(() => {
    listeners.add(setLocal);
    if (current === undefined) void refreshMe();
    else setLocal(current);
    return () => void listeners.delete(setLocal);
  }, []);
  return me;
}
