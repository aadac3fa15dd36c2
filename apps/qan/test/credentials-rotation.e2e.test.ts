import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type QanProcess, qanConfig, requireBuilt, startQan, until } from './harness.js';

const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');
const OLD = `old-${'5'.repeat(40)}`;
const NEW = `new-${'6'.repeat(40)}`;

let qan: QanProcess | undefined;
afterAll(async () => {
  await qan?.stop();
});

function writeCredentials(file: string, token: string): void {
  const principals = [{ name: 'ops', roles: ['operator'], tokenSha256: sha256(token) }];
  writeFileSync(file, JSON.stringify({ principals }), { mode: 0o600 });
}

const status = async (url: string, token: string) =>
  (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status;

describe('token rotation', () => {
  it('SIGHUP re-reads the credentials file: the new token works, the old one is refused', async () => {
    requireBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'qan-rotate-'));
    const credentialsFile = join(dir, 'api-credentials.json');
    writeCredentials(credentialsFile, OLD);
    qan = await startQan(qanConfig(join(dir, 'data'), [], { credentialsFile }), dir);
    const url = `${qan.http}/api/v1/nodes`;
    expect([await status(url, OLD), await status(url, NEW)]).toEqual([200, 401]);
    writeCredentials(credentialsFile, NEW);
    qan.child.kill('SIGHUP');
    await until(async () => ((await status(url, NEW)) === 200 ? true : undefined));
    expect([await status(url, OLD), await status(url, NEW)]).toEqual([401, 200]);
    expect(qan.logLines().filter((l) => l['event'] === 'credentials-reloaded')).toHaveLength(1);
  });
});
