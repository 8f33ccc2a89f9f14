/**
 * Checks a fee plan as a whole (decision 0008): basis points are whole, sum to 10 000, each party
 * once, every party in a known form, every named host registered. Problems are returned, not
 * thrown, so a capability reports them together with its own fields' mistakes.
 */
import * as Hosts from "../hosts";
import type { Share } from "../ledger/split";

export type Problem = { path: string; message: string };

const PARTY = /^(operator|solidarity_fund|institution|institution:[0-9A-HJKMNP-TV-Z]{26}|host:[0-9A-HJKMNP-TV-Z]{26})$/;
const hostIdOf = (party: string) => (party.startsWith("host:") ? party.slice("host:".length) : null);

/** The problems of a plan whose `institution` is already made concrete (`planFor`). */
export async function feeShareProblems(plan: Share[], path = "feeShares"): Promise<Problem[]> {
  const errors: Problem[] = [];
  const total = plan.reduce((n, s) => n + s.basisPoints, 0);
  if (total !== 10_000) errors.push({ path, message: `Basis points must sum to 10000; they sum to ${total}.` });
  if (new Set(plan.map((s) => s.party)).size !== plan.length)
    errors.push({ path, message: "Each party appears once." });
  const hostIds = [...new Set(plan.map((s) => hostIdOf(s.party)).filter((h): h is string => !!h))];
  const known = new Set((await Promise.all(hostIds.map((h) => Hosts.get(h)))).flatMap((h) => (h ? [h.id] : [])));
  plan.forEach((s, i) => {
    const host = hostIdOf(s.party);
    if (!PARTY.test(s.party))
      errors.push({
        path: `${path}.${i}.party`,
        message: "A party is host:<id>, operator, solidarity_fund or institution:<id>.",
      });
    else if (host && !known.has(host))
      errors.push({ path: `${path}.${i}.party`, message: `No host ${host} is registered.` });
    if (!Number.isInteger(s.basisPoints) || s.basisPoints < 0)
      errors.push({ path: `${path}.${i}.basisPoints`, message: "Basis points are a whole number ≥ 0." });
  });
  return errors;
}
