import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EksSyncBody, KeyId, PacketId } from '@qcos/chips-codec';
import {
  DEFAULT_EKS_LINK,
  type EksRoundKey,
  eksLinkOfWire,
  eksRoundKeys,
  eksRoundSeed,
  eksWireLinkOf,
  runEksRound,
} from '@qcos/eks-qkd-sim';
import { hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import { mtlsFetch } from '@qcos/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlTokenFile } from '../../dqn-agent/test/support/control-token.js';
import {
  readyLine,
  type ServiceProcess,
  spawnService,
} from '../../dqn-agent/test/support/service-process.js';
import {
  connectNode,
  hex,
  type QanProcess,
  qanConfig,
  requireBuilt,
  seed,
  startQan,
  until,
  VENDOR_SEED,
  vendorPublicKey,
} from './harness.js';
import { issueTestSaeCertificates, type TestSaeCertificates } from './sae-certificates-fixture.js';

const RELAY = fileURLToPath(new URL('../../relay/src/index.ts', import.meta.url));
const RELAY_SEED = seed(61);
const vega = { alias: 'vega', scope: 'us-east', seed: seed(62) };
const VEGA_ID = hybridQuid(hybridKeyFromSeed(vega.seed).publicKey);
/** The node's link to the relay (2^18 pulses: a handful of keys per round). */
const LINK = eksWireLinkOf({ ...DEFAULT_EKS_LINK, pulsesPerRound: 2 ** 18 });

/** The node's end of round `round` of its session with the relay: Alice's keys. */
function nodeRound(binding: Uint8Array, round: number): EksRoundKey[] {
  const roundSeed = eksRoundSeed(binding, round);
  const outcome = runEksRound(roundSeed, eksLinkOfWire(LINK), 'alice');
  return outcome.ok ? eksRoundKeys(roundSeed, outcome.key) : [];
}

/** The master SAE that takes vega's keys (paired with vega only). */
const MASTER_SAE = 'sae-master';

describe('a node behind a trusted-node relay gets ETSI 014 keys from the QAN', () => {
  let qan: QanProcess;
  let relay: ServiceProcess;
  const token = controlTokenFile();
  let certs: TestSaeCertificates;

  beforeAll(async () => {
    requireBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'qan-relay-keys-'));
    certs = await issueTestSaeCertificates([MASTER_SAE]);
    qan = await startQan(
      qanConfig(join(dir, 'data'), [vega], {
        ...certs.config,
        etsi014Listen: '127.0.0.1:0',
        saePairings: [{ master: MASTER_SAE, slaves: ['vega'] }],
        logLevel: 'debug',
        peers: [
          {
            role: 'dqn',
            name: 'vega',
            publicKey: hex(hybridKeyFromSeed(vega.seed).publicKey),
            scopes: ['us-east'],
            qubits: 4,
          },
          {
            role: 'relay',
            name: 'relay-us-east',
            publicKey: hex(hybridKeyFromSeed(RELAY_SEED).publicKey),
            scopes: ['us-east'],
          },
        ],
      }),
    );
    relay = spawnService(
      RELAY,
      [
        '--qan',
        `127.0.0.1:${qan.transport}`,
        '--listen',
        '127.0.0.1:0',
        '--control',
        '127.0.0.1:0',
        '--control-token-file',
        token.file,
        '--scope',
        'us-east',
        '--qan-public-key',
        hex(hybridKeyFromSeed(seed(1)).publicKey),
        '--vendor-roots',
        JSON.stringify([hex(vendorPublicKey)]),
        '--eks-relay',
        '--eks-interval-ms',
        '200',
      ],
      { QCOS_IDENTITY_SEED: hex(RELAY_SEED), QCOS_VENDOR_SEED: hex(VENDOR_SEED) },
    );
  }, 60_000);

  afterAll(async () => {
    if (relay !== undefined && relay.child.exitCode === null) {
      relay.child.kill('SIGTERM');
      await once(relay.child, 'exit');
    }
    await qan?.stop();
  }, 30_000);

  it('stores, under the node’s key ids, keys whose bytes are the node’s own', async () => {
    const ready = await readyLine(relay.child);
    const node = await connectNode(ready.transport!, vega);
    const binding = node.connection.peer.eksBinding;
    const own = new Map<string, string>();
    // Three rounds of the node's EKS with the relay, each announced in an EKS_SYNC through it.
    for (let round = 0; round < 3; round++) {
      const keys = nodeRound(binding, round);
      for (const k of keys) own.set(k.id, hex(k.key));
      const body: EksSyncBody = {
        status: { state: 'stable', lastSyncMs: Date.now(), keyBitsAvailable: keys.length * 256 },
        keyIds: keys.map((k) => k.id as KeyId).sort(),
        round,
        link: LINK,
      };
      node.connection.send({
        type: 'EKS_SYNC',
        header: {
          destination: 'qan',
          source: VEGA_ID,
          packetId: hex(crypto.getRandomValues(new Uint8Array(16))) as PacketId,
          lamport: round + 1,
          seq: round,
          scope: 'node:eks',
          hopLimit: 4,
          reroute: 'deny',
        },
        body,
      });
    }
    expect(own.size).toBeGreaterThan(0);
    // Key delivery is ETSI 014 over mutual TLS, as the master SAE paired with vega.
    const asMaster = async <T>(path: string) =>
      (await (await mtlsFetch(certs.sae(MASTER_SAE))(`${qan.etsi014}${path}`)).json()) as T;
    const count = await until(async () => {
      const s = await asMaster<{ stored_key_count: number }>('/api/v1/keys/vega/status');
      return s.stored_key_count >= own.size ? s.stored_key_count : undefined;
    }, 40_000);
    expect(count).toBe(own.size);
    const container = await asMaster<{ keys: { key_ID: string; key: string }[] }>(
      `/api/v1/keys/vega/enc_keys?number=${count}`,
    );
    expect(container.keys).toHaveLength(own.size);
    for (const k of container.keys)
      expect([k.key_ID, Buffer.from(k.key, 'base64').toString('hex')]).toEqual([
        k.key_ID,
        own.get(k.key_ID),
      ]);
    const relayed = qan.logLines().filter((l) => l['msg'] === 'relayed keys stored');
    expect(relayed.length).toBeGreaterThan(0);
    await node.close();
  }, 90_000);
});
