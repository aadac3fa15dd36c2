import { describe, expect, it } from 'vitest';
import {
  applyBlock,
  type RecordBody,
  RegistryError,
  type RegistryState,
  routeJob,
} from '../src/index.js';
import { ANCHOR, activeNode, block, genesis, heartbeat, register } from './helpers.js';

const apply = (s: RegistryState, records: readonly RecordBody[]) =>
  applyBlock(s, block(s, ANCHOR, records));

// rigel (eu-west, 20q, 0.98) and two peers; vega (us-east, 24q: same class 16..31), deneb (ap-south, 64q).
function network(): RegistryState {
  return apply(genesis(), [
    ...activeNode('rigel'),
    ...activeNode(
      'altair',
      {},
      { fidelity1qPpm: 960_000, fidelity2qPpm: 960_000, utilisationPct: 50 },
    ),
    ...activeNode(
      'sirius',
      { qubitCapacity: 8 },
      { fidelity1qPpm: 999_000, fidelity2qPpm: 999_000 },
    ),
    ...activeNode('vega', { scope: 'us-east', qubitCapacity: 24 }),
    ...activeNode('deneb', { scope: 'ap-south', qubitCapacity: 64 }),
  ]);
}

describe('routeJob', () => {
  const s = network();
  const lose = (st: RegistryState, alias: string) =>
    apply(st, [{ kind: 'EKS_LOSS', alias, atMs: 10_000, reason: 'LINK_DOWN' }]);

  it('delivers to an ACTIVE fit node', () => {
    expect(routeJob(s, { kind: 'node', alias: 'rigel' })).toStrictEqual({
      kind: 'deliver',
      via: 'direct',
      alias: 'rigel',
      address: 'rigel.example.net:9000',
      scope: 'eu-west',
    });
  });

  it('unknown aliases and wrong scopes are typed not-found results', () => {
    expect(routeJob(s, { kind: 'node', alias: 'nope' })).toStrictEqual({
      kind: 'not-found',
      alias: 'nope',
    });
    expect(routeJob(s, { kind: 'node', alias: 'rigel', scope: 'us-east' })).toStrictEqual({
      kind: 'not-found',
      alias: 'rigel',
      scope: 'us-east',
    });
  });

  it("a node target naming the node's own scope is delivered directly", () => {
    expect(routeJob(s, { kind: 'node', alias: 'rigel', scope: 'eu-west' })).toStrictEqual({
      kind: 'deliver',
      via: 'direct',
      alias: 'rigel',
      address: 'rigel.example.net:9000',
      scope: 'eu-west',
    });
  });

  it('a soft-reject for a critical fault names the fault kind as its detail', () => {
    const t = apply(s, [heartbeat('rigel', 4_000, { faults: ['CRYOSTAT'] })]);
    expect(routeJob(t, { kind: 'node', alias: 'rigel' }, { reroute: 'deny' })).toStrictEqual({
      kind: 'soft-reject',
      alias: 'rigel',
      reason: 'CRITICAL_FAULT',
      detail: 'CRYOSTAT',
      reroute: null,
    });
  });

  it('soft-rejects a quarantined node and re-routes within its scope, best ranked first', () => {
    const d = routeJob(lose(s, 'rigel'), { kind: 'node', alias: 'rigel' });
    // sirius has the higher fidelity (0.999 vs 0.96) and meets the default requirements.
    expect(d).toMatchObject({
      kind: 'soft-reject',
      reason: 'EKS_LOSS',
      detail: 'LINK_DOWN',
      reroute: { tier: 'same-scope', alias: 'sirius' },
    });
  });

  it('requirements filter the candidates', () => {
    const d = routeJob(lose(s, 'rigel'), { kind: 'node', alias: 'rigel' }, { qubits: 16 });
    expect(d).toMatchObject({ reroute: { tier: 'same-scope', alias: 'altair' } });
  });

  it('falls back to the same capacity class, then the failover order', () => {
    let t = lose(lose(lose(s, 'rigel'), 'altair'), 'sirius');
    expect(routeJob(t, { kind: 'node', alias: 'rigel' })).toMatchObject({
      reroute: { tier: 'same-capacity-class', alias: 'vega' },
    });
    t = lose(t, 'vega');
    expect(routeJob(t, { kind: 'node', alias: 'rigel' })).toMatchObject({ reroute: null });
    expect(
      routeJob(
        t,
        { kind: 'node', alias: 'rigel' },
        {},
        { failover: { 'eu-west': ['us-east', 'ap-south'] } },
      ),
    ).toMatchObject({ reroute: { tier: 'failover', alias: 'deneb' } });
  });

  it('reroute=deny returns the soft-reject alone', () => {
    expect(
      routeJob(lose(s, 'rigel'), { kind: 'node', alias: 'rigel' }, { reroute: 'deny' }),
    ).toStrictEqual({
      kind: 'soft-reject',
      alias: 'rigel',
      reason: 'EKS_LOSS',
      detail: 'LINK_DOWN',
      reroute: null,
    });
  });

  it('an ACTIVE node that does not meet the requirements is soft-rejected as REQUIREMENTS_NOT_MET', () => {
    expect(routeJob(s, { kind: 'node', alias: 'sirius' }, { qubits: 20 })).toMatchObject({
      kind: 'soft-reject',
      reason: 'REQUIREMENTS_NOT_MET',
      reroute: { tier: 'same-scope', alias: 'rigel' },
    });
  });

  it('scope-wide targets pick the best fit node of the scope, else fail over', () => {
    expect(routeJob(s, { kind: 'scope', scope: 'eu-west' }, { qubits: 10 })).toMatchObject({
      kind: 'deliver',
      via: 'scope',
      alias: 'rigel',
    });
    expect(routeJob(s, { kind: 'scope', scope: 'eu-west' }, { qubits: 40 })).toStrictEqual({
      kind: 'unavailable',
      scope: 'eu-west',
    });
    expect(
      routeJob(
        s,
        { kind: 'scope', scope: 'eu-west' },
        { qubits: 40 },
        { failover: { 'eu-west': ['ap-south'] } },
      ),
    ).toMatchObject({ kind: 'deliver', via: 'failover', alias: 'deneb' });
  });

  it('minFidelity is compared in ppm without float noise', () => {
    expect(routeJob(s, { kind: 'node', alias: 'rigel' }, { minFidelity: 0.98 })).toMatchObject({
      kind: 'deliver',
    });
    expect(routeJob(s, { kind: 'node', alias: 'rigel' }, { minFidelity: 0.980001 })).toMatchObject({
      kind: 'soft-reject',
    });
  });

  it('bad requirements are a typed error', () => {
    expect(() => routeJob(s, { kind: 'node', alias: 'rigel' }, { qubits: 0 })).toThrow(
      RegistryError,
    );
    expect(() =>
      routeJob(s, { kind: 'node', alias: 'rigel' }, { minFidelity: Number.NaN }),
    ).toThrow(RegistryError);
  });

  it('utilisation breaks fidelity ties, alias breaks utilisation ties', () => {
    const t = apply(genesis(), [
      ...activeNode('a1', {}, { utilisationPct: 30 }),
      ...activeNode('b1', {}, { utilisationPct: 20 }),
      ...activeNode('c1', {}, { utilisationPct: 20 }),
    ]);
    expect(routeJob(t, { kind: 'scope', scope: 'eu-west' })).toMatchObject({ alias: 'b1' });
    const u = apply(t, [heartbeat('b1', 4_000, { faults: ['OTHER'] })]);
    expect(routeJob(u, { kind: 'scope', scope: 'eu-west' })).toMatchObject({ alias: 'c1' });
    const v = apply(u, [register('zz')]);
    expect(routeJob(v, { kind: 'node', alias: 'zz' })).toMatchObject({
      reason: 'PROBATION',
      reroute: { alias: 'c1' },
    });
  });
});
