import { fromBase64 } from './codec.js';
import { QkdError } from './errors.js';
import type { KeyPool } from './key-pool.js';

/**
 * Trusted-node relay. A path A = N0 — N1 — … — Nh = B has one QKD link per hop with key K_i
 * shared by N_i and N_(i+1). Each intermediate node N_i (0 < i < h) announces publicly
 * M_i = K_(i−1) ⊕ K_i. A keeps K_0; B recovers K_0 = K_(h−1) ⊕ M_1 ⊕ … ⊕ M_(h−1). Every
 * intermediate node sees the end-to-end key (it is trusted); an outsider sees only one-time-pad
 * ciphertexts. The end-to-end rate is the rate of the slowest hop.
 */
export interface RelayedKey {
  /** The key A uses (K_0). */
  readonly aliceKey: Uint8Array;
  /** The key B recovers from its own hop key and the announcements. */
  readonly bobKey: Uint8Array;
  /** The public announcements M_1 … M_(h−1). */
  readonly announcements: readonly Uint8Array[];
}

/** Relays one key over hops whose keys (equal lengths) are given in path order. */
export function relayKey(hopKeys: readonly Uint8Array[]): RelayedKey {
  if (!Array.isArray(hopKeys) || hopKeys.length === 0) {
    throw new QkdError('INVALID_PARAMETER', 'hopKeys', 'needs at least one hop');
  }
  const len = hopKeys[0] instanceof Uint8Array ? hopKeys[0].length : -1;
  hopKeys.forEach((k, i) => {
    if (!(k instanceof Uint8Array) || k.length !== len) {
      throw new QkdError(
        'INVALID_PARAMETER',
        `hopKeys[${i}]`,
        'hop keys must be byte arrays of one length',
      );
    }
  });
  const announcements: Uint8Array[] = [];
  for (let i = 1; i < hopKeys.length; i++) announcements.push(xor(hopKeys[i - 1]!, hopKeys[i]!));
  let bobKey: Uint8Array = hopKeys[hopKeys.length - 1]!.slice();
  for (const m of announcements) bobKey = xor(bobKey, m);
  return { aliceKey: hopKeys[0]!.slice(), bobKey, announcements };
}

/**
 * The end node's side of a relay path: from its own key of the last hop, K_(h−1), and the
 * announcements M_1 … M_(h−1) of the intermediate nodes, K_0 = K_(h−1) ⊕ M_1 ⊕ … ⊕ M_(h−1).
 * With one intermediate node (a QAN behind one relay) that is K_node = K_hop ⊕ M. All byte
 * arrays of one length, else INVALID_PARAMETER naming the first that is not.
 */
export function openRelayedKey(
  lastHopKey: Uint8Array,
  announcements: readonly Uint8Array[],
): Uint8Array {
  if (!(lastHopKey instanceof Uint8Array)) {
    throw new QkdError('INVALID_PARAMETER', 'lastHopKey', 'must be bytes');
  }
  if (!Array.isArray(announcements)) {
    throw new QkdError('INVALID_PARAMETER', 'announcements', 'must be an array of bytes');
  }
  let key: Uint8Array = lastHopKey.slice();
  announcements.forEach((m, i) => {
    if (!(m instanceof Uint8Array) || m.length !== lastHopKey.length) {
      throw new QkdError(
        'INVALID_PARAMETER',
        `announcements[${i}]`,
        'announcements must be byte arrays of the hop key length',
      );
    }
    key = xor(key, m);
  });
  return key;
}

/** End-to-end key rate of a relay path: the rate of its slowest hop. */
export function relayRate(hopRates: readonly number[]): number {
  if (hopRates.length === 0)
    throw new QkdError('INVALID_PARAMETER', 'hopRates', 'needs at least one hop');
  return Math.min(...hopRates);
}

/** How many keys of `sizeBits` a path of pools can relay now: the slowest hop's stock. */
export function relayCapacity(pools: readonly KeyPool[], sizeBits: number): number {
  if (pools.length === 0)
    throw new QkdError('INVALID_PARAMETER', 'pools', 'needs at least one hop');
  return Math.min(...pools.map((p) => Math.floor(p.availableBits / sizeBits)));
}

/**
 * Relays `count` keys of `sizeBits` over a path of hop pools: each hop's master takes keys with
 * enc_keys and its slave fetches the same keys with dec_keys (so both ends of every hop hold
 * them), then the keys are XOR-relayed. KEY_EXHAUSTED before any pool changes when a hop lacks key.
 */
export function relayFromPools(
  pools: readonly KeyPool[],
  count: number,
  sizeBits: number,
): RelayedKey[] {
  if (relayCapacity(pools, sizeBits) < count) {
    throw new QkdError('KEY_EXHAUSTED', 'count', 'a hop of the path has too little key');
  }
  const perHop = pools.map((pool) => {
    const c = pool.config;
    const enc = pool.encKeys(c.slaveSaeId, { number: count, size: sizeBits });
    const dec = pool.decKeys(c.masterSaeId, { keyIds: enc.keys.map((k) => k.key_ID) });
    return {
      master: enc.keys.map((k) => fromBase64(k.key)),
      slave: dec.keys.map((k) => fromBase64(k.key)),
    };
  });
  const out: RelayedKey[] = [];
  for (let j = 0; j < count; j++) {
    // Node i's view of hop i is the master copy; node i+1's is the slave copy. They are equal,
    // but each node XORs its own copy, as the real nodes would.
    const hopKeys = perHop.map((h) => h.master[j]!);
    const relayed = relayKey(hopKeys);
    // fromBase64 gave every copy its own bytes, and xor makes new ones: no copy needed here.
    let bobKey = perHop[perHop.length - 1]!.slave[j]!;
    for (const m of relayed.announcements) bobKey = xor(bobKey, m);
    out.push({
      aliceKey: perHop[0]!.master[j]!,
      bobKey,
      announcements: relayed.announcements,
    });
  }
  return out;
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}
