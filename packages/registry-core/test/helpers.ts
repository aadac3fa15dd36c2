import { ChipsError, decodeCanonical } from '@qcos/chips-codec';
import { type HybridSigningKey, hybridKeyFromSeed, hybridQuid, type Quid } from '@qcos/identity';
import { expect } from 'vitest';
import {
  applyBlock,
  applyUnsignedBlock,
  type Block,
  buildBlock,
  createGenesis,
  type HealthReport,
  type MemberRole,
  type NodeEntry,
  type OperatorRecordBody,
  type RecordBody,
  RegistryError,
  type RegistryState,
  type StatusPolicy,
  signBlock,
  signOperatorAction,
} from '../src/index.js';

export interface Qan {
  readonly key: HybridSigningKey;
  readonly quid: Quid;
}

const cache = new Map<number, Qan>();
/** Deterministic QAN keys: seed = 32 bytes of `n`. */
export function qan(n: number): Qan {
  let q = cache.get(n);
  if (!q) {
    const key = hybridKeyFromSeed(new Uint8Array(32).fill(n));
    q = { key, quid: hybridQuid(key.publicKey) };
    cache.set(n, q);
  }
  return q;
}
export const ANCHOR = 1;

export function genesis(policy?: StatusPolicy): RegistryState {
  return createGenesis({
    networkId: 'testnet',
    anchorPublicKey: qan(ANCHOR).key.publicKey,
    ...(policy ? { policy } : {}),
  });
}

export function report(over: Partial<HealthReport> = {}): HealthReport {
  return {
    eksOk: true,
    eksLastSyncMs: 1_000,
    fidelity1qPpm: 990_000,
    fidelity2qPpm: 970_000,
    utilisationPct: 10,
    faults: [],
    ...over,
  };
}

export function register(
  alias: string,
  over: Partial<Extract<RecordBody, { kind: 'REGISTER' }>> = {},
): RecordBody {
  return {
    kind: 'REGISTER',
    alias,
    address: `${alias}.example.net:9000`,
    scope: 'eu-west',
    qubitCapacity: 20,
    publicKey: new Uint8Array(32).fill(alias.length),
    atMs: 0,
    ...over,
  };
}

export function heartbeat(
  alias: string,
  atMs: number,
  over: Partial<HealthReport> = {},
): RecordBody {
  return { kind: 'HEARTBEAT', alias, atMs, report: report(over) };
}

/**
 * The next block on `state` from QAN `by`, signed. A version 2 block gets the root of the state
 * it folds to, or a zero root when it does not fold (the fold refuses it before the root).
 */
export function block(state: RegistryState, by: number, records: readonly RecordBody[]): Block {
  const q = qan(by);
  const unsigned = buildBlock(state, q.quid, records);
  if (unsigned.version === 1) return signBlock(unsigned, q.key);
  const r = refusal(() => applyUnsignedBlock(state, unsigned));
  const complete =
    r === null
      ? applyUnsignedBlock(state, unsigned).block
      : { ...unsigned, stateRoot: new Uint8Array(32) };
  return signBlock(complete, q.key);
}

/** The state after QAN `by`'s next block holding `records` (folded with applyBlock). */
export function apply(
  state: RegistryState,
  by: number,
  records: readonly RecordBody[],
): RegistryState {
  return applyBlock(state, block(state, by, records));
}

/** Registers `alias` and sends enough good heartbeats to make it ACTIVE. */
export function activeNode(
  alias: string,
  over: Partial<Extract<RecordBody, { kind: 'REGISTER' }>> = {},
  rep: Partial<HealthReport> = {},
): RecordBody[] {
  return [
    register(alias, over),
    heartbeat(alias, 1_000, rep),
    heartbeat(alias, 2_000, rep),
    heartbeat(alias, 3_000, rep),
  ];
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A trust edge body: the action's signer trusts key `n` in `role` at `levelPpm`. */
export function edge(n: number, levelPpm: number, role: MemberRole = 'QAN'): OperatorRecordBody {
  return { kind: 'TRUST_EDGE', trusteeKey: qan(n).key.publicKey, role, levelPpm };
}

/**
 * Wraps operator-only record bodies into OPERATOR_ACTION bodies signed by key `by` (the anchor
 * by default), with seqs following the highest the state has folded for that signer.
 */
export function signed(
  state: RegistryState,
  records: readonly OperatorRecordBody[],
  by = ANCHOR,
): RecordBody[] {
  const signer = qan(by);
  const last = state.operatorSeqs.get(signer.quid) ?? 0;
  return records.map((record, i) =>
    signOperatorAction(
      { genesisHash: state.genesisHash, seq: last + 1 + i, atMs: 0, record },
      signer.key,
    ),
  );
}

/** A node entry built directly, without a fold: ACTIVE and healthy, eu-west, 20 qubits. */
export function nodeEntry(alias: string, over: Partial<NodeEntry> = {}): NodeEntry {
  return {
    alias,
    address: `${alias}.example.net:9000`,
    status: { state: 'ACTIVE' },
    lastHeartbeatMs: 3_000,
    qubitCapacity: 20,
    eks: { ok: true, lastSyncMs: 1_000 },
    avgFidelityPpm: 950_000,
    scope: 'eu-west',
    nodeId: 'x' as NodeEntry['nodeId'],
    publicKey: new Uint8Array(32),
    homeQan: 'y' as NodeEntry['homeQan'],
    registeredAtMs: 0,
    utilisationPct: 0,
    faults: [],
    maintenance: false,
    timedOut: false,
    goodHeartbeats: 0,
    updatedL: 1,
    ...over,
  };
}

/** The code and field of the RegistryError `f` throws, or null when it returns. */
export function refusal(f: () => unknown): { code: string; field: string | undefined } | null {
  try {
    f();
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    return { code: e.code, field: e.field };
  }
  return null;
}

/** How a registry decoder built on the canonical codec reads bytes, for the damage checks below. */
export interface CanonicalDecoder<T> {
  readonly code: string;
  /** The decoder's byte limit, which it also passes to the codec for a single bin. */
  readonly maxBytes: number;
  readonly decode: (bytes: Uint8Array) => T;
  readonly encode: (value: T) => Uint8Array;
  /** What the field of a refusal past the codec looks like (a field name, not `@offset`). */
  readonly field: RegExp;
}

/** The canonical codec's refusal offset of `bytes` under the decoder's limits, or undefined. */
function codecOffset(bytes: Uint8Array, maxBytes: number): number | undefined {
  try {
    decodeCanonical(bytes, { maxBytes, maxBinBytes: maxBytes, maxItems: 1 << 24 });
  } catch (e) {
    if (e instanceof ChipsError) return e.offset;
    throw e;
  }
  return undefined;
}

/** A truncated encoding is refused at the byte offset where the codec stopped. */
export function expectTruncationRefused<T>(short: Uint8Array, d: CanonicalDecoder<T>): void {
  const offset = codecOffset(short, d.maxBytes);
  expect(offset).toBeTypeOf('number');
  expect(refusal(() => d.decode(short))).toStrictEqual({ code: d.code, field: `@${offset}` });
}

/**
 * Damaged bytes are refused at the codec's offset when the codec refuses them, else at a named
 * field, or they decode to a value that encodes back to exactly these bytes.
 */
export function expectRefusedOrExact<T>(bad: Uint8Array, d: CanonicalDecoder<T>): void {
  const offset = codecOffset(bad, d.maxBytes);
  let back: { value: T } | undefined;
  const r = refusal(() => {
    back = { value: d.decode(bad) };
  });
  if (offset !== undefined) {
    expect(r).toStrictEqual({ code: d.code, field: `@${offset}` });
  } else if (r !== null) {
    expect(r.code).toBe(d.code);
    expect(r.field).toMatch(d.field);
  } else {
    expect(d.encode((back as { value: T }).value)).toStrictEqual(bad);
  }
}
