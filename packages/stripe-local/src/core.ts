// What every operation needs: the state, the event log, and the public base URL (pages and redirects are built from it).
import type { Events } from "./events";
import type { Store } from "./state";

export type Core = { store: Store; events: Events; publicUrl: string };
