import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiCredentials } from '../src/http/api-credentials.js';

const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');
const TOKEN = 'a'.repeat(43);

function file(principals: unknown, mode = 0o600): string {
  const path = join(mkdtempSync(join(tmpdir(), 'qan-cred-')), 'credentials.json');
  writeFileSync(path, JSON.stringify({ principals }), { mode });
  chmodSync(path, mode);
  return path;
}

const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error as { code: string; details: Record<string, unknown> };
  }
  throw new Error('did not throw');
};

describe('ApiCredentials', () => {
  it('finds the principal of a token by its SHA-256, and nobody for another token', () => {
    const credentials = new ApiCredentials(
      file([{ name: 'ops', roles: ['operator', 'client'], tokenSha256: sha256(TOKEN) }]),
    );
    expect(credentials.authenticate(TOKEN)).toStrictEqual({
      name: 'ops',
      roles: ['operator', 'client'],
      scopes: [],
    });
    expect(credentials.authenticate(`${TOKEN}b`)).toBeUndefined();
    expect(new ApiCredentials(undefined).authenticate(TOKEN)).toBeUndefined();
  });

  it('carries the scopes a principal may request contracts under', () => {
    const credentials = new ApiCredentials(
      file([
        {
          name: 'alice',
          roles: ['client'],
          scopes: ['eu-west', 'us-east'],
          tokenSha256: sha256(TOKEN),
        },
      ]),
    );
    expect(credentials.authenticate(TOKEN)?.scopes).toStrictEqual(['eu-west', 'us-east']);
  });

  it('refuses a file others may read, and malformed principals, naming the field', () => {
    const good = { name: 'ops', roles: ['operator'], tokenSha256: sha256(TOKEN) };
    expect(thrown(() => new ApiCredentials(file([good], 0o644))).code).toBe(
      'CONFIG_FILE_PERMISSIONS',
    );
    const cases: [unknown, string][] = [
      [{ ...good, tokenSha256: 'ABC' }, 'tokenSha256'],
      [{ ...good, roles: ['sae'] }, 'roles'],
      [{ ...good, roles: [] }, 'roles'],
      [{ ...good, name: 'Ops!' }, 'name'],
      [{ ...good, scopes: 'eu-west' }, 'scopes'],
      [{ ...good, scopes: ['EU west'] }, 'scopes'],
      [{ ...good, scopes: Array.from({ length: 33 }, (_, i) => `s${i}`) }, 'scopes'],
    ];
    for (const [principal, field] of cases) {
      const error = thrown(() => new ApiCredentials(file([good, principal])));
      expect([error.code, error.details['index'], error.details['field']]).toEqual([
        'CONFIG_INVALID',
        1,
        field,
      ]);
    }
  });

  it('rotates tokens on reload, and keeps the loaded ones when the new file is bad', () => {
    const path = file([{ name: 'ops', roles: ['operator'], tokenSha256: sha256(TOKEN) }]);
    const credentials = new ApiCredentials(path);
    const next = 'n'.repeat(43);
    writeFileSync(
      path,
      JSON.stringify({
        principals: [{ name: 'ops', roles: ['operator'], tokenSha256: sha256(next) }],
      }),
    );
    expect(credentials.reload()).toBe(1);
    expect(credentials.authenticate(TOKEN)).toBeUndefined();
    expect(credentials.authenticate(next)?.name).toBe('ops');
    writeFileSync(path, '{"principals": 5}');
    expect(thrown(() => credentials.reload()).code).toBe('CONFIG_INVALID');
    expect(credentials.authenticate(next)?.name).toBe('ops');
  });
});
