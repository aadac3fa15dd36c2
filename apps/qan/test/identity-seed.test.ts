import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadQanSeed } from '../src/identity.js';

describe("the QAN's stored identity seed", () => {
  it('is created owner-only and read back unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qan-seed-'));
    const seed = loadQanSeed(dir, undefined);
    expect(statSync(join(dir, 'identity-seed.hex')).mode & 0o777).toBe(0o600);
    expect(loadQanSeed(dir, undefined)).toEqual(seed);
  });

  it('is refused when group or others may read it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qan-seed-'));
    const file = join(dir, 'identity-seed.hex');
    writeFileSync(file, 'ab'.repeat(32));
    chmodSync(file, 0o644);
    expect(() => loadQanSeed(dir, undefined)).toThrowError(
      expect.objectContaining({
        code: 'CONFIG_FILE_PERMISSIONS',
        details: { file, field: 'identitySeed', mode: '0644' },
      }),
    );
  });
});
