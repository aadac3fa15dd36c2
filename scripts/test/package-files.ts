/**
 * What the package checks read from the repository: the publishable packages, the code examples
 * of a README, the links of a README, and the files a package's `exports` names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository on GitHub: where npm users are sent for sources, docs and issues. */
export const REPOSITORY = 'https://github.com/qcos-network/qcos';

export interface PublishablePackage {
  /** The folder under packages/, e.g. `q-uri`. */
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  readonly manifest: Readonly<Record<string, unknown>>;
}

/** Every packages/* folder whose package.json is not `private`, in folder order. */
export function publishablePackages(root: string): PublishablePackage[] {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const manifest = JSON.parse(
        readFileSync(join(packagesDir, entry.name, 'package.json'), 'utf8'),
      ) as Record<string, unknown>;
      return {
        dir: entry.name,
        name: String(manifest['name']),
        version: String(manifest['version']),
        manifest,
      };
    })
    .filter((pkg) => pkg.manifest['private'] !== true)
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/** How an example runs: as a program with node, or as a test file with vitest. */
export type ExampleRunner = 'node' | 'vitest';

export interface ReadmeExample {
  readonly language: 'ts' | 'js';
  readonly code: string;
  /** 1-based line of the opening fence, for messages. */
  readonly line: number;
  readonly runner: ExampleRunner;
}

/** Marks a block that is a fragment on purpose: it is not run. */
export const FRAGMENT_MARKER = '<!-- fragment -->';
/** Marks a block that is a vitest test file (it registers tests): vitest runs it. */
export const VITEST_MARKER = '<!-- vitest -->';

/** The HTML comment right before line `index` (blank lines between are allowed), if any. */
function markerBefore(lines: readonly string[], index: number): string | undefined {
  let i = index - 1;
  while (i >= 0 && lines[i]?.trim() === '') i--;
  const previous = lines[i]?.trim();
  return previous?.startsWith('<!--') ? previous : undefined;
}

/** Every ```ts / ```js block of a README, except those marked as fragments. */
export function readmeExamples(markdown: string): ReadmeExample[] {
  const lines = markdown.split('\n');
  const examples: ReadmeExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S*)\s*$/.exec(lines[i] ?? '');
    if (fence === null) continue;
    // A closing fence has no info string, so ```ts inside an ```md block does not close it.
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end === -1) break;
    const language = fence[1];
    const marker = markerBefore(lines, i);
    if ((language === 'ts' || language === 'js') && marker !== FRAGMENT_MARKER) {
      examples.push({
        language,
        code: `${lines.slice(i + 1, end).join('\n')}\n`,
        line: i + 1,
        runner: marker === VITEST_MARKER ? 'vitest' : 'node',
      });
    }
    i = end;
  }
  return examples;
}

/** The markdown without fenced blocks and inline code, where nothing is a link. */
function proseOf(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/**
 * Every link target of a README that is not absolute (no scheme) and not an anchor on the same
 * page: inline links and images, reference definitions, and HTML href / src attributes. On npm
 * such a link resolves against npmjs.com, where the repository's files are not.
 */
export function relativeLinks(markdown: string): string[] {
  const prose = proseOf(markdown);
  const targets = [
    ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)/g)].map((m) => m[1]),
    ...[...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)/gm)].map((m) => m[1]),
    ...[...prose.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]),
  ];
  return targets
    .filter((t): t is string => t !== undefined)
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'));
}

/** The files an `exports` map names (every condition's target), without `./package.json`. */
export function exportedFiles(exportsField: unknown): string[] {
  const files = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') files.add(value.replace(/^\.\//, ''));
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(exportsField);
  files.delete('package.json');
  return [...files].sort();
}

/** The subpaths a consumer can import (`@qcos/x`, `@qcos/x/node`), without `./package.json`. */
export function importSpecifiers(pkg: PublishablePackage): string[] {
  const exportsField = pkg.manifest['exports'];
  const subpaths =
    exportsField !== null && typeof exportsField === 'object' ? Object.keys(exportsField) : ['.'];
  return subpaths
    .filter((subpath) => subpath !== './package.json')
    .map((subpath) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`));
}
