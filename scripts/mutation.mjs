#!/usr/bin/env node
// Mutation testing for the workspace: runs StrykerJS once per package (from the package's
// directory, with the shared stryker.config.mjs), reads each package's JSON report and prints
// one per-file score table. See docs/testing.md.
//
//   pnpm mutation                                  the six protocol packages, every src file
//   pnpm mutation --package pq-transport           one package (repeat or comma-separate for more)
//   pnpm mutation --package q-uri --files 'src/label.ts'
//   pnpm mutation --package qan --files 'src/registry/registry-service.ts'
//                                                  an app (apps/<name>) the same way
//   pnpm mutation --files 'packages/q-uri/src/label.ts'   (the package is taken from the path)
//   pnpm mutation --changed [--base main]          only src files changed since the merge base
//   pnpm mutation --json                           the table as JSON on stdout
//   pnpm mutation --changed --list                 print what would be mutated, run nothing
//   pnpm mutation --report-only                    re-read existing reports without running Stryker
//   pnpm mutation --package q-uri -- --concurrency 1   arguments after -- go to every Stryker run
//   pnpm mutation --package eks-qkd-sim --skip-tests test/cascade.test.ts
//                                                  leave slow test files out (the package's
//                                                  vitest config must honour it; scores are then
//                                                  lower bounds)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import config, { MUTATE, MUTATE_EXCLUDED } from '../stryker.config.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PROTOCOL_PACKAGES = [
  'q-uri',
  'chips-codec',
  'registry-core',
  'trust-graph',
  'pq-transport',
  'eks-qkd-sim',
];
const REPORT = config.jsonReporter.fileName;

const USAGE =
  'usage: pnpm mutation [--package P]... [--files GLOB]... [--changed [--base REV]] [--skip-tests FILES] [--list] [--json] [--report-only] [-- STRYKER-ARGS]\n';

/** A command-line mistake: main() prints it with the usage line and exits 2. */
export class UsageError extends Error {}
function usage(message) {
  throw new UsageError(message);
}

export function parseArgs(argv) {
  const o = {
    packages: [],
    files: [],
    changed: false,
    base: 'main',
    json: false,
    reportOnly: false,
    list: false,
    help: false,
    stryker: [],
    skipTests: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      o.stryker = argv.slice(i + 1);
      break;
    }
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--package') o.packages.push(...value().split(','));
    else if (a === '--files') o.files.push(...value().split(','));
    else if (a === '--changed') o.changed = true;
    else if (a === '--skip-tests') o.skipTests.push(...value().split(','));
    else if (a === '--base') o.base = value();
    else if (a === '--json') o.json = true;
    else if (a === '--report-only') o.reportOnly = true;
    else if (a === '--list') o.list = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else usage(`unknown argument ${a}`);
  }
  if (o.changed && o.files.length > 0) usage('--changed and --files do not go together');
  return o;
}

/** A small glob matcher (`**`, `*`, `?`, `{a,b}`) for the exclusion list and --changed. */
export function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      re += `(?:${glob
        .slice(i + 1, end)
        .split(',')
        .map((s) => s.replace(/[.+^$()|[\]\\]/g, '\\$&'))
        .join('|')})`;
      i = end;
    } else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const excluded = (file) => MUTATE_EXCLUDED.some(({ glob }) => globToRegExp(glob).test(file));

function git(root, args) {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** The directory of package or app `name`: packages/<name>, else apps/<name>; undefined if neither. */
export function projectDir(name, root = ROOT) {
  for (const parent of ['packages', 'apps'])
    if (existsSync(join(root, parent, name, 'package.json'))) return join(root, parent, name);
  return undefined;
}

/**
 * package name → list of package-relative globs to mutate (undefined = the config's default).
 * `root` is the workspace (a git work tree with packages/<name>/package.json or apps/<name>/…).
 */
export function plan(o, root = ROOT) {
  const targets = new Map();
  const add = (pkg, globs) => {
    if (projectDir(pkg, root) === undefined) usage(`no package ${pkg}`);
    const prev = targets.get(pkg);
    if (globs === undefined) targets.set(pkg, prev);
    else targets.set(pkg, [...(prev ?? []), ...globs]);
  };
  if (o.changed) {
    const base = git(root, ['merge-base', o.base, 'HEAD']).trim();
    const names = `${git(root, ['diff', '--name-only', base])}\n${git(root, ['ls-files', '--others', '--exclude-standard'])}`;
    for (const name of names.split('\n')) {
      const m = /^(?:packages|apps)\/([^/]+)\/(src\/.+\.ts)$/.exec(name.trim());
      if (m === null || excluded(m[2]) || !existsSync(join(root, name.trim()))) continue;
      if (o.packages.length > 0 && !o.packages.includes(m[1])) continue;
      add(m[1], [m[2]]);
    }
    return targets;
  }
  const inPath = [];
  const bare = [];
  for (const f of o.files) {
    const m = /^(?:packages|apps)\/([^/]+)\/(.+)$/.exec(f);
    if (m === null) bare.push(f);
    else inPath.push([m[1], m[2]]);
  }
  for (const [pkg, glob] of inPath) add(pkg, [glob]);
  if (bare.length > 0 || inPath.length === 0) {
    const pkgs = o.packages.length > 0 ? o.packages : PROTOCOL_PACKAGES;
    for (const pkg of pkgs) add(pkg, bare.length > 0 ? bare : undefined);
  }
  return targets;
}

/**
 * The environment of a Stryker run. Test files named by --skip-tests go to the test processes in
 * QCOS_MUTATION_SKIP_TESTS; a package's vitest config that honours it leaves them out, under
 * Stryker only (never in `pnpm test`).
 */
export function strykerEnv(o, env = process.env) {
  if (o.skipTests.length === 0) return { ...env };
  return { ...env, QCOS_MUTATION_SKIP_TESTS: o.skipTests.join(',') };
}

function runStryker(pkg, globs, extra, env) {
  const cwd = projectDir(pkg);
  const mutate = [...(globs ?? MUTATE), ...MUTATE_EXCLUDED.map(({ glob }) => `!${glob}`)];
  const args = ['stryker', 'run', relative(cwd, join(ROOT, 'stryker.config.mjs'))];
  args.push('--mutate', mutate.join(','), ...extra);
  process.stderr.write(`\n== ${pkg}: stryker ${args.slice(2).join(' ')}\n`);
  const r = spawnSync('npx', args, { cwd, env, stdio: ['ignore', process.stderr, process.stderr] });
  if (r.status !== 0)
    throw new Error(`stryker failed in ${relative(ROOT, cwd)} (exit ${r.status})`);
}

const KILLED = new Set(['Killed']);
/** Per-file figures from one Stryker JSON report (mutation-testing-report-schema). */
export function summarise(pkg, report) {
  const rows = [];
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const n = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, ignored: 0 };
    for (const m of mutants) {
      if (KILLED.has(m.status)) n.killed++;
      else if (m.status === 'Timeout') n.timeout++;
      else if (m.status === 'Survived') n.survived++;
      else if (m.status === 'NoCoverage') n.noCoverage++;
      else if (m.status === 'CompileError' || m.status === 'RuntimeError') n.errors++;
      else n.ignored++;
    }
    const detected = n.killed + n.timeout;
    const covered = detected + n.survived;
    rows.push({
      package: pkg,
      file,
      scoreCovered: covered === 0 ? null : (100 * detected) / covered,
      score: covered + n.noCoverage === 0 ? null : (100 * detected) / (covered + n.noCoverage),
      ...n,
    });
  }
  return rows.sort((a, b) => a.file.localeCompare(b.file));
}

function total(rows, label) {
  const n = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, ignored: 0 };
  for (const r of rows) for (const k of Object.keys(n)) n[k] += r[k];
  const detected = n.killed + n.timeout;
  const covered = detected + n.survived;
  return {
    package: label,
    file: '(total)',
    scoreCovered: covered === 0 ? null : (100 * detected) / covered,
    score: covered + n.noCoverage === 0 ? null : (100 * detected) / (covered + n.noCoverage),
    ...n,
  };
}

function table(rows) {
  const pct = (x) => (x === null ? 'n/a' : `${x.toFixed(1)} %`);
  const head = ['file', 'covered score', 'killed', 'timeout', 'survived', 'no coverage', 'errors'];
  const body = rows.map((r) => [
    r.file === '(total)' ? `${r.package} (total)` : `${r.package}/${r.file}`,
    pct(r.scoreCovered),
    ...[r.killed, r.timeout, r.survived, r.noCoverage, r.errors].map(String),
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join(' | ')} |`;
  return [
    line(head),
    `|${width.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) {
    process.stdout.write(USAGE);
    return;
  }
  const targets = plan(o);
  if (o.list) {
    for (const [pkg, globs] of targets)
      process.stdout.write(`${pkg}\t${(globs ?? MUTATE).join(',')}\n`);
    return;
  }
  if (targets.size === 0) {
    process.stderr.write('mutation: nothing to mutate (no changed src files)\n');
    if (o.json) process.stdout.write('[]\n');
    return;
  }
  const rows = [];
  const started = Date.now();
  for (const [pkg, globs] of targets) {
    if (!o.reportOnly) runStryker(pkg, globs, o.stryker, strykerEnv(o));
    const file = join(projectDir(pkg), REPORT);
    if (!existsSync(file)) throw new Error(`no report at ${relative(ROOT, file)}`);
    const pkgRows = summarise(pkg, JSON.parse(readFileSync(file, 'utf8')));
    rows.push(...pkgRows);
    if (pkgRows.length > 1) rows.push(total(pkgRows, pkg));
  }
  if (o.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else {
    process.stdout.write(`${table(rows)}\n`);
    process.stdout.write(
      `\ncovered score = (killed + timeout) / (killed + timeout + survived); took ${Math.round((Date.now() - started) / 1000)} s\n`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`mutation: ${e.message}\n`);
    if (e instanceof UsageError) process.stderr.write(USAGE);
    process.exit(e instanceof UsageError ? 2 : 1);
  }
}
