/**
 * The trust graph: quids joined by directed, levelled edges with provenance.
 *
 * Storage is struct-of-arrays (typed arrays indexed by edge id), an open-addressing
 * table from (truster, trustee) to edges, and a CSR traversal index with an overlay for
 * recent additions, so a 1M-edge graph costs a few tens of MB, an upsert is O(1)
 * amortised, and a search reads each node's out-edges from contiguous memory. Edge ids never change meaning: an edge is identified by
 * (truster, trustee, domain, verified), and an upsert rewrites its level and provenance
 * in place. Level 0 is kept (it is a revocation) but never traversed.
 */

import { isQuid, type Quid } from '@qcos/identity';
import { TrustGraphError } from './errors.js';
import {
  CHANGE_JOURNAL_LENGTH,
  MAX_DOMAIN_LENGTH,
  MAX_EDGES,
  MAX_NODES,
  MIN_POSITIVE_LEVEL,
} from './limits.js';

/** Trust domain used when an edge names none. */
export const DEFAULT_TRUST_DOMAIN = 'default';

const DOMAIN_RE = /^[\x21-\x7e]+$/;

export interface TrustEdgeInput {
  readonly truster: string;
  readonly trustee: string;
  /** Trust level in [0, 1]; 0 revokes. Non-zero levels must be ≥ MIN_POSITIVE_LEVEL. */
  readonly level: number;
  readonly domain?: string;
  /** True (default) for the verified registry: edges from blocks of trusted issuers. */
  readonly verified?: boolean;
  /** Quid of the validator (block issuer) that recorded the edge; required when unverified. */
  readonly validator?: string;
  /** Hash (hex) of the block the edge came from. */
  readonly sourceBlock?: string;
  /** When the edge was recorded, unix ms. */
  readonly timestamp?: number;
  /** The edge is ignored at and after this unix ms. */
  readonly validUntil?: number;
}

export interface TrustEdge {
  readonly truster: Quid;
  readonly trustee: Quid;
  readonly level: number;
  readonly domain: string;
  readonly verified: boolean;
  readonly validator: Quid | undefined;
  readonly sourceBlock: string | undefined;
  readonly timestamp: number;
  readonly validUntil: number | undefined;
}

const VERIFIED = 1;

/** Edge attributes by position; also implemented by the graph itself by edge id. @internal */
export interface EdgeColumns {
  readonly to: Int32Array;
  readonly level: Float64Array;
  readonly validUntil: Float64Array;
  readonly flags: Uint8Array;
  readonly domain: Int32Array;
  readonly validator: Int32Array;
  readonly twin: Int32Array;
}

/** CSR snapshot of the out-edges (see TrustGraph.traversalIndex). @internal */
export interface TraversalIndex extends EdgeColumns {
  readonly nodes: number;
  /** Out-edges of node u are positions offsets[u] … offsets[u+1]-1 (u < nodes). */
  readonly offsets: Int32Array;
  /** Edge id at each position. */
  readonly edge: Int32Array;
  /** Position of each edge id below `edge.length`; later edges are in the overlay. */
  readonly position: Int32Array;
  /** In-edges of node v: edge ids inEdge[inOffsets[v]] … inEdge[inOffsets[v+1]-1]. */
  readonly inOffsets: Int32Array;
  readonly inEdge: Int32Array;
}

function checkTime(value: number | undefined, field: string): void {
  if (value !== undefined && !Number.isSafeInteger(value)) {
    throw new TrustGraphError('INVALID_TIME', field, 'must be a safe integer (unix ms)');
  }
}

/** Throws INVALID_LEVEL unless `level` is 0 or in [MIN_POSITIVE_LEVEL, 1]. */
export function checkLevel(level: number, field = 'level'): void {
  if (typeof level !== 'number' || !(level === 0 || (level >= MIN_POSITIVE_LEVEL && level <= 1))) {
    throw new TrustGraphError('INVALID_LEVEL', field, `must be 0 or in [2^-32, 1], got ${level}`);
  }
}

export function checkDomain(domain: string, field = 'domain'): void {
  if (typeof domain !== 'string' || domain.length > MAX_DOMAIN_LENGTH || !DOMAIN_RE.test(domain)) {
    throw new TrustGraphError('INVALID_DOMAIN', field, 'must be 1..253 printable ASCII characters');
  }
}

export function checkQuid(value: unknown, field: string): Quid {
  if (!isQuid(value)) throw new TrustGraphError('INVALID_QUID', field, 'must be 16 lower-case hex');
  return value;
}

/**
 * `a` with room for at least `need` entries: itself when it has it, else a copy with
 * double the room (or `need`); new Int32Array slots hold -1 (no node, no edge). @internal
 */
export function grow<T extends Int32Array | Float64Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  next.set(a);
  if (next instanceof Int32Array) next.fill(-1, a.length);
  return next;
}

/** `n` node or edge ids, all -1 (none). */
function idArray(n: number): Int32Array {
  return new Int32Array(n).fill(-1);
}

export class TrustGraph {
  // Nodes.
  /** @internal */ readonly quids: Quid[] = [];
  /** @internal */ readonly nodeIndex = new Map<string, number>();
  // Edges.
  /** @internal */ from = idArray(16);
  /** @internal */ to = idArray(16);
  /** @internal */ level = new Float64Array(16);
  /** @internal */ validUntil = new Float64Array(16);
  /** @internal */ timestamp = new Float64Array(16);
  /** @internal */ flags = new Uint8Array(16);
  /** @internal */ validator = idArray(16);
  /** @internal */ domain = idArray(16);
  /** @internal */ pairNext = idArray(16);
  /** For an unverified edge, the verified edge with the same endpoints and domain (or -1). */
  /** @internal */ twin = idArray(16);
  // Stryker disable next-line ArrayDeclaration: equivalent — setEdge writes sourceBlock[e] before any read, so an extra leading entry is never read
  /** @internal */ sourceBlock: (string | undefined)[] = [];
  // Stryker disable next-line ArrayDeclaration: equivalent — domain ids only index this array (via domainIndex), so shifting every id by one changes no name
  /** @internal */ readonly domains: string[] = [];
  /** @internal */ readonly domainIndex = new Map<string, number>();
  /** Open-addressing table of the first edge of each (truster, trustee) pair (-1 = empty). */
  private pairSlots = idArray(64);
  private pairCount = 0;
  /** Traversal index, rebuilt lazily (see traversalIndex). */
  private csr: TraversalIndex | undefined;
  /** Edges added since the traversal index was built, per source node (linked by overlayNext). */
  /** @internal */ overlayHead = idArray(16);
  /** @internal */ overlayNext = idArray(16);
  /** Same overlay, by target node (linked by inOverlayNext). */
  /** @internal */ inOverlayHead = idArray(16);
  /** @internal */ inOverlayNext = idArray(16);
  private overlayCount = 0;
  private edges_ = 0;
  // Change journal: source-node index of every edge change, for incremental cache invalidation.
  private readonly journal = new Int32Array(CHANGE_JOURNAL_LENGTH);
  private version_ = 0;

  get nodeCount(): number {
    return this.quids.length;
  }
  get edgeCount(): number {
    return this.edges_;
  }
  /** Increases by one on every edge change. */
  get version(): number {
    return this.version_;
  }

  hasQuid(quid: string): boolean {
    return this.nodeIndex.has(quid);
  }

  /** Adds or replaces the edge keyed by (truster, trustee, domain, verified). */
  setEdge(input: TrustEdgeInput): TrustEdge {
    if (typeof input !== 'object' || input === null) {
      throw new TrustGraphError('INVALID_RECORD', 'edge', 'an edge is an object');
    }
    const truster = checkQuid(input.truster, 'truster');
    const trustee = checkQuid(input.trustee, 'trustee');
    if (truster === trustee)
      throw new TrustGraphError('SELF_EDGE', 'trustee', 'a quid cannot trust itself');
    checkLevel(input.level);
    const domain = input.domain ?? DEFAULT_TRUST_DOMAIN;
    checkDomain(domain);
    const verified = input.verified ?? true;
    if (typeof verified !== 'boolean') {
      throw new TrustGraphError('INVALID_RECORD', 'verified', 'must be a boolean');
    }
    const validator =
      input.validator === undefined ? undefined : checkQuid(input.validator, 'validator');
    if (!verified && validator === undefined) {
      throw new TrustGraphError(
        'MISSING_VALIDATOR',
        'validator',
        'an unverified edge needs its validator',
      );
    }
    checkTime(input.timestamp, 'timestamp');
    checkTime(input.validUntil, 'validUntil');
    if (input.sourceBlock !== undefined && !/^[0-9a-f]{1,128}$/.test(input.sourceBlock)) {
      throw new TrustGraphError('INVALID_RECORD', 'sourceBlock', 'must be lower-case hex');
    }
    // Every quid is interned before the edge is added: a GRAPH_FULL rejection must not
    // leave an edge behind (an unverified one without its validator).
    const a = this.intern(truster, 'truster');
    const b = this.intern(trustee, 'trustee');
    const v = validator === undefined ? -1 : this.intern(validator, 'validator');
    const d = this.internDomain(domain);
    const flag = verified ? VERIFIED : 0;
    let e = this.findEdge(a, b, d, flag);
    if (e < 0) e = this.appendEdge(a, b, d, flag);
    this.level[e] = input.level;
    this.validUntil[e] = input.validUntil ?? Number.POSITIVE_INFINITY;
    this.timestamp[e] = input.timestamp ?? 0;
    this.validator[e] = v;
    this.sourceBlock[e] = input.sourceBlock;
    // An indexed edge is patched in place; an edge added since the index was built is in
    // the overlay (its id is beyond the positions).
    const csr = this.csr;
    if (csr) {
      const p = csr.position[e] ?? -1;
      if (p >= 0) this.copyToIndex(csr, e, p);
    }
    this.journal[this.version_ % CHANGE_JOURNAL_LENGTH] = a;
    this.version_++;
    return this.edgeAt(e);
  }

  getEdge(
    truster: string,
    trustee: string,
    options: { readonly domain?: string; readonly verified?: boolean } = {},
  ): TrustEdge | undefined {
    // An unknown quid or domain is -1, which no stored edge has: findEdge gives -1.
    const a = this.nodeIndex.get(truster) ?? -1;
    const b = this.nodeIndex.get(trustee) ?? -1;
    const d = this.domainIndex.get(options.domain ?? DEFAULT_TRUST_DOMAIN) ?? -1;
    const e = this.findEdge(a, b, d, (options.verified ?? true) ? VERIFIED : 0);
    return e < 0 ? undefined : this.edgeAt(e);
  }

  /**
   * Live verified revocations (level-0 edges) naming `trustee`: who has withdrawn trust
   * in it at `now`, optionally in one domain. Feeds the `distrust` of classifyAcceptance.
   */
  revocationsOf(
    trustee: string,
    options: { readonly now: number; readonly domain?: string },
  ): TrustEdge[] {
    checkQuid(trustee, 'trustee');
    if (!Number.isSafeInteger(options?.now))
      throw new TrustGraphError('INVALID_TIME', 'now', 'must be a safe integer');
    if (options.domain !== undefined) checkDomain(options.domain);
    const b = this.nodeIndex.get(trustee);
    if (b === undefined) return [];
    const index = this.traversalIndex();
    // Stryker disable next-line ArrayDeclaration: equivalent — a non-numeric entry fails the level filter (this.level[x] is undefined) and is never returned
    const ids: number[] = [];
    // A quid added since the index was built has no entry there (end 0: no positions).
    const end = index.inOffsets[b + 1] ?? 0;
    for (let p = index.inOffsets[b] as number; p < end; p++) ids.push(index.inEdge[p] as number);
    for (let e = this.inOverlayHead[b] ?? -1; e >= 0; e = this.inOverlayNext[e] as number)
      ids.push(e);
    const d = options.domain === undefined ? -1 : (this.domainIndex.get(options.domain) ?? -2);
    return ids
      .filter(
        (e) =>
          this.level[e] === 0 &&
          this.isVerified(e) &&
          (this.validUntil[e] as number) > options.now &&
          (d === -1 || this.domain[e] === d),
      )
      .sort((x, y) => x - y)
      .map((e) => this.edgeAt(e));
  }

  /** Every edge, in insertion order. */
  *edges(): IterableIterator<TrustEdge> {
    for (let e = 0; e < this.edges_; e++) yield this.edgeAt(e);
  }

  /**
   * Source-node indices changed since `sinceVersion`, or undefined when the journal no
   * longer reaches that far back (the caller must then forget everything it derived).
   * @internal
   */
  changedSourcesSince(sinceVersion: number): Int32Array | undefined {
    const n = this.version_ - sinceVersion;
    if (n < 0 || n > CHANGE_JOURNAL_LENGTH) return undefined;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++)
      out[i] = this.journal[(sinceVersion + i) % CHANGE_JOURNAL_LENGTH] ?? 0;
    return out;
  }

  /** @internal */
  edgeAt(e: number): TrustEdge {
    const v = this.validator[e] ?? -1;
    const until = this.validUntil[e] ?? Number.POSITIVE_INFINITY;
    return {
      truster: this.quids[this.from[e] ?? 0] as Quid,
      trustee: this.quids[this.to[e] ?? 0] as Quid,
      level: this.level[e] ?? 0,
      domain: this.domains[this.domain[e] ?? 0] as string,
      verified: ((this.flags[e] ?? 0) & VERIFIED) !== 0,
      validator: v < 0 ? undefined : this.quids[v],
      sourceBlock: this.sourceBlock[e],
      timestamp: this.timestamp[e] ?? 0,
      validUntil: until === Number.POSITIVE_INFINITY ? undefined : until,
    };
  }

  /** @internal */
  isVerified(e: number): boolean {
    return ((this.flags[e] ?? 0) & VERIFIED) !== 0;
  }

  private intern(quid: Quid, field: string): number {
    const known = this.nodeIndex.get(quid);
    if (known !== undefined) return known;
    const i = this.quids.length;
    if (i >= MAX_NODES)
      throw new TrustGraphError('GRAPH_FULL', field, `more than ${MAX_NODES} quids`);
    this.quids.push(quid);
    this.nodeIndex.set(quid, i);
    return i;
  }

  private internDomain(domain: string): number {
    const known = this.domainIndex.get(domain);
    if (known !== undefined) return known;
    const i = this.domains.length;
    this.domains.push(domain);
    this.domainIndex.set(domain, i);
    return i;
  }

  private pairSlot(a: number, b: number): number {
    const mask = this.pairSlots.length - 1;
    let i = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & mask;
    for (;;) {
      const e = this.pairSlots[i] as number;
      if (e < 0 || (this.from[e] === a && this.to[e] === b)) return i;
      // Stryker disable next-line ArithmeticOperator: equivalent — insertion and lookup probe the same sequence; stepping down visits every slot as well
      i = (i + 1) & mask;
    }
  }

  private findEdge(a: number, b: number, d: number, flag: number): number {
    let e = this.pairSlots[this.pairSlot(a, b)] as number;
    while (e >= 0) {
      if (this.domain[e] === d && this.flags[e] === flag) return e;
      e = this.pairNext[e] ?? -1;
    }
    return -1;
  }

  private rehashPairs(): void {
    const old = this.pairSlots;
    this.pairSlots = idArray(old.length * 2);
    for (const e of old)
      if (e >= 0) this.pairSlots[this.pairSlot(this.from[e] as number, this.to[e] as number)] = e;
  }

  /**
   * The traversal index: a CSR snapshot (each node's out-edges contiguous, with their
   * attributes copied alongside) so a search reads memory sequentially, plus an overlay
   * list per node of the edges added since. Upserts of indexed edges patch the snapshot in
   * place; the snapshot is rebuilt, O(E), only once the overlay exceeds 1/8 of the edges,
   * so a single edge change never costs O(E).
   * @internal
   */
  traversalIndex(): TraversalIndex {
    if (this.csr && this.overlayCount <= Math.max(1024, this.edges_ >>> 3)) return this.csr;
    const n = this.quids.length;
    const m = this.edges_;
    const offsets = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) {
      const a = (this.from[e] as number) + 1;
      offsets[a] = (offsets[a] as number) + 1;
    }
    for (let i = 0; i < n; i++)
      offsets[i + 1] = (offsets[i + 1] as number) + (offsets[i] as number);
    const fill = offsets.slice(0, n);
    const inOffsets = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) {
      const b = (this.to[e] as number) + 1;
      inOffsets[b] = (inOffsets[b] as number) + 1;
    }
    for (let i = 0; i < n; i++)
      inOffsets[i + 1] = (inOffsets[i + 1] as number) + (inOffsets[i] as number);
    const inFill = inOffsets.slice(0, n);
    const inEdge = new Int32Array(m);
    for (let e = 0; e < m; e++) {
      const b = this.to[e] as number;
      const p = inFill[b] as number;
      inFill[b] = p + 1;
      inEdge[p] = e;
    }
    const cols: TraversalIndex = {
      inOffsets,
      inEdge,
      nodes: n,
      offsets,
      edge: new Int32Array(m),
      to: new Int32Array(m),
      level: new Float64Array(m),
      validUntil: new Float64Array(m),
      flags: new Uint8Array(m),
      domain: new Int32Array(m),
      validator: new Int32Array(m),
      twin: new Int32Array(m),
      position: new Int32Array(m),
    };
    for (let e = 0; e < m; e++) {
      const a = this.from[e] as number;
      const p = fill[a] as number;
      fill[a] = p + 1;
      cols.edge[p] = e;
      cols.position[e] = p;
      this.copyToIndex(cols, e, p);
    }
    this.overlayHead = idArray(n);
    this.inOverlayHead = idArray(n);
    this.overlayCount = 0;
    this.csr = cols;
    return cols;
  }

  private copyToIndex(cols: TraversalIndex, e: number, p: number): void {
    cols.to[p] = this.to[e] as number;
    cols.level[p] = this.level[e] as number;
    cols.validUntil[p] = this.validUntil[e] as number;
    cols.flags[p] = this.flags[e] as number;
    cols.domain[p] = this.domain[e] as number;
    cols.validator[p] = this.validator[e] as number;
    cols.twin[p] = this.twin[e] as number;
  }

  private appendEdge(a: number, b: number, d: number, flag: number): number {
    const e = this.edges_;
    if (e >= MAX_EDGES)
      throw new TrustGraphError('GRAPH_FULL', 'trustee', `more than ${MAX_EDGES} edges`);
    const need = e + 1;
    this.from = grow(this.from, need);
    this.to = grow(this.to, need);
    this.level = grow(this.level, need);
    this.validUntil = grow(this.validUntil, need);
    this.timestamp = grow(this.timestamp, need);
    this.flags = grow(this.flags, need);
    this.validator = grow(this.validator, need);
    this.domain = grow(this.domain, need);
    this.pairNext = grow(this.pairNext, need);
    this.twin = grow(this.twin, need);
    this.from[e] = a;
    this.to[e] = b;
    this.domain[e] = d;
    this.flags[e] = flag;
    const slot = this.pairSlot(a, b);
    this.pairNext[e] = this.pairSlots[slot] as number;
    if (this.pairNext[e] === -1) this.pairCount++;
    this.pairSlots[slot] = e;
    if (this.pairCount * 2 > this.pairSlots.length) this.rehashPairs();
    this.overlayHead = grow(this.overlayHead, this.quids.length);
    this.overlayNext = grow(this.overlayNext, need);
    this.overlayNext[e] = this.overlayHead[a] ?? -1;
    this.overlayHead[a] = e;
    this.inOverlayHead = grow(this.inOverlayHead, this.quids.length);
    this.inOverlayNext = grow(this.inOverlayNext, need);
    this.inOverlayNext[e] = this.inOverlayHead[b] ?? -1;
    this.inOverlayHead[b] = e;
    this.overlayCount++;
    // Link verified/unverified twins so the traversal can apply verified precedence in O(1).
    const other = this.findEdge(a, b, d, flag ^ VERIFIED);
    if (other >= 0) {
      if (flag === VERIFIED) {
        this.twin[other] = e;
        const csr = this.csr;
        if (csr) {
          const p = csr.position[other] ?? -1;
          if (p >= 0) csr.twin[p] = e;
        }
      } else this.twin[e] = other;
    }
    this.sourceBlock.push(undefined);
    this.edges_ = need;
    return e;
  }
}
