/** What a route's institution admins see of its participants: the generic enrolment list, as rows and CSV. */
import { stringify } from "csv-stringify/sync";
import type { Actor } from "../actor";
import { spreadsheetSafe } from "../courses/admin";
import * as Enrolment from "../enrolment";
import { NotFound } from "../errors";
import * as Institutions from "../institutions";
import { toMajor } from "../money";
import * as Offerings from "../offerings";
import * as People from "../people";
import { routeKind } from "./kind";

export type RouteEnrolmentRow = {
  id: string;
  personId: string;
  name: string;
  email: string;
  country: string;
  pricingGroup: string;
  status: Enrolment.EnrolmentStatus;
  waitlistPosition: number | null;
  price: string;
  enrolledAt: string;
};

export async function routeEnrolments(actor: Actor, routeId: string): Promise<RouteEnrolmentRow[]> {
  const route = await Offerings.get(routeKind.kind, routeId);
  if (!route) throw new NotFound(routeKind.notFoundName);
  await Institutions.requireAdmin(actor, route.institutionId);
  const enrolments = await Enrolment.listForOffering(routeKind.kind, routeId);
  const people = await People.getMany(enrolments.map((e) => e.personId));
  return enrolments
    .map((e) => {
      const p = people.get(e.personId);
      return {
        id: e.id,
        personId: e.personId,
        name: p?.name ?? "",
        email: e.email,
        country: p?.country ?? "",
        pricingGroup: People.pricingGroupOf(p?.country, p?.organisationType),
        status: e.status,
        waitlistPosition: e.waitlistPosition ?? null,
        price: e.price ? `${toMajor(e.price.amount, e.price.currency)} ${e.price.currency}` : "free",
        enrolledAt: e.createdAt,
      };
    })
    .sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0) || a.enrolledAt.localeCompare(b.enrolledAt));
}

export function toCsv(rows: RouteEnrolmentRow[]): string {
  return stringify(rows, {
    header: true,
    columns: Object.keys(rows[0] ?? { id: "" }),
    cast: { string: spreadsheetSafe },
  });
}
