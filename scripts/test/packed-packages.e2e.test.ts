// The packages as npm users get them. Every publishable package is packed with pnpm (which turns
// `workspace:*` into versions), the tarballs are installed with npm into a new project in a temp
// directory, and there every README example is compiled (strict, skipLibCheck off) and run with
// node, one file importing every entry of every package is typechecked, and every entry is
// loaded with import and with require.
//
// This file builds nothing: `pnpm test` builds first, and the tarballs hold whatever dist/ is.
// It is the longest test of the repository: npm fetches the third-party dependencies from the
// registry and better-sqlite3 installs its native addon (a prebuilt binary, or a compile from
// source where none fits), so the install has its own bound, INSTALL_TIMEOUT_MS. The etcd-store
// example starts etcd members, like the package's own tests.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exportedFiles,
  importSpecifiers,
  type PublishablePackage,
  publishablePackages,
  type ReadmeExample,
  readmeExamples,
} from './package-files.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGES = publishablePackages(ROOT);
const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  packageManager: string;
};
/** The pnpm the repository pins (`packageManager`), so packing is what a release does. */
const PNPM = rootManifest.packageManager;
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
/** npm install of every tarball and its registry dependencies, native addon included. */
const INSTALL_TIMEOUT_MS = 10 * 60_000;
/** One example or consumer run; the slowest starts three etcd members. */
const RUN_TIMEOUT_MS = 120_000;
/** The bearer token the examples send the QAN stand-in. */
const API_TOKEN = 'readme-example-token';

interface Example {
  readonly pkg: PublishablePackage;
  /** The file's name without extension, e.g. `q-uri-1`, `interface-compliance-tests-1.test`. */
  readonly name: string;
  readonly example: ReadmeExample;
}

const readme = (pkg: PublishablePackage) =>
  readFileSync(join(ROOT, 'packages', pkg.dir, 'README.md'), 'utf8');
const EXAMPLES: Example[] = PACKAGES.flatMap((pkg) =>
  readmeExamples(readme(pkg)).map((example, i) => ({
    pkg,
    example,
    name: `${pkg.dir}-${i + 1}${example.runner === 'vitest' ? '.test' : ''}`,
  })),
);

interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end (never rejects): the tests assert on the status and the output. */
function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; timeout: number; env?: NodeJS.ProcessEnv },
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({
          status,
          stdout,
          stderr: error !== null && stderr === '' ? error.message : stderr,
        });
      },
    );
  });
}

/**
 * The environment of a child: without the npm_* variables pnpm sets for the scripts it runs
 * (npm must see only its own configuration) and without vitest's own, which would make the
 * vitest of an example think it is a worker of this run.
 */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([key]) => !key.toLowerCase().startsWith('npm_') && !key.startsWith('VITEST'),
  );
  return { ...Object.fromEntries(inherited), ...extra };
}

/** Fails with the command's output, so a broken pack or install says why. */
async function mustRun(command: string, args: readonly string[], cwd: string, timeout: number) {
  const result = await run(command, args, { cwd, timeout, env: childEnv() });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** Packs each package into its own folder; returns each package's tarball path by folder name. */
async function packAll(destination: string): Promise<Map<string, string>> {
  const tarballs = new Map<string, string>();
  for (const pkg of PACKAGES) {
    const dir = join(destination, pkg.dir);
    mkdirSync(dir, { recursive: true });
    const pkgDir = join(ROOT, 'packages', pkg.dir);
    await mustRun('npx', ['--yes', PNPM, 'pack', '--pack-destination', dir], pkgDir, 120_000);
    const [tarball] = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball for ${pkg.name}`);
    tarballs.set(pkg.dir, join(dir, tarball));
  }
  return tarballs;
}

/** The consumer's compiler settings: strict, and the packages' .d.ts files checked too. */
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    // DOM: @qcos/runtime's types use the fetch and WebCrypto types (its own and @peculiar/x509's).
    lib: ['ES2022', 'DOM'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: false,
    outDir: 'out',
    rootDir: '.',
  },
  include: ['examples', 'consumer.ts'],
};

/** Packages whose types need the DOM lib (fetch and WebCrypto types); the rest need ES2022 only. */
const NEEDS_DOM_LIB = ['@qcos/runtime'];

/** The same consumer settings without the DOM lib, for the packages that do not need it. */
const TSCONFIG_WITHOUT_DOM = {
  extends: './tsconfig.json',
  compilerOptions: { lib: ['ES2022'], noEmit: true },
  include: ['consumer-without-dom.ts'],
};

/** A file that imports every entry of the packages and prints how many names each exports. */
function consumerSource(packages: readonly PublishablePackage[]): string {
  const specifiers = packages.flatMap(importSpecifiers);
  const imports = specifiers.map((s, i) => `import * as entry${i} from '${s}';`);
  const table = specifiers.map((s, i) => `  ['${s}', entry${i}],`);
  return [
    ...imports,
    '',
    'const entries: [string, object][] = [',
    ...table,
    '];',
    'for (const [name, entry] of entries) console.log(name, Object.keys(entry).length);',
    '',
  ].join('\n');
}

/** The scratch project: package.json, tsconfig, the README examples and the consumer file. */
function writeProject(project: string): void {
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'qcos-consumer', private: true, type: 'module' }),
  );
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  writeFileSync(join(project, 'consumer.ts'), consumerSource(PACKAGES));
  writeFileSync(join(project, 'tsconfig.without-dom.json'), JSON.stringify(TSCONFIG_WITHOUT_DOM));
  const withoutDom = PACKAGES.filter((pkg) => !NEEDS_DOM_LIB.includes(pkg.name));
  writeFileSync(join(project, 'consumer-without-dom.ts'), consumerSource(withoutDom));
  mkdirSync(join(project, 'examples'));
  mkdirSync(join(project, 'out', 'examples'), { recursive: true });
  for (const { name, example } of EXAMPLES) {
    // JavaScript examples are not compiled: they go straight where node runs them from.
    const file =
      example.language === 'ts'
        ? join('examples', `${name}.ts`)
        : join('out', 'examples', `${name}.js`);
    writeFileSync(join(project, file), example.code);
  }
}

const rigel = {
  alias: 'rigel',
  address: 'rigel.example.net:7000',
  status: 'ACTIVE',
  reason: null,
  lastHeartbeatMs: 1_000,
  qubitCapacity: 20,
  eks: { ok: true, lastSyncMs: 900 },
  avgFidelity: 0.98,
  scope: 'eu-west',
  nodeId: '0123456789abcdef',
  utilisationPct: 5,
  faults: [],
  goodHeartbeats: 3,
};

/** The answer of a QAN whose registry holds rigel, to the calls of @qcos/qan-api's example. */
function qanAnswer(method: string, url: string, body: string): [number, unknown] {
  if (method === 'GET' && url === '/api/v1/nodes') return [200, { height: 7, nodes: [rigel] }];
  if (method === 'POST' && url === '/api/v1/jobs') {
    const { uri } = JSON.parse(body) as { uri: string };
    const decision = { outcome: 'deliver', alias: 'rigel', address: rigel.address };
    return [202, { jobId: 'f'.repeat(32), uri, status: 'dispatched', decision, submittedAtMs: 1 }];
  }
  const alias = /^\/api\/v1\/nodes\/([^/]+)$/.exec(url)?.[1] ?? '';
  const message = `no node ${alias} in the registry`;
  return [404, { code: 'NODE_NOT_FOUND', message, details: { alias } }];
}

/** A stand-in QAN on 127.0.0.1 for the qan-api example: real HTTP, canned registry. */
async function startQanStandIn(): Promise<Server> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const [status, answer] =
        request.headers.authorization === `Bearer ${API_TOKEN}`
          ? qanAnswer(request.method ?? '', request.url ?? '', body)
          : [401, { code: 'TOKEN_REQUIRED', message: 'a bearer token is required', details: {} }];
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

let project = '';
let tarballs = new Map<string, string>();
let compiled: RunResult = { status: null, stdout: '', stderr: '' };
let compiledWithoutDom: RunResult = { status: null, stdout: '', stderr: '' };
let qan: Server | undefined;

beforeAll(
  async () => {
    project = mkdtempSync(join(tmpdir(), 'qcos-packed-'));
    tarballs = await packAll(join(project, 'tarballs'));
    writeProject(project);
    const npmInstall = ['install', '--no-audit', '--no-fund', '--loglevel=error'];
    await mustRun('npm', [...npmInstall, ...tarballs.values()], project, INSTALL_TIMEOUT_MS);
    compiled = await run(process.execPath, [TSC, '-p', project], {
      cwd: project,
      timeout: RUN_TIMEOUT_MS,
    });
    compiledWithoutDom = await run(process.execPath, [TSC, '-p', 'tsconfig.without-dom.json'], {
      cwd: project,
      timeout: RUN_TIMEOUT_MS,
    });
    qan = await startQanStandIn();
  },
  INSTALL_TIMEOUT_MS + 5 * RUN_TIMEOUT_MS,
);

afterAll(async () => {
  await new Promise((resolve) => (qan === undefined ? resolve(undefined) : qan.close(resolve)));
  if (project !== '') rmSync(project, { recursive: true, force: true });
});

/** The files of a tarball, without tar's `package/` prefix. */
async function tarballFiles(tarball: string): Promise<string[]> {
  const listing = await mustRun('tar', ['-tzf', tarball], project, RUN_TIMEOUT_MS);
  return listing.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^package\//, ''));
}

const installed = (pkg: PublishablePackage, file: string) =>
  readFileSync(join(project, 'node_modules', pkg.name, file), 'utf8');

describe('the tarballs', () => {
  it.each(PACKAGES)(
    '$name holds LICENSE, README.md, package.json and every exported file',
    async (pkg) => {
      const files = await tarballFiles(tarballs.get(pkg.dir) ?? '');
      const expected = [
        'LICENSE',
        'README.md',
        'package.json',
        ...exportedFiles(pkg.manifest['exports']),
      ];
      expect(files).toEqual(expect.arrayContaining(expected));
      expect(installed(pkg, 'LICENSE')).toBe(readFileSync(join(ROOT, 'LICENSE'), 'utf8'));
      expect(installed(pkg, 'README.md')).toBe(readme(pkg));
    },
  );

  it.each(PACKAGES)(
    '$name package.json has its links and real versions for workspace packages',
    (pkg) => {
      const packed = JSON.parse(installed(pkg, 'package.json')) as Record<string, unknown>;
      expect([packed['repository'], packed['homepage'], packed['bugs']]).toEqual([
        pkg.manifest['repository'],
        pkg.manifest['homepage'],
        pkg.manifest['bugs'],
      ]);
      const versions = new Map(PACKAGES.map((p) => [p.name, p.version]));
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
        const deps = Object.entries((packed[field] ?? {}) as Record<string, string>);
        expect(deps.filter(([, spec]) => spec.startsWith('workspace:'))).toEqual([]);
        for (const [name, spec] of deps.filter(([name]) => versions.has(name))) {
          expect([name, spec]).toEqual([name, versions.get(name)]);
        }
      }
    },
  );
});

/**
 * A package whose entry registers tests (@qcos/interface-compliance-tests, with vitest as a peer
 * dependency) loads only inside a vitest run; its README example runs it there.
 */
const loadedByVitestOnly = (pkg: PublishablePackage) =>
  Object.hasOwn((pkg.manifest['peerDependencies'] ?? {}) as object, 'vitest');

interface LoadableEntry {
  readonly specifier: string;
  readonly hasRequire: boolean;
}

/** A package's entries, and whether each has a `require` condition (a CommonJS build). */
function loadableEntries(pkg: PublishablePackage): LoadableEntry[] {
  const exportsField = (pkg.manifest['exports'] ?? {}) as Record<string, unknown>;
  return importSpecifiers(pkg).map((specifier) => {
    const conditions =
      exportsField[specifier === pkg.name ? '.' : `./${specifier.slice(pkg.name.length + 1)}`];
    const hasRequire =
      typeof conditions === 'object' && conditions !== null && 'require' in conditions;
    return { specifier, hasRequire };
  });
}

/** A script that loads each entry both ways and prints one JSON line of export names per entry. */
function loaderSource(entries: readonly LoadableEntry[]): string {
  return [
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    `for (const { specifier, hasRequire } of ${JSON.stringify(entries)}) {`,
    '  const esm = Object.keys(await import(specifier)).sort();',
    '  const cjs = hasRequire ? Object.keys(require(specifier)).sort() : null;',
    '  console.log(JSON.stringify({ specifier, esm, cjs }));',
    '}',
    '',
  ].join('\n');
}

describe('a project that installs the tarballs', () => {
  it('compiles every README example (strict, skipLibCheck off) without an error in it', () => {
    const inExamples = compiled.stdout.split('\n').filter((line) => line.startsWith('examples/'));
    expect(inExamples).toEqual([]);
  });

  it('typechecks a file importing every entry of every package, .d.ts files included', () => {
    expect({ status: compiled.status, diagnostics: compiled.stdout }).toEqual({
      status: 0,
      diagnostics: '',
    });
  });

  it('typechecks the packages but the runtime with lib ES2022 alone, without DOM', () => {
    expect({ status: compiledWithoutDom.status, diagnostics: compiledWithoutDom.stdout }).toEqual({
      status: 0,
      diagnostics: '',
    });
  });

  it('loads every entry with import and with require (where it has one): the same names', async () => {
    const entries = PACKAGES.filter((pkg) => !loadedByVitestOnly(pkg)).flatMap(loadableEntries);
    writeFileSync(join(project, 'out', 'load-entries.mjs'), loaderSource(entries));
    const result = await run(process.execPath, ['out/load-entries.mjs'], {
      cwd: project,
      timeout: RUN_TIMEOUT_MS,
    });
    expect(result.status, result.stderr).toBe(0);
    const loaded = result.stdout
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { specifier: string; esm: string[]; cjs: string[] | null },
      );
    expect(loaded.map((l) => l.specifier)).toEqual(entries.map((e) => e.specifier));
    for (const { specifier, esm, cjs } of loaded) {
      expect([specifier, esm.length > 0]).toEqual([specifier, true]);
      if (cjs !== null) expect([specifier, cjs]).toEqual([specifier, esm]);
    }
  });
});

/** How an example runs: its compiled program with node, or its test file with vitest. */
function exampleCommand({ name, example }: Example): string[] {
  const file = join('out', 'examples', `${name}.js`);
  return example.runner === 'vitest'
    ? [join('node_modules', 'vitest', 'vitest.mjs'), 'run', file]
    : [file];
}

describe('README examples, run from the installed tarballs', () => {
  it('there is an example for every package', () => {
    expect(PACKAGES.filter((pkg) => !EXAMPLES.some((e) => e.pkg === pkg))).toEqual([]);
  });

  it.each(EXAMPLES)(
    '$name (README line $example.line) exits 0 and prints',
    async (example) => {
      const address = qan?.address() as AddressInfo;
      const result = await run(process.execPath, exampleCommand(example), {
        cwd: project,
        timeout: RUN_TIMEOUT_MS,
        env: childEnv({
          QCOS_QAN_URL: `http://127.0.0.1:${address.port}`,
          QCOS_API_TOKEN: API_TOKEN,
        }),
      });
      expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({
        status: 0,
        stderr: '',
      });
      expect(result.stdout.trim()).not.toBe('');
    },
    RUN_TIMEOUT_MS + 10_000,
  );
});
