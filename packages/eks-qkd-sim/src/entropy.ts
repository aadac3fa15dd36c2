/** Binary Shannon entropy h(e) = −e log2 e − (1−e) log2(1−e), with h(0) = h(1) = 0. */
export function binaryEntropy(e: number): number {
  if (e <= 0 || e >= 1) return 0;
  return -e * Math.log2(e) - (1 - e) * Math.log2(1 - e);
}
