import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh control token in an owner-only (0600) file, as a service is meant to get it. */
export function controlTokenFile(): { readonly token: string; readonly file: string } {
  const token = randomBytes(32).toString('hex');
  const file = join(mkdtempSync(join(tmpdir(), 'qcos-agent-')), 'control.token');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, file };
}

/** fetch against a control endpoint with the bearer token and JSON bodies. */
export function controlFetch(
  token: string,
  url: string,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
  if (init.body !== undefined && !headers.has('content-type')) {
    headers.set('content-type', 'application/json');
  }
  return fetch(url, { ...init, headers });
}
