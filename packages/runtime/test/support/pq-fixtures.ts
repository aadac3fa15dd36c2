import { trustRoots } from '@qcos/pq-transport';
import { type Clock, type Packet, provisionNodeIdentity } from '../../src/index.js';

/** Identities and a packet shared by the transport tests: a QAN and a node under one vendor. */
export const seed = (n: number) => new Uint8Array(32).fill(n);
/** Provisioning time of the identities (2026-01-01T00:00:00Z): a fixed instant, not the wall clock. */
export const now = Date.UTC(2026, 0, 1);
/** The clock the tests' handshakes and cookie guards read: it stays at `now`. */
export const clock: Clock = { now: () => now };
export const vendor = seed(200);
export const qan = provisionNodeIdentity({
  subject: 'qan',
  identitySeed: seed(1),
  vendorSeed: vendor,
  hardwareId: 'hsm:qan',
  measurement: 'qan',
  now,
});
export const rigel = provisionNodeIdentity({
  subject: 'rigel',
  identitySeed: seed(2),
  vendorSeed: vendor,
  hardwareId: 'qpu:rigel',
  measurement: 'agent',
  now,
});
export const roots = trustRoots([qan.vendorPublicKey]);

export const heartbeat = (source: string): Packet => ({
  type: 'HEARTBEAT',
  header: {
    destination: 'qan',
    source: source as never,
    packetId: '00112233445566778899aabbccddeeff' as never,
    lamport: 1,
    seq: 0,
    scope: 'node:heartbeat',
    hopLimit: 4,
    reroute: 'deny',
  },
  body: {
    report: {
      eksOk: true,
      eksLastSyncMs: 1,
      fidelity1qPpm: 999_000,
      fidelity2qPpm: 990_000,
      utilisationPct: 5,
      faults: [],
    },
  },
});
