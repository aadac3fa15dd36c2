import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { provisionNodeIdentity, systemRandom } from '@qcos/runtime';
import { type HybridSigningKey, hybridKeyFromSeed } from '@qcos/trust-graph';

/**
 * The QAN's long-term hybrid signing key: from the configured seed, or from a seed kept in the
 * data directory (created on first start), so a restarted QAN signs as the same origin and folds
 * the same genesis.
 */
export function loadQanSeed(dataDir: string, seedHex: string | undefined): Uint8Array {
  if (seedHex !== undefined) return new Uint8Array(Buffer.from(seedHex, 'hex'));
  const file = join(dataDir, 'identity-seed.hex');
  if (!existsSync(file))
    writeFileSync(file, Buffer.from(systemRandom(32)).toString('hex'), { mode: 0o600 });
  return new Uint8Array(Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'));
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
    vendorSeed:
      vendorSeedHex === undefined ? seed : new Uint8Array(Buffer.from(vendorSeedHex, 'hex')),
    hardwareId: 'hsm:qan',
    measurement: 'qcos-qan/0.1.0',
    now: nowMs,
  });
}

export function signingKeyOf(seed: Uint8Array): HybridSigningKey {
  return hybridKeyFromSeed(seed);
}
