/**
 * A cache of single-source results that survives edge changes which cannot affect it.
 *
 * A result depends on an edge only if the search expanded the edge's source, i.e. reached
 * it in fewer than maxDepth edges (in either pass). The graph journals the source of each
 * change; before answering, the cache drops exactly the entries that expanded a changed
 * source, and keeps the rest. Entries also carry the `now` window over which no examined
 * edge expires, so time moving on does not flush them either.
 */
import type { TrustGraph } from './graph.js';
import { computeSingleSourceTrust } from './relational-trust.js';
import type { SingleSourceTrust } from './single-source-result.js';
import {
  checkQuid,
  type RelationalTrust,
  resolveQuery,
  type TrustQueryOptions,
} from './trust-query.js';

/** Entries kept by default (each holds O(maxDepth · N) memory, about 3 MB at 100k quids); the least recently used is evicted beyond this. */
export const DEFAULT_TRUST_CACHE_ENTRIES = 16;

export interface TrustCacheStats {
  readonly hits: number;
  readonly misses: number;
  /** Entries dropped because a change touched a source they expanded. */
  readonly invalidations: number;
  /** Times the change journal was outrun and everything was dropped. */
  readonly flushes: number;
  readonly size: number;
}

export class TrustCache {
  private readonly entries = new Map<string, SingleSourceTrust>();
  private seenVersion: number;
  private hits = 0;
  private misses = 0;
  private invalidations = 0;
  private flushes = 0;

  constructor(
    readonly graph: TrustGraph,
    private readonly maxEntries = DEFAULT_TRUST_CACHE_ENTRIES,
  ) {
    this.seenVersion = graph.version;
  }

  get stats(): TrustCacheStats {
    const { hits, misses, invalidations, flushes } = this;
    return { hits, misses, invalidations, flushes, size: this.entries.size };
  }

  /** Trust from `observer` to every quid, from the cache when still exact. */
  singleSource(observer: string, options: TrustQueryOptions): SingleSourceTrust {
    const obs = checkQuid(observer, 'observer');
    const q = resolveQuery(options);
    this.sync();
    const key = `${obs}|${q.maxDepth}|${q.includeUnverified ? 1 : 0}|${q.domain ?? ''}`;
    const hit = this.entries.get(key);
    if (hit?.validAt(q.now)) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit); // most recently used last
      return hit;
    }
    this.misses++;
    const fresh = computeSingleSourceTrust(this.graph, obs, q);
    this.entries.delete(key);
    this.entries.set(key, fresh);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return fresh;
  }

  /** Point query served from the observer's cached single-source result. */
  computeRelationalTrust(
    observer: string,
    target: string,
    options: TrustQueryOptions,
  ): RelationalTrust {
    const t = checkQuid(target, 'target');
    return this.singleSource(observer, options).resultFor(t);
  }

  /** Applies the graph's journal of changes since the last look. */
  private sync(): void {
    const version = this.graph.version;
    if (version === this.seenVersion) return;
    const changed = this.graph.changedSourcesSince(this.seenVersion);
    this.seenVersion = version;
    if (!changed) {
      this.flushes++;
      this.entries.clear();
      return;
    }
    for (const [key, entry] of this.entries) {
      for (const source of changed) {
        if (entry.dependsOnSource(source)) {
          this.entries.delete(key);
          this.invalidations++;
          break;
        }
      }
    }
  }
}
