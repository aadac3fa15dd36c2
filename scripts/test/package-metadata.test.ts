// What npm shows for each publishable package: the licence, where the sources and issues are,
// and README links that lead somewhere from npmjs.com. The tarballs themselves are checked by
// packed-packages.e2e.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { publishablePackages, REPOSITORY, relativeLinks } from './package-files.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGES = publishablePackages(ROOT);
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('the licence', () => {
  it('is the full Apache License 2.0 text at the repository root', () => {
    const text = read('LICENSE');
    expect(text).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004\n/);
    const sections = [...text.matchAll(/^ {3}(\d)\. ([A-Z][^.]*)\./gm)].map((m) => m[1]);
    expect(sections).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(text).toContain('END OF TERMS AND CONDITIONS');
    expect(text).toContain('APPENDIX: How to apply the Apache License to your work.');
  });

  it('is the one every package declares, and every package packs a copy of it', () => {
    for (const pkg of PACKAGES) {
      expect([pkg.name, pkg.manifest['license']]).toEqual([pkg.name, 'Apache-2.0']);
      expect([pkg.name, pkg.manifest['files']]).toEqual([
        pkg.name,
        expect.arrayContaining(['LICENSE']),
      ]);
      const scripts = pkg.manifest['scripts'] as Record<string, string>;
      expect([pkg.name, scripts['prepack']]).toEqual([
        pkg.name,
        'node ../../scripts/copy-license.mjs',
      ]);
    }
  });
});

describe('package.json links', () => {
  it('there are publishable packages to check', () => {
    expect(PACKAGES.map((p) => p.name)).toContain('@qcos/q-uri');
  });

  it.each(PACKAGES)('$name names its repository folder, homepage and issue tracker', (pkg) => {
    expect({
      repository: pkg.manifest['repository'],
      homepage: pkg.manifest['homepage'],
      bugs: pkg.manifest['bugs'],
    }).toEqual({
      repository: {
        type: 'git',
        url: `git+${REPOSITORY}.git`,
        directory: `packages/${pkg.dir}`,
      },
      homepage: `${REPOSITORY}/tree/main/packages/${pkg.dir}#readme`,
      bugs: `${REPOSITORY}/issues`,
    });
  });

  it('the root package.json names the repository too', () => {
    const root = JSON.parse(read('package.json')) as Record<string, unknown>;
    expect([root['repository'], root['homepage'], root['bugs']]).toEqual([
      { type: 'git', url: `git+${REPOSITORY}.git` },
      `${REPOSITORY}#readme`,
      `${REPOSITORY}/issues`,
    ]);
  });
});

/** The repository paths a README's links into this repository name (`blob/main/…`, `tree/main/…`). */
function repositoryPaths(markdown: string): string[] {
  const prefix = REPOSITORY.replaceAll('.', '\\.');
  const links = new RegExp(`${prefix}/(?:blob|tree|raw)/main/([^)#\\s]+)`, 'g');
  return [...markdown.matchAll(links)].map((m) => m[1] ?? '');
}

describe('README links', () => {
  it.each(PACKAGES)('$name README links only to absolute addresses', (pkg) => {
    expect(relativeLinks(read(`packages/${pkg.dir}/README.md`))).toEqual([]);
  });

  it.each(PACKAGES)('$name README links into the repository name files that exist', (pkg) => {
    const paths = repositoryPaths(read(`packages/${pkg.dir}/README.md`));
    expect(paths.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('finds the repository paths of links', () => {
    const markdown = `[a](${REPOSITORY}/blob/main/docs/x.md#y) [b](${REPOSITORY}/tree/main/packages/q) ![c](${REPOSITORY}/raw/main/docs/img/c.svg)`;
    expect(repositoryPaths(markdown)).toEqual(['docs/x.md', 'packages/q', 'docs/img/c.svg']);
  });
});
