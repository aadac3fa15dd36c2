import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, RuntimeError } from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import type { QanConfig } from '../src/config.js';
import { openQanBlockLog } from '../src/registry/block-log-store.js';

const config = (o: Partial<QanConfig>) =>
  ({ networkId: 'devnet', etcdEndpoints: [], ...o }) as QanConfig;

function refusal(o: Partial<QanConfig>): RuntimeError {
  try {
    openQanBlockLog(config(o), openDatabase(':memory:'));
  } catch (error) {
    expect(error).toBeInstanceOf(RuntimeError);
    return error as RuntimeError;
  }
  throw new Error('expected the configuration to be refused');
}

describe('the QAN block log from its configuration', () => {
  it('is the embedded SQLite log without etcd endpoints, and etcd with them', async () => {
    const embedded = openQanBlockLog(config({}), openDatabase(':memory:'));
    expect(embedded.kind).toBe('sqlite');
    await embedded.close();
    const shared = openQanBlockLog(
      config({ etcdEndpoints: ['http://127.0.0.1:2379'] }),
      openDatabase(':memory:'),
    );
    expect(shared.kind).toBe('etcd');
    await shared.close();
  });

  it('refuses plain http to etcd anywhere but loopback: whoever reaches etcd can stall the log', () => {
    const e = refusal({ etcdEndpoints: ['http://127.0.0.1:2379', 'http://10.0.0.5:2379'] });
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.details).toEqual({ field: 'etcdEndpoints' });
    expect(e.message).toBe(
      'http://10.0.0.5:2379: plain http to etcd is allowed only on loopback; use https',
    );
    for (const ok of ['http://localhost:2379', 'http://[::1]:2379']) {
      expect(openQanBlockLog(config({ etcdEndpoints: [ok] }), openDatabase(':memory:')).kind).toBe(
        'etcd',
      );
    }
  });

  it('refuses https without the CA, and a client certificate without its key', () => {
    const noCa = refusal({ etcdEndpoints: ['https://etcd-1.example:2379'] });
    expect([noCa.code, noCa.details]).toEqual(['CONFIG_INVALID', { field: 'etcdCaFile' }]);
    const noKey = refusal({ etcdEndpoints: ['http://127.0.0.1:2379'], etcdCertFile: '/x.pem' });
    expect([noKey.code, noKey.details]).toEqual(['CONFIG_INVALID', { field: 'etcdKeyFile' }]);
  });

  it('refuses a client key that others may read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'etcd-tls-'));
    for (const f of ['ca.pem', 'cert.pem', 'key.pem'])
      writeFileSync(join(dir, f), 'PEM', { mode: 0o644 });
    const e = refusal({
      etcdEndpoints: ['https://etcd-1.example:2379'],
      etcdCaFile: join(dir, 'ca.pem'),
      etcdCertFile: join(dir, 'cert.pem'),
      etcdKeyFile: join(dir, 'key.pem'),
    });
    expect(e.code).toBe('CONFIG_FILE_PERMISSIONS');
    expect(e.details).toMatchObject({ field: 'etcdKeyFile', mode: '0644' });
  });
});
