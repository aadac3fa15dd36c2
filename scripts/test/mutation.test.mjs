// The selection logic of `pnpm mutation`: which packages and files a run would mutate.
// --changed is checked on a real git repository made for the test.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  globToRegExp,
  parseArgs,
  plan,
  projectDir,
  strykerEnv,
  summarise,
  UsageError,
} from '../mutation.mjs';

const made = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function git(root, ...args) {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

function write(root, path, text = 'export const x = 1;\n') {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A workspace with two packages committed on `main`, then a branch `work` checked out. */
function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'mutation-plan-'));
  made.push(root);
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.email', 'test@example.invalid');
  git(root, 'config', 'user.name', 'test');
  for (const pkg of ['q-uri', 'chips-codec']) {
    write(root, `packages/${pkg}/package.json`, '{}\n');
    write(root, `packages/${pkg}/src/a.ts`);
    write(root, `packages/${pkg}/src/index.ts`);
  }
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'base');
  git(root, 'checkout', '-q', '-b', 'work');
  return root;
}

const changed = (extra = []) => parseArgs(['--changed', ...extra]);

describe('pnpm mutation --changed', () => {
  it('selects nothing when no src file changed', () => {
    const root = workspace();
    write(root, 'packages/q-uri/README.md', '# changed\n');
    expect([...plan(changed(), root)]).toStrictEqual([]);
  });

  it('selects changed and new src files, each under its package', () => {
    const root = workspace();
    write(root, 'packages/q-uri/src/a.ts', 'export const x = 2;\n');
    write(root, 'packages/chips-codec/src/new.ts');
    git(root, 'add', 'packages/q-uri');
    git(root, 'commit', '-q', '-m', 'change');
    expect(new Map(plan(changed(), root))).toStrictEqual(
      new Map([
        ['q-uri', ['src/a.ts']],
        ['chips-codec', ['src/new.ts']],
      ]),
    );
  });

  it('leaves out excluded files, deleted files and test files', () => {
    const root = workspace();
    write(root, 'packages/q-uri/src/index.ts', 'export * from "./a";\n');
    write(root, 'packages/q-uri/test/a.test.ts');
    git(root, 'rm', '-q', 'packages/chips-codec/src/a.ts');
    expect([...plan(changed(), root)]).toStrictEqual([]);
  });

  it('--package narrows the changed files to that package', () => {
    const root = workspace();
    write(root, 'packages/q-uri/src/a.ts', 'export const x = 2;\n');
    write(root, 'packages/chips-codec/src/a.ts', 'export const x = 2;\n');
    expect([...plan(changed(['--package', 'chips-codec']), root)]).toStrictEqual([
      ['chips-codec', ['src/a.ts']],
    ]);
  });

  it('--base compares with the merge base of that revision', () => {
    const root = workspace();
    write(root, 'packages/q-uri/src/a.ts', 'export const x = 2;\n');
    git(root, 'commit', '-qam', 'on work');
    git(root, 'checkout', '-q', '-b', 'later');
    write(root, 'packages/chips-codec/src/a.ts', 'export const x = 3;\n');
    git(root, 'commit', '-qam', 'on later');
    expect([...plan(changed(['--base', 'work']), root)]).toStrictEqual([
      ['chips-codec', ['src/a.ts']],
    ]);
  });
});

describe('pnpm mutation on an app', () => {
  it('an app under apps/ is named like a package, by --package, a path or --changed', () => {
    const root = workspace();
    write(root, 'apps/qan/package.json', '{}\n');
    write(root, 'apps/qan/src/r.ts');
    expect(projectDir('qan', root)).toBe(join(root, 'apps/qan'));
    expect(projectDir('q-uri', root)).toBe(join(root, 'packages/q-uri'));
    expect(projectDir('nothing', root)).toBeUndefined();
    expect([...plan(parseArgs(['--files', 'apps/qan/src/r.ts']), root)]).toStrictEqual([
      ['qan', ['src/r.ts']],
    ]);
    expect([...plan(parseArgs(['--package', 'qan', '--files', 'src/r.ts']), root)]).toStrictEqual([
      ['qan', ['src/r.ts']],
    ]);
    expect([...plan(changed(), root)]).toStrictEqual([['qan', ['src/r.ts']]]);
  });
});

describe('pnpm mutation arguments', () => {
  it('--files with a path picks the package from it; bare globs go to --package', () => {
    const root = workspace();
    expect([...plan(parseArgs(['--files', 'packages/q-uri/src/a.ts']), root)]).toStrictEqual([
      ['q-uri', ['src/a.ts']],
    ]);
    expect([
      ...plan(parseArgs(['--package', 'chips-codec', '--files', 'src/a.ts,src/b.ts']), root),
    ]).toStrictEqual([['chips-codec', ['src/a.ts', 'src/b.ts']]]);
    expect([...plan(parseArgs(['--package', 'q-uri']), root)]).toStrictEqual([
      ['q-uri', undefined],
    ]);
  });

  it('refuses an unknown package, an unknown argument, a missing value and --changed with --files', () => {
    const root = workspace();
    const message = (f) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return e.message;
      }
      throw new Error('no usage error');
    };
    expect(message(() => plan(parseArgs(['--package', 'nope']), root))).toBe('no package nope');
    expect(message(() => parseArgs(['--fast']))).toBe('unknown argument --fast');
    expect(message(() => parseArgs(['--files']))).toBe('--files needs a value');
    expect(message(() => parseArgs(['--base', '--changed']))).toBe('--base needs a value');
    expect(message(() => parseArgs(['--changed', '--files', 'src/a.ts']))).toBe(
      '--changed and --files do not go together',
    );
  });

  it('the command exits 2 on a usage error and names the argument', () => {
    const script = join(dirname(new URL(import.meta.url).pathname), '..', 'mutation.mjs');
    const r = spawnSync(process.execPath, [script, '--fast'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('mutation: unknown argument --fast');
    const help = spawnSync(process.execPath, [script, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: pnpm mutation /);
  });

  it('hands the files of --skip-tests to the test processes, and nothing without it', () => {
    const o = parseArgs([
      '--skip-tests',
      'test/a.test.ts,test/b.test.ts',
      '--skip-tests',
      'test/c.test.ts',
    ]);
    expect(o.skipTests).toStrictEqual(['test/a.test.ts', 'test/b.test.ts', 'test/c.test.ts']);
    expect(strykerEnv(o, { PATH: '/bin' })).toStrictEqual({
      PATH: '/bin',
      QCOS_MUTATION_SKIP_TESTS: 'test/a.test.ts,test/b.test.ts,test/c.test.ts',
    });
    expect(strykerEnv(parseArgs([]), { PATH: '/bin' })).toStrictEqual({ PATH: '/bin' });
    expect(() => parseArgs(['--skip-tests'])).toThrow('--skip-tests needs a value');
  });

  it('passes everything after -- to Stryker', () => {
    expect(parseArgs(['--package', 'q-uri', '--', '--concurrency', '1']).stryker).toStrictEqual([
      '--concurrency',
      '1',
    ]);
  });
});

describe('globToRegExp', () => {
  it.each([
    ['src/**/index.ts', 'src/index.ts', true],
    ['src/**/index.ts', 'src/a/b/index.ts', true],
    ['src/**/index.ts', 'src/a/index.tsx', false],
    ['src/*.ts', 'src/a/b.ts', false],
    ['src/?.ts', 'src/a.ts', true],
    ['src/?.ts', 'src/ab.ts', false],
    ['src/{a,b}.ts', 'src/b.ts', true],
    ['src/{a,b}.ts', 'src/c.ts', false],
    ['src/a.ts', 'src/aXts', false],
  ])('%s matches %s: %s', (glob, file, expected) => {
    expect(globToRegExp(glob).test(file)).toBe(expected);
  });
});

describe('summarise', () => {
  it('counts each status and scores covered mutants only', () => {
    const statuses = [
      'Killed',
      'Killed',
      'Timeout',
      'Survived',
      'NoCoverage',
      'CompileError',
      'Ignored',
    ];
    const rows = summarise('q-uri', {
      files: { 'src/a.ts': { mutants: statuses.map((status) => ({ status })) } },
    });
    expect(rows).toStrictEqual([
      {
        package: 'q-uri',
        file: 'src/a.ts',
        scoreCovered: 75,
        score: 60,
        killed: 2,
        timeout: 1,
        survived: 1,
        noCoverage: 1,
        errors: 1,
        ignored: 1,
      },
    ]);
  });
});
