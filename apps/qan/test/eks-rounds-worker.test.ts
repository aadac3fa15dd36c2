import {
  DEFAULT_EKS_LINK,
  eksLinkOfWire,
  eksRoundKeys,
  eksRoundSeed,
  eksWireLinkOf,
  runEksRound,
} from '@qcos/eks-qkd-sim';
import {
  EksRoundPool,
  type EksRoundRunner,
  inThreadEksRounds,
  openDatabase,
  sqliteKeyPoolStore,
  startEksRoundWorker,
} from '@qcos/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { QanError } from '../src/api/qan-error.js';
import { EksKeyMirror } from '../src/keys/eks-key-mirror.js';
import { KeyDelivery } from '../src/keys/key-delivery.js';
import { bobRound, RelayHopKeys } from '../src/keys/relay-hop-keys.js';
import { SaePairings } from '../src/keys/sae-pairings.js';

const BINDING = new Uint8Array(32).fill(7);
const WIRE_LINK = eksWireLinkOf({ ...DEFAULT_EKS_LINK, distanceKm: 25, pulsesPerRound: 2 ** 18 });

/** The node's (Alice's) keys of round `round` on the session bound by BINDING. */
function agentKeys(round: number) {
  const seed = eksRoundSeed(BINDING, round);
  const outcome = runEksRound(seed, eksLinkOfWire(WIRE_LINK), 'alice');
  if (!outcome.ok) throw new Error(`round aborted: ${outcome.reason}`);
  return eksRoundKeys(seed, outcome.key);
}

const pools: EksRoundPool[] = [];
/** A worker pool whose threads are counted; closed after each test. */
function countedPool() {
  let workers = 0;
  const pool = new EksRoundPool({
    startWorker: () => {
      workers++;
      return startEksRoundWorker();
    },
  });
  pools.push(pool);
  return { pool, workers: () => workers };
}

/** A runner that counts rounds run on this thread (in-thread) or refuses them all (capacity 0). */
function counted(capacity: number): EksRoundRunner & { runs: () => number } {
  let runs = 0;
  const runner = inThreadEksRounds(capacity, () => runs++);
  return Object.assign(runner, { runs: () => runs });
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

describe('QAN EKS rounds in a worker thread', () => {
  it('EksKeyMirror.materialise runs the round in the pool’s worker and stores the node’s very keys', async () => {
    const { pool, workers } = countedPool();
    const store = sqliteKeyPoolStore(openDatabase(':memory:'));
    const mirror = new EksKeyMirror(store, pool);
    const keys = agentKeys(3);
    mirror.stableRound(
      'rigel',
      BINDING,
      3,
      WIRE_LINK,
      keys.map((k) => k.id),
    );
    expect(await mirror.materialise('rigel', 1000)).toBe(keys.length);
    expect(workers()).toBe(1);
    expect(mirror.refusedRounds).toBe(0);
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    const held = await store.takeKeys('rigel', keys.length, 'vega');
    expect(held.map((k) => [k.keyId, hex(k.key)]).sort()).toEqual(
      keys.map((k) => [k.id, hex(k.key)]).sort(),
    );
  });

  it('a round the pool refuses leaves the keys pending and enc_keys answers KEYS_EXHAUSTED; the next request distils them', async () => {
    const store = sqliteKeyPoolStore(openDatabase(':memory:'));
    let runner = counted(0);
    const mirror = new EksKeyMirror(store, {
      run: (...args) => runner.run(...args),
      pending: 0,
      close: async () => {},
    });
    const keys = agentKeys(4);
    mirror.stableRound(
      'rigel',
      BINDING,
      4,
      WIRE_LINK,
      keys.map((k) => k.id),
    );
    const delivery = new KeyDelivery({
      pools: store,
      kmeId: 'qan',
      pairings: new SaePairings([{ master: 'vega', slaves: ['rigel'] }]),
      knownSae: () => true,
      announced: (sae) => mirror.announcedKeyCount(sae),
      refill: (sae) => mirror.materialise(sae, 1000),
    });
    const refused = await delivery.encKeys('vega', 'rigel', { number: 1 }).catch((e) => e);
    expect(refused).toBeInstanceOf(QanError);
    expect((refused as QanError).code).toBe('KEYS_EXHAUSTED');
    expect(mirror.refusedRounds).toBe(1);
    expect(runner.runs()).toBe(0);
    expect(mirror.announcedKeyCount('rigel')).toBe(keys.length);
    runner = counted(1);
    const answer = await delivery.encKeys('vega', 'rigel', { number: 1 });
    expect(answer.keys).toHaveLength(1);
    expect(runner.runs()).toBe(1);
  });

  it('RelayHopKeys mirrors a relay hop round in the pool’s worker to the same keys as in the thread', async () => {
    const { pool, workers } = countedPool();
    const inThread = counted(1);
    const keys = agentKeys(0);
    const ids = keys.map((k) => k.id);
    const pooled = new RelayHopKeys(bobRound(pool));
    const reference = new RelayHopKeys(bobRound(inThread));
    expect(await pooled.stableRound('edge', BINDING, 0, WIRE_LINK, ids)).toBe(keys.length);
    expect(await reference.stableRound('edge', BINDING, 0, WIRE_LINK, ids)).toBe(keys.length);
    expect(workers()).toBe(1);
    expect(inThread.runs()).toBe(1);
    for (const k of keys) {
      const a = pooled.take('edge', BINDING, k.id)!;
      expect(Buffer.from(a).equals(Buffer.from(reference.take('edge', BINDING, k.id)!))).toBe(true);
      expect(Buffer.from(a).equals(Buffer.from(k.key))).toBe(true);
    }
  });

  it('RelayHopKeys keeps nothing from a round the pool refuses, and counts it', async () => {
    const hop = new RelayHopKeys(bobRound(counted(0)));
    const ids = agentKeys(0).map((k) => k.id);
    expect(await hop.stableRound('edge', BINDING, 0, WIRE_LINK, ids)).toBe(0);
    expect(hop.refusedRounds).toBe(1);
    expect(hop.stock('edge')).toBe(0);
    // The round number was used: the same round is not run again.
    expect(await hop.stableRound('edge', BINDING, 0, WIRE_LINK, ids)).toBe('not-forward');
  });
});
