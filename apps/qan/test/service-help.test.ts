import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { QAN_CONFIG_SCHEMA } from '../src/config.js';

const QAN = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [QAN, ...args], { encoding: 'utf8', timeout: 20_000 });
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

describe('qan --help and --version (the built service)', () => {
  it('lists every option of the config schema with its meaning, and exits 0', () => {
    const r = run('--help');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^qan — Quantum Authority Node/);
    expect(r.stdout).toMatch(
      /\n {2}--data-dir DIR +Directory holding the SQLite database .*\(required\)/,
    );
    expect(r.stdout).toMatch(
      /\n {2}--http VALUE +host:port of the HTTP API\. \(default "127\.0\.0\.1:8400"\)/,
    );
    expect(r.stdout).toMatch(/\n {2}--credentials-file FILE +JSON file \(mode 0600\)/);
    expect(r.stdout).toMatch(/\n {2}identitySeed \/ QCOS_IDENTITY_SEED +.*secret: config file/);
    const properties = (
      QAN_CONFIG_SCHEMA as { properties: Record<string, { writeOnly?: boolean }> }
    ).properties;
    for (const [key, p] of Object.entries(properties))
      expect(r.stdout, key).toContain(
        p.writeOnly === true ? `\n  ${key} / ` : `\n  --${kebab(key)}`,
      );
  });

  it('prints its package version for --version, and exits 0', () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    const r = run('--version');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`qan ${version}\n`);
  });

  it('still refuses an unknown option (exit 2, naming it)', () => {
    const r = run('--data-dri', '/nowhere');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/dataDri/);
  });
});
