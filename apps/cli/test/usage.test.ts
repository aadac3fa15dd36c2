import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 10_000 });

describe('qcos usage', () => {
  it('prints the usage for --help on any command instead of running it', () => {
    for (const args of [['--help'], ['devnet', '--help'], ['submit', '--help']]) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^qcos — QCOS network command line/);
    }
  });

  it('refuses an unknown command with a usage error and exit code 2', () => {
    const r = run('teleport');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/USAGE: unknown command "teleport"/);
  });
});
