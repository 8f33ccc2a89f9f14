/** Publication shapes as the API sends them (inferred from its routes: they cannot drift). */
import type { InferResponseType } from "hono/client";
import type { api } from "../api/client";

export type PublicationView = InferResponseType<(typeof api.publications)[":id"]["$get"], 200>;
