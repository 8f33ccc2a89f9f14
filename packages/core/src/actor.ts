/**
 * Who is acting. Every core verb takes an actor and checks rights itself, so a
 * second transport (a scheduled job, a CLI, a Lambda) cannot skip a check.
 */
import { Forbidden, Unauthorized } from "./errors";

export type Role = "participant" | "platform_admin";
/**
 * `requestId` is the transport's id for the request that carries the action (the HTTP layer's
 * X-Request-Id), recorded in the audit trail; core never reads anything else of the transport.
 */
export type PersonActor = { kind: "person"; id: string; email: string; roles: Role[]; requestId?: string };
export type Actor = PersonActor | { kind: "system"; requestId?: string } | { kind: "anonymous"; requestId?: string };

export const system: Actor = { kind: "system" };
export const anonymous: Actor = { kind: "anonymous" };

export function requirePerson(actor: Actor): PersonActor {
  if (actor.kind !== "person") throw new Unauthorized();
  return actor;
}

export function isPlatformAdmin(actor: Actor): boolean {
  return actor.kind === "system" || (actor.kind === "person" && actor.roles.includes("platform_admin"));
}

export function requirePlatformAdmin(actor: Actor): void {
  if (actor.kind === "anonymous") throw new Unauthorized();
  if (!isPlatformAdmin(actor)) throw new Forbidden("Only a platform admin may do this.");
}
