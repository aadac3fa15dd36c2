import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveNodeKeys, type HybridSigningKey, toHex } from '@qcos/identity';
import {
  assertPrivateFile,
  bytesFromHex,
  provisionNodeIdentity,
  systemRandom,
} from '@qcos/runtime';

/**
 * The QAN's long-term hybrid signing key: from the configured seed, or from a seed kept in the
 * data directory (created on first start), so a restarted QAN signs as the same origin and folds
 * the same genesis.
 */
export function loadQanSeed(dataDir: string, seedHex: string | undefined): Uint8Array {
  if (seedHex !== undefined) return bytesFromHex(seedHex, 'identitySeed');
  const file = join(dataDir, 'identity-seed.hex');
  if (!existsSync(file)) writeFileSync(file, toHex(systemRandom(32)), { mode: 0o600 });
  assertPrivateFile(file, 'identitySeed');
  return bytesFromHex(readFileSync(file, 'utf8').trim(), file);
}

/** The QAN's transport identity: certificate by its own key, attestation by the vendor root. */
export function provisionQanIdentity(
  seed: Uint8Array,
  vendorSeedHex: string | undefined,
  nowMs: number,
) {
  return provisionNodeIdentity({
    subject: 'qan',
    identitySeed: seed,
    // Without a vendor, the QAN attests itself; peers then list its own key among their roots.
    vendorSeed: vendorSeedHex === undefined ? seed : bytesFromHex(vendorSeedHex, 'vendorSeed'),
    hardwareId: 'hsm:qan',
    measurement: 'qcos-qan/0.1.0',
    now: nowMs,
  });
}

/** The QAN's hybrid signing key: the one every node derives from its seed. */
export function signingKeyOf(seed: Uint8Array): HybridSigningKey {
  return deriveNodeKeys(seed).signingKey;
}
