import type { Quid } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import { CHANGE_JOURNAL_LENGTH, type TrustEdgeInput, TrustGraph } from '../src/index.js';
import { rejection } from './failure.js';
import { q } from './fixtures.js';

const [A, B, C, D, V] = ['a', 'b', 'c', 'd', 'e'].map(q) as [Quid, Quid, Quid, Quid, Quid];

/** What `rejection` gives for a TrustGraphError(code, field, text). */
const rejected = (code: string, field: string, text: string) => ({
  code,
  field,
  message: `${code} at ${field}: ${text}`,
});

const NOT_OBJECT = 'an edge is an object';
const BAD_QUID = 'must be 16 lower-case hex';
const BAD_DOMAIN = 'must be 1..253 printable ASCII characters';
const BAD_TIME = 'must be a safe integer (unix ms)';
const BAD_HEX = 'must be lower-case hex';
const level = (x: unknown) => `must be 0 or in [2^-32, 1], got ${x}`;

const ok: TrustEdgeInput = { truster: A, trustee: B, level: 0.5 };

describe('TrustGraph.setEdge validation', () => {
  it.each<[string, unknown, string, string, string]>([
    ['a non-object edge', null, 'INVALID_RECORD', 'edge', NOT_OBJECT],
    ['a string edge', 'edge', 'INVALID_RECORD', 'edge', NOT_OBJECT],
    ['a bad truster', { ...ok, truster: 'A'.repeat(16) }, 'INVALID_QUID', 'truster', BAD_QUID],
    ['a bad trustee', { ...ok, trustee: 'b' }, 'INVALID_QUID', 'trustee', BAD_QUID],
    ['a self edge', { ...ok, trustee: A }, 'SELF_EDGE', 'trustee', 'a quid cannot trust itself'],
    ['a level above 1', { ...ok, level: 1.5 }, 'INVALID_LEVEL', 'level', level(1.5)],
    ['a negative level', { ...ok, level: -0.5 }, 'INVALID_LEVEL', 'level', level(-0.5)],
    ['a level below 2^-32', { ...ok, level: 2 ** -33 }, 'INVALID_LEVEL', 'level', level(2 ** -33)],
    ['a string level', { ...ok, level: '0.5' }, 'INVALID_LEVEL', 'level', level('0.5')],
    ['an empty domain', { ...ok, domain: '' }, 'INVALID_DOMAIN', 'domain', BAD_DOMAIN],
    ['a domain with a space', { ...ok, domain: 'a b' }, 'INVALID_DOMAIN', 'domain', BAD_DOMAIN],
    [
      'a 254-character domain',
      { ...ok, domain: 'x'.repeat(254) },
      'INVALID_DOMAIN',
      'domain',
      BAD_DOMAIN,
    ],
    ['a numeric domain', { ...ok, domain: 5 }, 'INVALID_DOMAIN', 'domain', BAD_DOMAIN],
    [
      'a non-boolean verified',
      { ...ok, verified: 'yes' },
      'INVALID_RECORD',
      'verified',
      'must be a boolean',
    ],
    ['a bad validator', { ...ok, validator: 'v' }, 'INVALID_QUID', 'validator', BAD_QUID],
    [
      'an unverified edge without validator',
      { ...ok, verified: false },
      'MISSING_VALIDATOR',
      'validator',
      'an unverified edge needs its validator',
    ],
    ['a fractional timestamp', { ...ok, timestamp: 1.5 }, 'INVALID_TIME', 'timestamp', BAD_TIME],
    [
      'an unsafe validUntil',
      { ...ok, validUntil: 2 ** 53 },
      'INVALID_TIME',
      'validUntil',
      BAD_TIME,
    ],
    [
      'a non-hex sourceBlock',
      { ...ok, sourceBlock: 'xyz' },
      'INVALID_RECORD',
      'sourceBlock',
      BAD_HEX,
    ],
    [
      'an upper-case sourceBlock',
      { ...ok, sourceBlock: 'AB' },
      'INVALID_RECORD',
      'sourceBlock',
      BAD_HEX,
    ],
    [
      'a sourceBlock with a bad first char',
      { ...ok, sourceBlock: 'g0' },
      'INVALID_RECORD',
      'sourceBlock',
      BAD_HEX,
    ],
    [
      'a sourceBlock with a bad last char',
      { ...ok, sourceBlock: '0g' },
      'INVALID_RECORD',
      'sourceBlock',
      BAD_HEX,
    ],
    [
      'a 129-digit sourceBlock',
      { ...ok, sourceBlock: 'a'.repeat(129) },
      'INVALID_RECORD',
      'sourceBlock',
      BAD_HEX,
    ],
  ])('rejects %s', (_, input, code, field, text) => {
    const g = new TrustGraph();
    expect(rejection(() => g.setEdge(input as TrustEdgeInput))).toStrictEqual(
      rejected(code, field, text),
    );
    expect([g.nodeCount, g.edgeCount, g.version]).toStrictEqual([0, 0, 0]);
  });

  it.each<[string, Partial<TrustEdgeInput>]>([
    ['level 0', { level: 0 }],
    ['level 2^-32', { level: 2 ** -32 }],
    ['level 1', { level: 1 }],
    ['a 253-character domain', { domain: 'x'.repeat(253) }],
    ['a 128-digit sourceBlock', { sourceBlock: 'f'.repeat(128) }],
  ])('accepts %s', (_, extra) => {
    const g = new TrustGraph();
    const edge = g.setEdge({ ...ok, ...extra });
    expect(edge).toMatchObject(extra);
  });
});

describe('TrustGraph edges', () => {
  it('starts empty', () => {
    const g = new TrustGraph();
    expect([g.nodeCount, g.edgeCount, g.version, [...g.edges()]]).toStrictEqual([0, 0, 0, []]);
    expect(g.hasQuid(A)).toBe(false);
  });

  it('returns every field of a stored edge, with defaults', () => {
    const g = new TrustGraph();
    expect(g.setEdge({ truster: A, trustee: B, level: 0.5 })).toStrictEqual({
      truster: A,
      trustee: B,
      level: 0.5,
      domain: 'default',
      verified: true,
      validator: undefined,
      sourceBlock: undefined,
      timestamp: 0,
      validUntil: undefined,
    });
    const full = {
      truster: B,
      trustee: C,
      level: 0.25,
      domain: 'x',
      verified: false,
      validator: V,
      sourceBlock: '0a',
      timestamp: 7,
      validUntil: 99,
    };
    g.setEdge(full);
    expect(g.getEdge(B, C, { domain: 'x', verified: false })).toStrictEqual(full);
    // The first quid interned (index 0) can be a validator too.
    expect(g.setEdge({ truster: C, trustee: D, level: 1, validator: A }).validator).toBe(A);
    expect([g.nodeCount, g.edgeCount, g.hasQuid(V), g.hasQuid(q('f'))]).toStrictEqual([
      5,
      3,
      true,
      false,
    ]);
  });

  it('keys edges by endpoints, domain and verified, and upserts in place', () => {
    const g = new TrustGraph();
    g.setEdge({ truster: A, trustee: B, level: 0.5 });
    g.setEdge({ truster: A, trustee: B, level: 0.25, domain: 'x' });
    g.setEdge({ truster: A, trustee: B, level: 0.75, verified: false, validator: V });
    g.setEdge({ truster: B, trustee: A, level: 1 });
    g.setEdge({ truster: A, trustee: B, level: 0.125 });
    expect([...g.edges()].map((e) => [e.trustee, e.domain, e.verified, e.level])).toStrictEqual([
      [B, 'default', true, 0.125],
      [B, 'x', true, 0.25],
      [B, 'default', false, 0.75],
      [A, 'default', true, 1],
    ]);
    expect([g.edgeCount, g.version]).toStrictEqual([4, 5]);
    expect(g.getEdge(A, B, { verified: false })?.level).toBe(0.75);
    expect(g.getEdge(A, B, { domain: 'x' })?.level).toBe(0.25);
  });

  // Node indices A 0, B 1, D 2; domain indices default 0, z 1: an unknown quid or domain
  // must not be confused with index 1.
  it.each([
    ['an unknown truster', C, B, {}],
    ['an unknown truster, with an edge from node 1', C, D, {}],
    ['an unknown trustee', A, C, {}],
    ['an unknown domain', A, B, { domain: 'y' }],
    ['an unknown domain, with an edge in domain 1', A, D, { domain: 'y' }],
    ['no edge between known quids', B, A, {}],
    ['no unverified edge', A, B, { verified: false }],
  ])('getEdge gives undefined for %s', (_, truster, trustee, options) => {
    const g = new TrustGraph();
    g.setEdge({ truster: A, trustee: B, level: 0.5 });
    g.setEdge({ truster: A, trustee: D, level: 0.5, domain: 'z' });
    g.setEdge({ truster: B, trustee: D, level: 0.5 });
    expect(g.getEdge(truster, trustee, options)).toBe(undefined);
  });

  it('finds every edge after its pair table has been rehashed many times', () => {
    const hex = (i: number) => i.toString(16).padStart(16, '0') as Quid;
    const g = new TrustGraph();
    for (let i = 1; i <= 300; i++)
      g.setEdge({ truster: hex(i % 17), trustee: hex(1000 + i), level: 0.5 });
    for (let i = 1; i <= 300; i++)
      g.setEdge({ truster: hex(i % 17), trustee: hex(1000 + i), level: 1 });
    expect(g.edgeCount).toBe(300);
    expect([...g.edges()].every((e) => e.level === 1)).toBe(true);
    expect(g.getEdge(hex(0), hex(1000 + 17))?.level).toBe(1);
  });
});

describe('TrustGraph.changedSourcesSince', () => {
  const hex = (i: number) => i.toString(16).padStart(16, '0') as Quid;
  it('lists the source of each change in order', () => {
    const g = new TrustGraph();
    g.setEdge({ truster: A, trustee: B, level: 1 });
    g.setEdge({ truster: B, trustee: C, level: 1 });
    g.setEdge({ truster: C, trustee: A, level: 1 });
    g.setEdge({ truster: A, trustee: C, level: 1 });
    expect([...(g.changedSourcesSince(1) ?? [])]).toStrictEqual([1, 2, 0]);
    // Up to date: an empty list, not undefined (which would make the caller start over).
    expect(g.changedSourcesSince(4)).toStrictEqual(new Int32Array(0));
    expect(g.changedSourcesSince(5)).toBe(undefined);
  });

  it('reaches back exactly CHANGE_JOURNAL_LENGTH changes', () => {
    const g = new TrustGraph();
    for (let i = 0; i <= CHANGE_JOURNAL_LENGTH; i++)
      g.setEdge({ truster: hex(i % 3), trustee: hex(3), level: 0.5 });
    expect(g.changedSourcesSince(0)).toBe(undefined);
    const all = g.changedSourcesSince(1);
    expect(all?.length).toBe(CHANGE_JOURNAL_LENGTH);
    // Node indices: hex(0) → 0, hex(3) → 1, hex(1) → 2, hex(2) → 3.
    expect([...(all ?? []).slice(0, 4)]).toStrictEqual([2, 3, 0, 2]);
  });
});

describe('TrustGraph.revocationsOf', () => {
  it.each<[string, () => unknown, string, string, string]>([
    [
      'a bad trustee',
      () => new TrustGraph().revocationsOf('x', { now: 1 }),
      'INVALID_QUID',
      'trustee',
      BAD_QUID,
    ],
    [
      'a missing now',
      () => new TrustGraph().revocationsOf(A, undefined as never),
      'INVALID_TIME',
      'now',
      'must be a safe integer',
    ],
    [
      'a fractional now',
      () => new TrustGraph().revocationsOf(A, { now: 0.5 }),
      'INVALID_TIME',
      'now',
      'must be a safe integer',
    ],
    [
      'a bad domain',
      () => new TrustGraph().revocationsOf(A, { now: 1, domain: '' }),
      'INVALID_DOMAIN',
      'domain',
      BAD_DOMAIN,
    ],
  ])('rejects %s', (_, f, code, field, text) => {
    expect(rejection(f)).toStrictEqual(rejected(code, field, text));
  });

  /** With `overlay`, every edge lands in the overlay of an empty index; else all are indexed. */
  function revoked(overlay: boolean): TrustGraph {
    const g = new TrustGraph();
    if (overlay) g.traversalIndex();
    g.setEdge({ truster: A, trustee: D, level: 0 });
    g.setEdge({ truster: B, trustee: D, level: 0, domain: 'x' });
    g.setEdge({ truster: C, trustee: D, level: 0.5 });
    g.setEdge({ truster: V, trustee: D, level: 0, verified: false, validator: A });
    g.setEdge({ truster: C, trustee: D, level: 0, validUntil: 10, domain: 'y' });
    g.setEdge({ truster: A, trustee: C, level: 0 });
    g.setEdge({ truster: C, trustee: B, level: 0 }); // B is the node after D
    if (!overlay) g.traversalIndex();
    return g;
  }
  const trusters = (g: TrustGraph, now: number, domain?: string) =>
    g.revocationsOf(D, domain === undefined ? { now } : { now, domain }).map((e) => e.truster);

  it.each([false, true])(
    'lists live verified revocations of the trustee in edge order (overlay: %s)',
    (overlay) => {
      const g = revoked(overlay);
      expect(trusters(g, 5)).toStrictEqual([A, B, C]);
      expect(trusters(g, 10)).toStrictEqual([A, B]);
      expect(trusters(g, 5, 'x')).toStrictEqual([B]);
      expect(trusters(g, 5, 'nope')).toStrictEqual([]);
      expect(g.revocationsOf(A, { now: 5 })).toStrictEqual([]);
      expect(g.revocationsOf(q('f'), { now: 5 })).toStrictEqual([]);
    },
  );

  it('mixes indexed revocations with later ones', () => {
    const g = revoked(false);
    expect(trusters(g, 5)).toStrictEqual([A, B, C]);
    g.setEdge({ truster: q('9'), trustee: D, level: 0 });
    g.setEdge({ truster: q('8'), trustee: D, level: 0 });
    expect(trusters(g, 5)).toStrictEqual([A, B, C, q('9'), q('8')]);
  });
});
