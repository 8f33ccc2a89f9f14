/**
 * Who is signed in, asked once per visit (GET /api/auth/session, which answers a
 * visitor {user: null} where GET /api/me would log a failed 401) and shared by the header
 * and the pages that change with it. undefined: not known yet (or offline);
 * null: signed out. Sign-in, profile saves and sign-out update it; an answer to
 * an older question never overwrites a newer one.
 */
import type { InferResponseType } from "hono/client";
import { useEffect, useState } from "preact/hooks";
import { api } from "./api/client";

export type Me = InferResponseType<typeof api.me.$get, 200>;
export type MeState = Me | null | undefined;

let current: MeState;
let asked: Promise<MeState> | undefined;
let generation = 0;
const listeners = new Set<(me: MeState) => void>();

function apply(me: Me | null) {
  current = me;
  for (const l of listeners) l(me);
}

/** What a page learnt itself (the profile after GET or PATCH /api/me, null after signing out). */
export function setMe(me: Me | null) {
  generation++;
  apply(me);
}

/** Asks the API again, e.g. right after signing in. */
export function refreshMe(): Promise<MeState> {
  const mine = ++generation;
  asked = api.auth.session.$get().then(
    async (res) => {
      // The web sends no Bearer, so no 401 is expected here; were one to come, it means signed out.
      const me = res.ok ? (await res.json()).user : (res.status as number) === 401 ? null : current;
      if (me === undefined)
        asked = undefined; // a server error: ask again on the next page
      else if (mine === generation) apply(me);
      return current;
    },
    () => {
      asked = undefined; // offline: still unknown; the next page asks again
      return current;
    },
  );
  return asked;
}

export function useMe(): MeState {
  const [me, setLocal] = useState(current);
  useEffect(() => {
    listeners.add(setLocal);
    if (current === undefined && !asked) void refreshMe();
    else setLocal(current);
    return () => void listeners.delete(setLocal);
  }, []);
  return me;
}
