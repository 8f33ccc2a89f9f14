/**
 * splitAmount: the one way money is shared (API.md "Core functions"). Largest
 * remainder method on integer minor units: each party gets the floor of its
 * exact share, and the cents left over go one each to the largest remainders,
 * ties to the earlier party. The parts always add up to the amount, to the cent.
 */
export type Share = { party: string; basisPoints: number };
export type Part = { party: string; amount: number };

export const TOTAL_BASIS_POINTS = 10_000;

export function splitAmount(amount: number, shares: Share[]): Part[] {
  if (!Number.isSafeInteger(amount) || amount < 0)
    throw new RangeError(`amount must be a non-negative integer, got ${amount}`);
  if (shares.length === 0) throw new RangeError("at least one share is needed");
  let sum = 0;
  for (const s of shares) {
    if (!Number.isInteger(s.basisPoints) || s.basisPoints < 0)
      throw new RangeError(`basis points of ${s.party} must be a non-negative integer`);
    sum += s.basisPoints;
  }
  if (sum !== TOTAL_BASIS_POINTS) throw new RangeError(`basis points must sum to ${TOTAL_BASIS_POINTS}, got ${sum}`);

  // Exact arithmetic: amount * bp is an integer; floor and remainder come from integer division.
  const parts = shares.map((s, index) => {
    const exact = BigInt(amount) * BigInt(s.basisPoints);
    return { index, party: s.party, amount: Number(exact / 10_000n), remainder: Number(exact % 10_000n) };
  });
  let left = amount - parts.reduce((n, p) => n + p.amount, 0);
  const byRemainder = [...parts].sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const p of byRemainder) {
    if (left === 0) break;
    p.amount += 1;
    left -= 1;
  }
  return parts.map(({ party, amount: a }) => ({ party, amount: a }));
}
