import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { example } from './readme-example.js';

const read = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

/** Import lines as a sorted set (the formatter orders them by path), then the code after them. */
function normalise(code: string): string {
  // Mutation testing copies the sources with a `// @ts-nocheck` line added at the top.
  const lines = code
    .trimEnd()
    .split('\n')
    .filter((l) => l !== '// @ts-nocheck');
  const imports = lines.filter((l) => l.startsWith('import '));
  return [...imports.sort(), ...lines.filter((l) => !l.startsWith('import '))].join('\n');
}

it('the README example is test/readme-example.ts, with the package import', () => {
  const block = /```ts\n([\s\S]*?)```/.exec(read('../README.md'))?.[1] ?? '';
  const file = read('readme-example.ts').replace("'../src/index.js'", "'@qcos/etcd-store'");
  expect(normalise(block)).toBe(normalise(file));
});

it('the README example runs against real etcd members and reads both blocks', async () => {
  expect(await example()).toEqual([1, 2]);
});
