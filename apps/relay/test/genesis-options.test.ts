import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hybridKeyFromSeed, toHex } from '@qcos/identity';
import {
  createGenesisDocument,
  decodeGenesisDocument,
  genesisFromDocument,
} from '@qcos/registry-core';
import { describe, expect, it } from 'vitest';
import { RelayError } from '../src/errors.js';
import { loadRelayOptions } from '../src/options.js';

const anchor = hybridKeyFromSeed(new Uint8Array(32).fill(40));
const qan = hybridKeyFromSeed(new Uint8Array(32).fill(41));
const dir = mkdtempSync(join(tmpdir(), 'relay-genesis-'));
const file = join(dir, 'genesis.qgd');
const document = createGenesisDocument({
  networkId: 'devnet',
  anchorKey: anchor,
  members: [{ role: 'QAN', publicKey: qan.publicKey, levelPpm: 1_000_000 }],
});
writeFileSync(file, document);

const load = (...flags: string[]) =>
  loadRelayOptions(['--qan', '127.0.0.1:7000', '--scope', 'us-east', ...flags], {
    QCOS_IDENTITY_SEED: '22'.repeat(32),
    QCOS_CONTROL_TOKEN: 't'.repeat(32),
  });

describe('relay genesis', () => {
  it('the replica starts from the network genesis document: the QAN’s genesis hash', () => {
    const options = load('--genesis-file', file, '--qan-public-key', toHex(qan.publicKey));
    const expected = genesisFromDocument(decodeGenesisDocument(document));
    expect(toHex(options.genesis!.genesisHash)).toBe(toHex(expected.genesisHash));
    expect(options.genesis!.anchor).toBe(expected.anchor);
  });

  it('refuses a document for another network, naming the field', () => {
    let error: unknown;
    try {
      load('--genesis-file', file, '--network-id', 'othernet');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RelayError);
    expect(error).toMatchObject({ code: 'INVALID_GENESIS', field: 'genesisFile' });
  });

  it('refuses a damaged document', () => {
    const bad = join(dir, 'bad.qgd');
    writeFileSync(bad, document.subarray(0, document.length - 1));
    expect(() => load('--genesis-file', bad)).toThrow(
      expect.objectContaining({ code: 'INVALID_GENESIS', field: 'genesisFile' }),
    );
  });
});
