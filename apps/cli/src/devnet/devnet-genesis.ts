import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHex, hybridKeyFromSeed } from '@qcos/identity';
import { createGenesisDocument, DEFAULT_POLICY } from '@qcos/registry-core';
import { seedFileKey } from '../operator/seed-file.js';
import type { DevnetTimings, DevnetTopology } from './topology.js';

/** The devnet's genesis document and the seed files of its anchor and operator keys. */
export interface DevnetGenesis {
  /** The genesis document the QAN and the relay start from (public). */
  readonly file: string;
  /** Owner-only seed files; the anchor's is never read by any service. */
  readonly anchorSeedFile: string;
  readonly operatorSeedFile: string;
}

/**
 * Writes the devnet's genesis (once per data directory): an anchor key separate from the QAN's,
 * one operator key, and a document listing every QAN (trust 1) and the operator (trust 0.9), with
 * the status policy of the devnet's timings.
 */
export function writeDevnetGenesis(
  dataDir: string,
  topology: DevnetTopology,
  timings: DevnetTimings,
): DevnetGenesis {
  const keys = join(dataDir, 'keys');
  mkdirSync(keys, { recursive: true, mode: 0o700 });
  const genesis: DevnetGenesis = {
    file: join(dataDir, 'genesis.qgd'),
    anchorSeedFile: join(keys, 'anchor.seed'),
    operatorSeedFile: join(keys, 'operator.seed'),
  };
  if (existsSync(genesis.file)) return genesis;
  const anchor = seedFileKey(genesis.anchorSeedFile).key;
  const operator = seedFileKey(genesis.operatorSeedFile).key;
  const document = createGenesisDocument({
    networkId: 'devnet',
    anchorKey: anchor,
    // The status policy is the network's, fixed by its genesis: the devnet's short timings.
    policy: {
      ...DEFAULT_POLICY,
      heartbeatIntervalMs: timings.heartbeatTimeoutMs,
      hysteresisHeartbeats: timings.hysteresisHeartbeats,
      // Resource contracts (and state roots) from the first block.
      protocol: 3,
      protocolHeight: 1,
    },
    members: [
      ...topology.qans.map((q) => ({
        role: 'QAN' as const,
        publicKey: hybridKeyFromSeed(fromHex(q.seedHex)).publicKey,
        levelPpm: 1_000_000,
      })),
      { role: 'OPERATOR', publicKey: operator.publicKey, levelPpm: 900_000 },
    ],
  });
  writeFileSync(genesis.file, document);
  return genesis;
}
