import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const testDir = dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** What a runtime test must not do: read the wall clock or sleep a fixed time. */
const forbidden: [string, RegExp][] = [
  ['reads the wall clock', /\bDate\.now\(|\bperformance\.now\(|new Date\(\)/],
  ['sleeps a fixed time', /setTimeout\(\s*\w+\s*,\s*[\d_]+\s*\)/],
];

describe('runtime tests', () => {
  it('wait on events and take time from an injected clock: no wall-clock reads, no sleeps', () => {
    const files = sources(testDir);
    expect(files.length).toBeGreaterThan(5);
    const offences: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const [what, pattern] of forbidden) {
            if (pattern.test(line)) offences.push(`${relative(testDir, file)}:${i + 1} ${what}`);
          }
        });
    }
    expect(offences).toEqual([]);
  });

  it('the check recognises a sleep and a clock read', () => {
    const [clock, sleep] = forbidden.map(([, pattern]) => pattern);
    expect(clock?.test(`const t = Date.${'now'}();`)).toBe(true);
    expect(sleep?.test(`await new Promise((r) => set${'Timeout'}(r, 20));`)).toBe(true);
    expect(sleep?.test(`setTimeout(() => socket.destroy(), 1_000)`)).toBe(false);
  });
});
