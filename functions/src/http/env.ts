import type { ActorT } from "@rutas/core";

/** What middleware puts in the Hono context for the handlers. */
export type Env = {
  Variables: {
    actor: ActorT;
    requestId: string;
    authVia: "cookie" | "bearer" | "none";
  };
};
