import type { Matrix2 } from './matrices.js';

/**
 * An exact n-qubit pure state: 2^n complex amplitudes held as two
 * Float64Arrays (real and imaginary parts split, so the inner loops touch
 * contiguous memory). Qubit k is bit k of the basis-state index.
 *
 * The amplitudes are the node's private quantum state: nothing in the agent
 * ever puts them on the wire — only sampled measurement counts leave.
 */
export class StateVector {
  readonly qubits: number;
  readonly re: Float64Array;
  readonly im: Float64Array;

  /** |0…0⟩ on `qubits` qubits. The caller has checked the qubit limit. */
  constructor(qubits: number) {
    this.qubits = qubits;
    const size = 2 ** qubits;
    this.re = new Float64Array(size);
    this.im = new Float64Array(size);
    this.re[0] = 1;
  }

  get size(): number {
    return this.re.length;
  }

  /**
   * Applies a 2×2 unitary to `target`, on the basis states where every bit of
   * `controlMask` is set (0 = uncontrolled).
   */
  apply(m: Matrix2, target: number, controlMask = 0): void {
    const [ar, ai, br, bi, cr, ci, dr, di] = m as unknown as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const { re, im } = this;
    const bit = 1 << target;
    const size = re.length;
    for (let block = 0; block < size; block += bit << 1) {
      for (let i = block; i < block + bit; i++) {
        if ((i & controlMask) !== controlMask) continue;
        const j = i | bit;
        const xr = re[i]!;
        const xi = im[i]!;
        const yr = re[j]!;
        const yi = im[j]!;
        re[i] = ar * xr - ai * xi + br * yr - bi * yi;
        im[i] = ar * xi + ai * xr + br * yi + bi * yr;
        re[j] = cr * xr - ci * xi + dr * yr - di * yi;
        im[j] = cr * xi + ci * xr + dr * yi + di * yr;
      }
    }
  }

  /** Exchanges qubits `a` and `b` on the basis states where `controlMask` is set. */
  swap(a: number, b: number, controlMask = 0): void {
    const { re, im } = this;
    const bitA = 1 << a;
    const bitB = 1 << b;
    for (let i = 0; i < re.length; i++) {
      // Visit each pair once: from the member with bit a set and bit b clear.
      if ((i & bitA) === 0 || (i & bitB) !== 0 || (i & controlMask) !== controlMask) continue;
      const j = (i & ~bitA) | bitB;
      const tr = re[i]!;
      const ti = im[i]!;
      re[i] = re[j]!;
      im[i] = im[j]!;
      re[j] = tr;
      im[j] = ti;
    }
  }

  /** Probability of each basis state, |amplitude|². */
  probabilities(): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < out.length; i++) out[i] = this.re[i]! ** 2 + this.im[i]! ** 2;
    return out;
  }

  /** Σ |amplitude|², 1 for a valid state up to rounding. */
  norm(): number {
    let sum = 0;
    for (let i = 0; i < this.size; i++) sum += this.re[i]! ** 2 + this.im[i]! ** 2;
    return sum;
  }
}
