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

describe('relay upstreams', () => {
  const other = hybridKeyFromSeed(new Uint8Array(32).fill(42));
  const loadQans = (qans: string, ...flags: string[]) =>
    loadRelayOptions(['--qan', qans, '--scope', 'us-east', ...flags], {
      QCOS_IDENTITY_SEED: '22'.repeat(32),
      QCOS_CONTROL_TOKEN: 't'.repeat(32),
    });

  it('takes several QANs to fail over between, each pinned by its key, with the network genesis', () => {
    const keys = `${toHex(qan.publicKey)},${toHex(other.publicKey)}`;
    const options = loadQans(
      '127.0.0.1:7000,127.0.0.1:7001',
      '--genesis-file',
      file,
      '--qan-public-key',
      keys,
    );
    expect(options.qan).toStrictEqual([
      { host: '127.0.0.1', port: 7000 },
      { host: '127.0.0.1', port: 7001 },
    ]);
    expect(options.qanPublicKeys.map(toHex)).toStrictEqual([
      toHex(qan.publicKey),
      toHex(other.publicKey),
    ]);
    expect(options.genesis).toBeDefined();
  });

  it('refuses several QAN keys without the genesis document: no one key may anchor the replica', () => {
    const keys = `${toHex(qan.publicKey)},${toHex(other.publicKey)}`;
    expect(() => loadQans('127.0.0.1:7000', '--qan-public-key', keys)).toThrow(
      expect.objectContaining({
        code: 'INVALID_GENESIS',
        field: 'qanPublicKey',
        message: 'cannot build the genesis: several QANs share a network: give its genesisFile',
      }),
    );
    expect(
      loadQans('127.0.0.1:7000', '--qan-public-key', toHex(qan.publicKey)).genesis?.anchor,
    ).toBeDefined();
  });

  it('refuses a QAN listed twice', () => {
    expect(() => loadQans('127.0.0.1:7000,127.0.0.1:7000')).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', details: { field: 'qan' } }),
    );
  });
});
