/** What a route's institution admins see of its participants: the generic enrolment list, as rows and CSV. */
import { stringify } from "csv-stringify/sync";
import type { Actor } from "../actor";
import { spreadsheetSafe } from "../courses/admin";
import * as Enrolment from "../enrolment";
import { NotFound } from "../errors";
import * as Institutions from "../institutions";
import * as Offerings from "../offerings";
import { routeKind } from "./kind";

export type RouteEnrolmentRow = Enrolment.RosterRow;

export async function routeEnrolments(actor: Actor, routeId: string): Promise<RouteEnrolmentRow[]> {
  const route = await Offerings.get(routeKind.kind, routeId);
  if (!route) throw new NotFound(routeKind.notFoundName);
  await Institutions.requireAdmin(actor, route.institutionId);
  return Enrolment.roster(routeKind.kind, routeId);
}

export function toCsv(rows: RouteEnrolmentRow[]): string {
  return stringify(rows, {
    header: true,
    columns: Object.keys(rows[0] ?? { id: "" }),
    cast: { string: spreadsheetSafe },
  });
}
