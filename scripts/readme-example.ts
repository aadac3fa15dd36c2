/**
 * The check that a package README's example is its test/readme-example.ts: the first ```ts
 * block of the README, against the file with the package import in place of '../src/index.js'.
 * Import lines compare as a sorted set (the formatter orders them by path, the README by hand).
 */
import { readFileSync } from 'node:fs';

/** Import lines as a sorted set, then the code after them. */
function normalise(code: string): string {
  // Mutation testing copies the sources with a `// @ts-nocheck` line added at the top.
  const lines = code
    .trimEnd()
    .split('\n')
    .filter((l) => l !== '// @ts-nocheck');
  const imports = lines.filter((l) => l.startsWith('import '));
  return [...imports.sort(), ...lines.filter((l) => !l.startsWith('import '))].join('\n');
}

/** The README's example and the example file, both normalised, for the test to compare. */
export function readmeExample(
  readme: URL,
  example: URL,
  packageName: string,
): { readonly readme: string; readonly file: string } {
  const block = /```ts\n([\s\S]*?)```/.exec(readFileSync(readme, 'utf8'))?.[1] ?? '';
  const file = readFileSync(example, 'utf8').replace("'../src/index.js'", `'${packageName}'`);
  return { readme: normalise(block), file: normalise(file) };
}
