import fc from 'fast-check';
import {
  CONTRACT_RUN_USES,
  type ContractRunBody,
  EKS_LOSS_REASONS,
  type EksSyncStatus,
  FAULT_KINDS,
  type HealthReport,
  type KeyId,
  NACK_CODES,
  type NodeId,
  type Packet,
  type PacketHeader,
  type PacketId,
  SOFT_REJECT_REASONS,
  WINDOW_STEPS,
  type WindowBody,
} from '../src/index.js';

/** Arbitraries for every packet type, shared by tests and the fuzz script. */

const hexChars = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });

export const nodeId = hexChars(16) as fc.Arbitrary<NodeId>;
export const packetId = hexChars(32) as fc.Arbitrary<PacketId>;
export const keyId = hexChars(32).map(
  (h) =>
    `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` as KeyId,
);

const lower = 'abcdefghijklmnopqrstuvwxyz';
export const alias = fc
  .tuple(
    fc.constantFrom(...lower),
    fc.string({ unit: fc.constantFrom(...`${lower}0123456789-`), maxLength: 20 }),
    fc.constantFrom(...`${lower}0123456789`),
  )
  .map(([a, b, c]) => (b.length === 0 ? a : a + b + c));

export const scope = fc.constantFrom(
  'job:submit',
  'job:result',
  'registry:replicate',
  'eks:sync',
  'ent.req',
);
const ppm = fc.integer({ min: 0, max: 1_000_000 });
const safeNat = fc.maxSafeNat();
const text = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.normalize('NFC'));

export const header: fc.Arbitrary<PacketHeader> = fc.record({
  destination: alias,
  source: nodeId,
  packetId,
  lamport: safeNat,
  seq: fc.integer({ min: 0, max: 0xffff_ffff }),
  scope,
  hopLimit: fc.integer({ min: 0, max: 255 }),
  reroute: fc.constantFrom('allow' as const, 'deny' as const),
});

export const healthReport: fc.Arbitrary<HealthReport> = fc
  .record({
    eksOk: fc.boolean(),
    eksLastSyncMs: safeNat,
    reason: fc.constantFrom(...EKS_LOSS_REASONS),
    fidelity1qPpm: ppm,
    fidelity2qPpm: ppm,
    utilisationPct: fc.integer({ min: 0, max: 100 }),
    faults: fc.subarray([...FAULT_KINDS]),
  })
  .map(({ reason, ...r }) => (r.eksOk ? r : { ...r, eksLossReason: reason }));

const counts = fc
  .tuple(
    fc.integer({ min: 1, max: 12 }),
    fc.uniqueArray(fc.nat(4095), { minLength: 1, maxLength: 8 }),
  )
  .chain(([width, outcomes]) =>
    fc
      .array(fc.integer({ min: 1, max: 5000 }), {
        minLength: outcomes.length,
        maxLength: outcomes.length,
      })
      .map((cs) => {
        const bits = [
          ...new Set(outcomes.map((o) => (o % 2 ** width).toString(2).padStart(width, '0'))),
        ].sort();
        return bits.map((b, i) => ({ bits: b, count: cs[i]! }));
      }),
  );

const eksStatus: fc.Arbitrary<EksSyncStatus> = fc.oneof(
  fc.record({
    state: fc.constant('stable' as const),
    lastSyncMs: safeNat,
    keyBitsAvailable: safeNat,
  }),
  fc.record({
    state: fc.constant('lost' as const),
    lastSyncMs: safeNat,
    reason: fc.constantFrom(...EKS_LOSS_REASONS),
  }),
);

const measurements = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.record({
    requestId: packetId,
    bases: fc.uint8Array({ min: 0, max: 3, minLength: n, maxLength: n }),
    outcomes: fc.uint8Array({ min: 0, max: 1, minLength: n, maxLength: n }),
  }),
);

/** 1..64 announcements with unique node key ids and unique hop key ids (any order). */
export const eksRelayBody = fc.integer({ min: 1, max: 64 }).chain((n) =>
  fc
    .tuple(
      fc.uniqueArray(keyId, { minLength: n, maxLength: n }),
      fc.uniqueArray(keyId, { minLength: n, maxLength: n }),
      fc.array(fc.tuple(alias, fc.uint8Array({ minLength: 32, maxLength: 32 })), {
        minLength: n,
        maxLength: n,
      }),
    )
    .map(([nodeKeys, hopKeys, rest]) => ({
      announcements: rest.map(([node, announcement], i) => ({
        node,
        nodeKeyId: nodeKeys[i]!,
        hopKeyId: hopKeys[i]!,
        announcement,
      })),
    })),
);

/** Any CONTRACT_RUN body over its full ranges; a state exactly when the use is TELEPORT. */
export const contractRunBody: fc.Arbitrary<ContractRunBody> = fc
  .record({
    contract: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    run: packetId,
    use: fc.constantFrom(...CONTRACT_RUN_USES),
    role: fc.constantFrom(0 as const, 1 as const),
    peer: alias,
    secret: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    link: fc.record({
      lengthM: fc.integer({ min: 0, max: 10_000_000 }),
      lossMdbPerKm: fc.integer({ min: 0, max: 10_000 }),
      attemptRateHz: fc.integer({ min: 1, max: 10_000_000_000 }),
      emissionPpm: fc.integer({ min: 1, max: 1_000_000 }),
      detectorPpm: fc.integer({ min: 1, max: 1_000_000 }),
      initialFidelityPpm: fc.integer({ min: 250_000, max: 1_000_000 }),
      memoryTimeMs: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    }),
    firstPair: safeNat,
    pairs: fc.integer({ min: 1, max: 65_536 }),
    state: fc.record({
      thetaUrad: fc.integer({ min: 0, max: 3_141_593 }),
      phiUrad: fc.integer({ min: 0, max: 6_283_185 }),
    }),
  })
  .map(({ state, ...b }) => ({ ...b, state: b.use === 'TELEPORT' ? state : null }));

/**
 * Any WINDOW body over its full ranges; activatedL exactly at ACTIVATE and ACTIVE, a phase error
 * exactly at READY, ACTIVE and FAULT.
 */
export const windowBody: fc.Arbitrary<WindowBody> = fc
  .record({
    contract: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    step: fc.constantFrom(...WINDOW_STEPS),
    lengthMs: fc.integer({ min: 1, max: 86_400_000 }),
    toleranceMrad: fc.integer({ min: 1, max: 6_283 }),
    clockDomain: alias,
    activatedL: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    phaseErrorMrad: fc.integer({ min: 0, max: 6_283 }),
  })
  .map(({ activatedL, phaseErrorMrad, ...b }) => ({
    ...b,
    activatedL: b.step === 'ACTIVATE' || b.step === 'ACTIVE' ? activatedL : null,
    phaseErrorMrad: ['READY', 'ACTIVE', 'FAULT'].includes(b.step) ? phaseErrorMrad : null,
  }));

export const packet: fc.Arbitrary<Packet> = fc.oneof(
  fc.record({
    type: fc.constant('JOB_SUBMIT' as const),
    header,
    body: fc.record({
      quri: alias.map((a) => `q://${a}/run?shots=1024`),
      program: text,
      params: fc.record({
        shots: fc.integer({ min: 1, max: 1_000_000 }),
        minFidelityPpm: ppm,
        qubits: fc.option(fc.integer({ min: 1, max: 32_767 })),
        deadlineMs: fc.option(fc.integer({ min: 1, max: 86_400_000 })),
        priority: fc.integer({ min: 0, max: 7 }),
      }),
    }),
  }),
  fc.record({
    type: fc.constant('JOB_RESULT' as const),
    header,
    body: fc
      .tuple(packetId, counts)
      .map(([jobId, c]) => ({ jobId, shots: c.reduce((s, x) => s + x.count, 0), counts: c })),
  }),
  fc.record({
    type: fc.constant('SOFT_REJECT' as const),
    header,
    body: fc.record({
      jobId: packetId,
      reason: fc.constantFrom(...SOFT_REJECT_REASONS),
      reroutedTo: fc.option(alias),
    }),
  }),
  fc.record({
    type: fc.constant('HEARTBEAT' as const),
    header,
    body: fc.record({ report: healthReport }),
  }),
  fc.record({
    type: fc.constant('EKS_SYNC' as const),
    header,
    body: fc
      .tuple(
        eksStatus,
        fc.uniqueArray(keyId, { maxLength: 4 }),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.record({
          distanceM: fc.integer({ min: 0, max: 500_000 }),
          fibreLossMilliDbPerKm: fc.integer({ min: 0, max: 1_000 }),
          pulsesPerRound: fc.integer({ min: 1_024, max: 4_194_304 }),
          eavesdropperPpm: ppm,
        }),
      )
      .map(([status, ids, round, link]) => ({
        status,
        keyIds: status.state === 'lost' ? [] : ids.sort(),
        round,
        link,
      })),
  }),
  fc.record({
    type: fc.constant('ENTANGLEMENT_REQUEST' as const),
    header,
    body: fc.record({
      peer: alias,
      pairs: fc.integer({ min: 1, max: 1_048_576 }),
      minFidelityPpm: ppm,
      deadlineMs: fc.integer({ min: 1, max: 86_400_000 }),
    }),
  }),
  fc.record({ type: fc.constant('MEASUREMENT_RESULT' as const), header, body: measurements }),
  fc.record({
    type: fc.constant('REGISTRY_BLOCK' as const),
    header,
    body: fc.record({ height: safeNat, block: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  }),
  fc.record({ type: fc.constant('ACK' as const), header, body: fc.record({ ackOf: packetId }) }),
  fc.record({
    type: fc.constant('NACK' as const),
    header,
    body: fc.record({ nackOf: packetId, code: fc.constantFrom(...NACK_CODES), detail: text }),
  }),
  fc.record({ type: fc.constant('EKS_RELAY' as const), header, body: eksRelayBody }),
  fc.record({ type: fc.constant('CONTRACT_RUN' as const), header, body: contractRunBody }),
  fc.record({ type: fc.constant('WINDOW' as const), header, body: windowBody }),
) as fc.Arbitrary<Packet>;
