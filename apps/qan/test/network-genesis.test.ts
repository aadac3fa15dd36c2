import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hybridKeyFromSeed, hybridQuid, toHex } from '@qcos/identity';
import { createGenesisDocument } from '@qcos/registry-core';
import { describe, expect, it } from 'vitest';
import type { QanConfig } from '../src/config.js';
import { networkGenesis } from '../src/registry/network-genesis.js';

const anchor = hybridKeyFromSeed(new Uint8Array(32).fill(50));
const qan = hybridKeyFromSeed(new Uint8Array(32).fill(51));
const weak = hybridKeyFromSeed(new Uint8Array(32).fill(52));
const dir = mkdtempSync(join(tmpdir(), 'qan-genesis-'));
const file = join(dir, 'genesis.qgd');
writeFileSync(
  file,
  createGenesisDocument({
    networkId: 'devnet',
    anchorKey: anchor,
    members: [
      { role: 'QAN', publicKey: qan.publicKey, levelPpm: 1_000_000 },
      { role: 'QAN', publicKey: weak.publicKey, levelPpm: 100_000 },
    ],
  }),
);
const config = (o: Partial<QanConfig>) =>
  ({
    networkId: 'devnet',
    heartbeatTimeoutMs: 60_000,
    minFidelity: 0.95,
    hysteresisHeartbeats: 3,
    fidelityWindow: 8,
    ...o,
  }) as QanConfig;
const refusal = (o: Partial<QanConfig>, key = qan) => {
  try {
    networkGenesis(config(o), hybridQuid(key.publicKey), key.publicKey);
  } catch (e) {
    return e as { code: string; details: Record<string, unknown> };
  }
  return undefined;
};

describe('the QAN’s genesis', () => {
  it('a member QAN starts from the document: its anchor, not its own key', () => {
    const state = networkGenesis(
      config({ genesisFile: file }),
      hybridQuid(qan.publicKey),
      qan.publicKey,
    );
    expect(state.anchor).toBe(hybridQuid(anchor.publicKey));
    expect(state.qanKeys.has(hybridQuid(qan.publicKey))).toBe(true);
  });

  it('without a document, a standalone registry anchored on the QAN’s key', () => {
    const state = networkGenesis(config({}), hybridQuid(qan.publicKey), qan.publicKey);
    expect(state.anchor).toBe(hybridQuid(qan.publicKey));
  });

  it('refuses another network, an untrusted member and a damaged file, naming genesisFile', () => {
    expect(refusal({ genesisFile: file, networkId: 'othernet' })).toMatchObject({
      code: 'CONFIG_INVALID',
      details: { field: 'genesisFile', networkId: 'devnet' },
    });
    expect(refusal({ genesisFile: file }, weak)).toMatchObject({
      code: 'CONFIG_INVALID',
      details: { field: 'genesisFile', tier: 'untrusted' },
    });
    const bad = join(dir, 'bad.qgd');
    writeFileSync(bad, toHex(new Uint8Array(8)));
    expect(refusal({ genesisFile: bad })).toMatchObject({
      code: 'CONFIG_INVALID',
      details: { field: 'genesisFile', code: 'GENESIS_INVALID' },
    });
  });
});
