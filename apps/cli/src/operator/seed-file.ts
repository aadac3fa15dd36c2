/**
 * Signing keys of the anchor and of operators, kept as seed files: 64 hex digits, owner-only
 * (0600). A seed is never taken from the command line, where every local user could read it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fromHex, type HybridSigningKey, hybridKeyFromSeed, isHex, toHex } from '@qcos/identity';
import { assertPrivateFile } from '@qcos/runtime';
import { CliError } from '../cli-error.js';

/** Reads a seed file; refuses one that others may read (CONFIG_FILE_PERMISSIONS) or that is not 32 bytes of hex. */
export function readSeedFile(file: string): HybridSigningKey {
  let text: string;
  try {
    assertPrivateFile(file, 'a signing seed');
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    const e = error as { code?: string; message?: string; details?: Record<string, unknown> };
    throw new CliError(e.code ?? 'FILE_UNREADABLE', e.message ?? `cannot read ${file}`, {
      file,
      ...e.details,
    });
  }
  if (!isHex(text) || text.length !== 64)
    throw new CliError('SEED_FILE_INVALID', `${file} does not hold 64 hex digits`, { file });
  return hybridKeyFromSeed(fromHex(text));
}

/** The key in `file`, creating the file with a fresh seed (mode 0600) when it does not exist. */
export function seedFileKey(file: string): { key: HybridSigningKey; created: boolean } {
  if (existsSync(file)) return { key: readSeedFile(file), created: false };
  writeFileSync(file, `${toHex(randomBytes(32))}\n`, { mode: 0o600, flag: 'wx' });
  return { key: readSeedFile(file), created: true };
}

/** A hybrid public key given as hex, or as the path of a file holding that hex. */
export function publicKeyArg(value: string): Uint8Array {
  const hex = isHex(value) ? value : readPublicKeyFile(value);
  const key = fromHex(hex);
  if (key.length !== 1984)
    throw new CliError('USAGE', `a public key is 1984 bytes (3968 hex digits), got ${key.length}`);
  return key;
}

function readPublicKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new CliError('FILE_UNREADABLE', `cannot read ${file}: ${String(error)}`);
  }
}
