import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AGENT_CONFIG_SCHEMA } from '../src/options.js';

const SERVICE = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [SERVICE, ...args], { encoding: 'utf8', timeout: 20_000 });
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

describe('dqn-agent --help and --version (the built service)', () => {
  it('lists every option of the config schema with its meaning, and exits 0', () => {
    const r = run('--help');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^dqn-agent — a DQN agent/);
    expect(r.stdout).toMatch(/\n {2}--alias VALUE +DQN-Alias \(DNS label\)/);
    expect(r.stdout).toMatch(/\n {2}--connect VALUE +host:port of the QAN or relay/);
    expect(r.stdout).toMatch(
      /\n {2}--heartbeat-interval-ms N +heartbeat period \(50\.\.600000; default 5000\)/,
    );
    expect(r.stdout).toMatch(
      /\n {2}--control-token-file FILE +file \(0600\) holding the control endpoint's bearer token/,
    );
    for (const [key, p] of Object.entries(AGENT_CONFIG_SCHEMA.properties))
      expect(r.stdout, key).toContain(
        'writeOnly' in p && p.writeOnly === true ? `\n  ${key} / ` : `\n  --${kebab(key)}`,
      );
  });

  it('prints its package version for --version, and exits 0', () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    const r = run('--version');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`dqn-agent ${version}\n`);
  });
});
