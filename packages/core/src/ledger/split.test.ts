import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitAmount } from "./split";

/** Arbitrary valid plans: 1–8 parties whose basis points sum to 10 000. */
const plan = fc.array(fc.nat({ max: 10_000 }), { minLength: 0, maxLength: 7 }).map((cuts) => {
  const points = [0, ...cuts.sort((a, b) => a - b), 10_000];
  return points.slice(1).map((p, i) => ({ party: `p${i}`, basisPoints: p - points[i] }));
});
const amount = fc.oneof(fc.nat({ max: 1_000 }), fc.nat({ max: 100_000_000 }), fc.constant(Number.MAX_SAFE_INTEGER));

describe("splitAmount", () => {
  it("sums exactly to the amount", () => {
    fc.assert(
      fc.property(amount, plan, (a, p) => splitAmount(a, p).reduce((n, x) => n + x.amount, 0) === a),
      { numRuns: 5000 },
    );
  });

  it("keeps the parties in input order", () => {
    fc.assert(
      fc.property(amount, plan, (a, p) => splitAmount(a, p).every((x, i) => x.party === p[i].party)),
      { numRuns: 2000 },
    );
  });

  it("gives each party its floor or floor + 1 of the exact share", () => {
    fc.assert(
      fc.property(amount, plan, (a, p) =>
        splitAmount(a, p).every((x, i) => {
          const floor = Number((BigInt(a) * BigInt(p[i].basisPoints)) / 10_000n);
          return x.amount === floor || x.amount === floor + 1;
        }),
      ),
      { numRuns: 3000 },
    );
  });

  it("hands leftover cents to the largest remainders, ties to the earlier party", () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), plan, (a, p) => {
        const out = splitAmount(a, p);
        const rem = p.map((s) => Number((BigInt(a) * BigInt(s.basisPoints)) % 10_000n));
        const bumped = out.map((x, i) => x.amount - Number((BigInt(a) * BigInt(p[i].basisPoints)) / 10_000n) === 1);
        // No party without the extra cent has a larger remainder (or an equal one earlier in the list) than one with it.
        for (let i = 0; i < p.length; i++) {
          for (let j = 0; j < p.length; j++) {
            if (bumped[i] && !bumped[j] && (rem[j] > rem[i] || (rem[j] === rem[i] && j < i))) return false;
          }
        }
        return true;
      }),
      { numRuns: 3000 },
    );
  });

  it("splits known cases to the cent", () => {
    expect(
      splitAmount(100, [
        { party: "a", basisPoints: 3333 },
        { party: "b", basisPoints: 3333 },
        { party: "c", basisPoints: 3334 },
      ]),
    ).toEqual([
      { party: "a", amount: 33 },
      { party: "b", amount: 33 },
      { party: "c", amount: 34 },
    ]);
    // Equal remainders: the earlier party gets the cent.
    expect(
      splitAmount(1, [
        { party: "a", basisPoints: 5000 },
        { party: "b", basisPoints: 5000 },
      ]),
    ).toEqual([
      { party: "a", amount: 1 },
      { party: "b", amount: 0 },
    ]);
    expect(splitAmount(0, [{ party: "x", basisPoints: 10_000 }])).toEqual([{ party: "x", amount: 0 }]);
  });

  it("throws RangeError on bad input", () => {
    const ok = [{ party: "a", basisPoints: 10_000 }];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noInteger: true }),
          fc.integer({ max: -1 }),
          fc.constant(Number.NaN),
          fc.constant(Infinity),
        ),
        (bad) => {
          expect(() => splitAmount(bad, ok)).toThrow(RangeError);
          return true;
        },
      ),
      { numRuns: 500 },
    );
    expect(() => splitAmount(100, [{ party: "a", basisPoints: 9_999 }])).toThrow(RangeError);
    expect(() => splitAmount(100, [{ party: "a", basisPoints: 10_001 }])).toThrow(RangeError);
    expect(() =>
      splitAmount(100, [
        { party: "a", basisPoints: 10_500 },
        { party: "b", basisPoints: -500 },
      ]),
    ).toThrow(RangeError);
    expect(() =>
      splitAmount(100, [
        { party: "a", basisPoints: 5000.5 },
        { party: "b", basisPoints: 4999.5 },
      ]),
    ).toThrow(RangeError);
    expect(() => splitAmount(100, [])).toThrow(RangeError);
  });
});

describe("refund reversals", () => {
  it("leave every party at exactly zero however a payment is refunded in parts", async () => {
    const { paymentLines, refundLines } = await import("./index");
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        plan,
        fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 6 }),
        (amount, p, parts) => {
          const lines = [...paymentLines(amount, 0, p)];
          let refunded = 0;
          for (const part of parts) {
            const r = Math.min(part, amount - refunded);
            if (r <= 0) break;
            lines.push(...refundLines(refunded, r, p));
            refunded += r;
          }
          if (refunded < amount) lines.push(...refundLines(refunded, amount - refunded, p));
          const balance = new Map<string, number>();
          for (const l of lines)
            balance.set(l.account, (balance.get(l.account) ?? 0) + (l.side === "credit" ? l.amount : -l.amount));
          return p.every((s) => (balance.get(s.party) ?? 0) === 0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
