/**
 * The result of a single-source search: trust from one observer to every quid, with
 * paths, confidence and verification gaps materialised lazily per target.
 */

import type { Quid } from '@qcos/identity';
import type { TrustGraph } from './graph.js';
import type { TrustPass } from './layered-trust-search.js';
import {
  confidenceOf,
  type RelationalTrust,
  type ResolvedQuery,
  type VerificationGap,
} from './trust-query.js';

/** Trust from one observer to every quid, as computed at one `now`. */
export class SingleSourceTrust {
  /** @internal */
  constructor(
    private readonly graph: TrustGraph,
    readonly observer: Quid,
    private readonly observerIndex: number,
    readonly query: ResolvedQuery,
    /** @internal */ readonly pass: TrustPass,
    /** @internal */ readonly discountPass: TrustPass | undefined,
  ) {}

  /** Earliest and (exclusive) latest `now` for which this result is still exact. */
  get validFrom(): number {
    return Math.max(this.pass.lo, this.discountPass?.lo ?? Number.NEGATIVE_INFINITY);
  }
  get validUntil(): number {
    return Math.min(this.pass.hi, this.discountPass?.hi ?? Number.POSITIVE_INFINITY);
  }
  validAt(now: number): boolean {
    return now >= this.validFrom && now < this.validUntil;
  }

  /** True when a change to an out-edge of node `index` could alter this result. @internal */
  dependsOnSource(index: number): boolean {
    // A quid new to the graph since this search was unreachable, unless it is the observer
    // itself (absent from the graph at the time, so it expanded nothing yet).
    if (index >= this.pass.firstReach.length) return this.graph.quids[index] === this.observer;
    const limit = this.query.maxDepth;
    const a = this.pass.firstReach;
    if (index < a.length && (a[index] as number) < limit) return true;
    const b = this.discountPass?.firstReach;
    return b !== undefined && index < b.length && (b[index] as number) < limit;
  }

  /** Trust level in `target` (0 when unreachable). */
  trustIn(target: string): number {
    if (target === this.observer) return 1;
    const i = this.graph.nodeIndex.get(target);
    if (i === undefined || i >= this.pass.value.length) return 0;
    return this.pass.value[i] as number;
  }

  /** Number of quids with a positive trust (the observer included). */
  get reachedCount(): number {
    let c = 0;
    for (const x of this.pass.value) if (x > 0) c++;
    return this.observerIndex < 0 ? c + 1 : c;
  }

  /** Every reached quid and its trust level, by node index order. */
  *entries(): IterableIterator<[Quid, number]> {
    if (this.observerIndex < 0) yield [this.observer, 1];
    const { value } = this.pass;
    for (let i = 0; i < value.length; i++) {
      const t = value[i] as number;
      if (t > 0) yield [this.graph.quids[i] as Quid, t];
    }
  }

  /** The full answer for one target: level, path, confidence and verification gaps. */
  resultFor(target: string): RelationalTrust {
    if (target === this.observer) {
      return {
        trustLevel: 1,
        path: [this.observer],
        depth: 0,
        confidence: 'high',
        unverifiedHops: 0,
        gaps: [],
      };
    }
    const i = this.graph.nodeIndex.get(target);
    const { value, hops, preds, predValidator } = this.pass;
    if (i === undefined || i >= value.length || value[i] === 0) {
      return { trustLevel: 0, path: [], depth: 0, confidence: 'low', unverifiedHops: 0, gaps: [] };
    }
    const { quids, from } = this.graph;
    const depth = hops[i] as number;
    const path: Quid[] = new Array(depth + 1);
    const gaps: VerificationGap[] = [];
    let cur = i;
    for (let h = depth; h >= 1; h--) {
      const e = (preds[h - 1] as Int32Array)[cur] as number;
      const prev = from[e] as number;
      path[h] = quids[cur] as Quid;
      const validator = predValidator ? ((predValidator[h - 1] as Int32Array)[cur] as number) : -1;
      if (validator >= 0) {
        gaps.push({
          from: quids[prev] as Quid,
          to: quids[cur] as Quid,
          validator: quids[validator] as Quid,
          validatorTrust: this.discountPass
            ? ((this.discountPass.value[validator] as number) ?? 0)
            : 0,
        });
      }
      cur = prev;
    }
    path[0] = this.observer;
    gaps.reverse();
    return {
      trustLevel: value[i] as number,
      path,
      depth,
      confidence: confidenceOf(gaps.length, true),
      unverifiedHops: gaps.length,
      gaps,
    };
  }
}
