/**
 * The complementary error function, for the Gaussian timing jitter of link-timing.ts.
 * Chebyshev fit of Numerical Recipes (Press et al., 3rd ed., §6.2.2, `erfccheb`'s predecessor
 * `erfcc`): fractional error below 1.2·10⁻⁷ everywhere, which is far below the precision of
 * any jitter figure a detector datasheet gives.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  // Stryker disable next-line EqualityOperator: equivalent, at x = 0 both branches give 1
  return x >= 0 ? r : 2 - r;
}

/** Standard normal cumulative distribution Φ(x) = erfc(−x/√2)/2. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}
