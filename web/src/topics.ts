/** The programme's topics with their names in EN/ES/FR (GET /api/topics, asked once per visit). */
import type { InferResponseType } from "hono/client";
import { useEffect, useState } from "preact/hooks";
import { api } from "./api/client";
import { read } from "./api/load";

export type Topic = InferResponseType<typeof api.topics.$get, 200>["items"][number];

let cached: Promise<Topic[]> | undefined;

export function useTopics(): Topic[] {
  const [topics, setTopics] = useState<Topic[]>([]);
  useEffect(() => {
    cached ??= api.topics
      .$get()
      .then(read)
      .then((r) => r.items)
      .catch((err) => {
        cached = undefined; // try again on the next page
        throw err;
      });
    cached.then(setTopics, () => undefined);
  }, []);
  return topics;
}
