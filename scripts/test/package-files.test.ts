import { describe, expect, it } from 'vitest';
import {
  exportedFiles,
  importSpecifiers,
  type PublishablePackage,
  readmeExamples,
  relativeLinks,
} from './package-files.js';

describe('readmeExamples', () => {
  it('takes ts and js blocks with their line, and leaves sh and json blocks out', () => {
    const markdown = [
      '# x',
      '```sh',
      'pnpm add x',
      '```',
      '```ts',
      "console.log('a');",
      '```',
      '```json',
      '{}',
      '```',
      '```js',
      "console.log('b');",
      '```',
    ].join('\n');
    expect(readmeExamples(markdown)).toEqual([
      { language: 'ts', code: "console.log('a');\n", line: 5, runner: 'node' },
      { language: 'js', code: "console.log('b');\n", line: 11, runner: 'node' },
    ]);
  });

  it('leaves out a block marked as a fragment and runs a marked one with vitest', () => {
    const markdown = [
      '<!-- fragment -->',
      '```ts',
      'part(',
      '```',
      '<!-- vitest -->',
      '',
      '```ts',
      "it('x', () => {});",
      '```',
    ].join('\n');
    expect(readmeExamples(markdown)).toEqual([
      { language: 'ts', code: "it('x', () => {});\n", line: 7, runner: 'vitest' },
    ]);
  });

  it('does not take a fence inside another block for an example', () => {
    const markdown = ['```md', '```ts', 'not code', '```', '```ts', 'code', '```'].join('\n');
    expect(readmeExamples(markdown).map((e) => e.code)).toEqual(['code\n']);
  });
});

describe('relativeLinks', () => {
  it('finds relative inline links, images, reference definitions and HTML attributes', () => {
    const markdown = [
      'See [the spec](../../docs/spec/x.md#codes) and [`@qcos/a`](../a).',
      '![diagram](./docs/d.svg)',
      '[ref]: src/index.ts',
      '<a href="../b">b</a> <img src="c.png">',
    ].join('\n');
    expect(relativeLinks(markdown)).toEqual([
      '../../docs/spec/x.md#codes',
      '../a',
      './docs/d.svg',
      'src/index.ts',
      '../b',
      'c.png',
    ]);
  });

  it('accepts absolute links and same-page anchors, and ignores code', () => {
    const markdown = [
      '[repo](https://github.com/qcos-network/qcos) [mail](mailto:a@b.c) [up](#install)',
      '`[not](a/link)`',
      '```md',
      '[not](./a/link)',
      '```',
    ].join('\n');
    expect(relativeLinks(markdown)).toEqual([]);
  });
});

const pkg = (exportsField: unknown): PublishablePackage => ({
  dir: 'x',
  name: '@qcos/x',
  version: '1.0.0',
  manifest: { exports: exportsField },
});

describe('exportedFiles and importSpecifiers', () => {
  const exportsField = {
    '.': {
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './node': { types: './dist/node.d.ts', default: './dist/node.js' },
    './package.json': './package.json',
  };

  it('lists every target file of every condition, without package.json', () => {
    expect(exportedFiles(exportsField)).toEqual([
      'dist/index.cjs',
      'dist/index.d.cts',
      'dist/index.d.ts',
      'dist/index.js',
      'dist/node.d.ts',
      'dist/node.js',
    ]);
  });

  it('names the main entry and every subpath a consumer can import', () => {
    expect(importSpecifiers(pkg(exportsField))).toEqual(['@qcos/x', '@qcos/x/node']);
    expect(importSpecifiers(pkg(undefined))).toEqual(['@qcos/x']);
  });
});
