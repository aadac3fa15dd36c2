import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessPolicy } from '../src/http/access-guard.js';
import { ApiCredentials } from '../src/http/api-credentials.js';

/**
 * The test principals of the HTTP API, one place for every test: each token is fixed (tests
 * only), the credentials file stores their SHA-256 as a QAN's does.
 */
export const TEST_PRINCIPALS = {
  operator: { name: 'ops', roles: ['operator'], token: `op-${'1'.repeat(40)}` },
  // alice may request resource contracts under the eu-west scope; nobody else under any.
  client: { name: 'alice', roles: ['client'], token: `cl-${'2'.repeat(40)}`, scopes: ['eu-west'] },
  otherClient: { name: 'bob', roles: ['client'], token: `cl-${'3'.repeat(40)}` },
  reader: { name: 'auditor', roles: ['reader'], token: `rd-${'4'.repeat(40)}` },
} as const;
export type TestPrincipal = keyof typeof TEST_PRINCIPALS;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Writes the credentials file (0600) of TEST_PRINCIPALS into `dir`; returns its path. */
export function writeTestCredentials(dir = mkdtempSync(join(tmpdir(), 'qan-creds-'))): string {
  const file = join(dir, 'credentials.json');
  const principals = Object.values(TEST_PRINCIPALS).map((p) => ({
    name: p.name,
    roles: p.roles,
    ...('scopes' in p ? { scopes: p.scopes } : {}),
    tokenSha256: sha256(p.token),
  }));
  writeFileSync(file, JSON.stringify({ principals }), { mode: 0o600 });
  return file;
}

/** The access policy of an in-process server: TEST_PRINCIPALS, anonymous reads as given. */
export function testAccess(anonymousRead = false): AccessPolicy {
  return { credentials: new ApiCredentials(writeTestCredentials()), anonymousRead };
}

/** The authorization header of a test principal. */
export const bearer = (who: TestPrincipal = 'operator') => ({
  authorization: `Bearer ${TEST_PRINCIPALS[who].token}`,
});

/** fetch with a test principal's token (default: the operator, who may call every token route). */
export function authedFetch(
  url: string,
  init: RequestInit = {},
  who: TestPrincipal = 'operator',
): Promise<Response> {
  const headers = new Headers(init.headers);
  for (const [k, v] of Object.entries(bearer(who))) headers.set(k, v);
  return fetch(url, { ...init, headers });
}
