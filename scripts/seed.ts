/**
 * `npm run seed`: seeds the demo world into the dev database (.data/), starting
 * DynamoDB Local for the purpose. Stop `npm run dev` first (one process owns .data).
 */
import { resolve } from "node:path";
import { seed } from "./lib/seed-data";
import { startStack } from "./lib/stack";

const stack = await startStack({
  dbPath: resolve(import.meta.dirname, "../.data/dynamodb"),
  dynamoPort: Number(process.env.DYNAMODB_PORT ?? 8000),
});
try {
  const counts = await seed();
  console.log(
    `Seeded ${counts.institutions} institutions, ${counts.hosts} hosts, ${counts.participants} participants, ${counts.courses} courses, ${counts.routes} route, ${counts.exchangeOffers} exchange offers.`,
  );
} finally {
  await stack.stop();
}
