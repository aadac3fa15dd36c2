/** Routing's ranking and requirement bounds, each pinned on both sides. */
import { describe, expect, it } from 'vitest';
import {
  applyBlock,
  compareRank,
  type JobRequirements,
  type RecordBody,
  RegistryError,
  type RegistryState,
  routeJob,
} from '../src/index.js';
import { ANCHOR, activeNode, block, genesis, nodeEntry } from './helpers.js';

const apply = (s: RegistryState, records: readonly RecordBody[]) =>
  applyBlock(s, block(s, ANCHOR, records));

function refusal(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    return { code: e.code, field: e.field, index: e.index };
  }
  return null;
}

// Same scope and class. hi: higher fidelity and busier; lo: lower fidelity, idle.
const s = apply(genesis(), [
  ...activeNode('lo', {}, { fidelity1qPpm: 960_000, fidelity2qPpm: 960_000, utilisationPct: 0 }),
  ...activeNode('hi', {}, { fidelity1qPpm: 999_000, fidelity2qPpm: 999_000, utilisationPct: 90 }),
]);

describe('ranking', () => {
  it('fidelity outranks utilisation: the busier node of higher fidelity is picked', () => {
    expect(routeJob(s, { kind: 'scope', scope: 'eu-west' })).toStrictEqual({
      kind: 'deliver',
      via: 'scope',
      alias: 'hi',
      address: 'hi.example.net:9000',
      scope: 'eu-west',
    });
  });

  it('a node at exactly minFidelity fits; 1 ppm more does not', () => {
    expect(routeJob(s, { kind: 'node', alias: 'lo' }, { minFidelity: 0.96 })).toStrictEqual({
      kind: 'deliver',
      via: 'direct',
      alias: 'lo',
      address: 'lo.example.net:9000',
      scope: 'eu-west',
    });
    expect(
      routeJob(s, { kind: 'node', alias: 'lo' }, { minFidelity: 0.960001, reroute: 'deny' }),
    ).toStrictEqual({
      kind: 'soft-reject',
      alias: 'lo',
      reason: 'REQUIREMENTS_NOT_MET',
      reroute: null,
    });
  });

  it('a node with exactly the qubits asked for fits; one more does not', () => {
    expect(routeJob(s, { kind: 'node', alias: 'lo' }, { qubits: 20 })).toMatchObject({
      kind: 'deliver',
    });
    expect(routeJob(s, { kind: 'node', alias: 'lo' }, { qubits: 21 })).toStrictEqual({
      kind: 'soft-reject',
      alias: 'lo',
      reason: 'REQUIREMENTS_NOT_MET',
      reroute: null,
    });
  });

  it('a re-route never picks the rejected node itself', () => {
    expect(routeJob(s, { kind: 'node', alias: 'hi' }, { minFidelity: 0.9999 })).toStrictEqual({
      kind: 'soft-reject',
      alias: 'hi',
      reason: 'REQUIREMENTS_NOT_MET',
      reroute: null,
    });
    expect(routeJob(s, { kind: 'node', alias: 'lo' }, { minFidelity: 0.97 })).toStrictEqual({
      kind: 'soft-reject',
      alias: 'lo',
      reason: 'REQUIREMENTS_NOT_MET',
      reroute: {
        tier: 'same-scope',
        alias: 'hi',
        address: 'hi.example.net:9000',
        scope: 'eu-west',
      },
    });
  });

  it('a failover order that names the target scope itself skips it', () => {
    expect(
      routeJob(
        s,
        { kind: 'scope', scope: 'eu-west' },
        { qubits: 30 },
        { failover: { 'eu-west': ['eu-west'] } },
      ),
    ).toStrictEqual({ kind: 'unavailable', scope: 'eu-west' });
  });
});

describe('compareRank', () => {
  // Equal fidelity and utilisation: the alias decides, and only equal aliases compare equal.
  it.each([
    ['a1', 'b1', -1],
    ['b1', 'a1', 1],
    ['a1', 'a1', 0],
  ])('with fidelity and utilisation tied, %s against %s is %i', (a, b, want) => {
    expect(compareRank(nodeEntry(a), nodeEntry(b))).toBe(want);
  });
});

describe('requirement bounds', () => {
  const ok: JobRequirements[] = [
    { qubits: 1 },
    { qubits: 32_767 },
    { minFidelity: 0 },
    { minFidelity: 1 },
    { reroute: 'allow' },
    { reroute: 'deny' },
  ];
  for (const req of ok) {
    it(`accepts ${JSON.stringify(req)}`, () => {
      expect(refusal(() => routeJob(s, { kind: 'node', alias: 'hi' }, req))).toBe(null);
    });
  }
  const bad: [JobRequirements, string][] = [
    [{ qubits: 0 }, 'qubits'],
    [{ qubits: 32_768 }, 'qubits'],
    [{ qubits: 1.5 }, 'qubits'],
    [{ minFidelity: -0.000001 }, 'minFidelity'],
    [{ minFidelity: 1.000001 }, 'minFidelity'],
    [{ minFidelity: Number.NaN }, 'minFidelity'],
    [{ minFidelity: '0.5' as unknown as number }, 'minFidelity'],
    [{ reroute: 'maybe' as 'deny' }, 'reroute'],
  ];
  for (const [req, field] of bad) {
    it(`refuses ${JSON.stringify(req)}: REQUIREMENTS_INVALID at ${field}`, () => {
      expect(refusal(() => routeJob(s, { kind: 'node', alias: 'hi' }, req))).toStrictEqual({
        code: 'REQUIREMENTS_INVALID',
        field,
        index: undefined,
      });
    });
  }

  it('minFidelity 1 asks for 1 000 000 ppm, which no node here has', () => {
    expect(routeJob(s, { kind: 'scope', scope: 'eu-west' }, { minFidelity: 1 })).toStrictEqual({
      kind: 'unavailable',
      scope: 'eu-west',
    });
  });
});
