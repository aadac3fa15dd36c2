/**
 * Exact comparison of products of doubles.
 *
 * Paths are ranked by the exact real product of their (binary64) levels, not by a rounded
 * product: rounding can make a worse prefix tie a better one and break the optimal
 * substructure the search relies on. The float product decides whenever it is clear by a
 * margin far above its error bound; this exact comparison settles the near-ties.
 */

const view = new DataView(new ArrayBuffer(8));

/** x = mantissa · 2^exponent for a positive normal double. */
function split(x: number): { m: bigint; e: number } {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { m: frac, e: -1074 };
  return { m: frac | (1n << 52n), e: biased - 1075 };
}

/** Sign of (∏a − ∏b) computed exactly; all factors must be positive finite doubles. */
export function compareExactProducts(a: readonly number[], b: readonly number[]): number {
  let ma = 1n;
  let ea = 0;
  for (const x of a) {
    const s = split(x);
    ma *= s.m;
    ea += s.e;
  }
  let mb = 1n;
  let eb = 0;
  for (const x of b) {
    const s = split(x);
    mb *= s.m;
    eb += s.e;
  }
  if (ea > eb) ma <<= BigInt(ea - eb);
  else if (eb > ea) mb <<= BigInt(eb - ea);
  return ma > mb ? 1 : ma < mb ? -1 : 0;
}

/**
 * Relative margin beyond which two float products of at most MAX_DEPTH_LIMIT factors
 * order the same way as their exact values (each is within 16·2^-53 of exact).
 */
export const FLOAT_ORDER_MARGIN = 1e-13;
