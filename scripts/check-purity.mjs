#!/usr/bin/env node
// The protocol packages and the contracts package must stay deterministic and portable: no I/O,
// no clock, no ambient randomness, nothing from `node:`. A package may offer a `./node` entry
// (src/native-crypto.ts) that only adapts a native primitive behind its own interface.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const PURE = [
  'identity',
  'q-uri',
  'chips-codec',
  'registry-core',
  'trust-graph',
  'pq-transport',
  'eks-qkd-sim',
  'entanglement-sim',
  'interface',
];
/** The one file of a pure package allowed to use Node: the source of its `./node` export. */
const NATIVE_ADAPTER = 'native-crypto.ts';
const RULES = [
  [/\bfrom\s+['"]node:/, 'imports from node:'],
  [/\bimport\(\s*['"]node:/, 'imports from node:'],
  [/\brequire\(/, 'uses require()'],
  [
    /\bfrom\s+['"](fs|path|os|net|dgram|crypto|child_process|http|https|tls|worker_threads)['"]/,
    'imports a Node built-in',
  ],
  [/\bDate\.now\s*\(/, 'reads the clock (Date.now)'],
  [/\bnew\s+Date\s*\(\s*\)/, 'reads the clock (new Date())'],
  [/\bperformance\.now\s*\(/, 'reads the clock (performance.now)'],
  [/\bMath\.random\s*\(/, 'uses ambient randomness (Math.random)'],
  [/\bprocess\./, 'touches process'],
  [/\b(setTimeout|setInterval|setImmediate)\s*\(/, 'uses timers'],
  [/\bBuffer\./, 'uses Buffer (Node-only)'],
  [/\bfetch\s*\(/, 'does network I/O'],
];
// Web Crypto is ambient randomness too. Exactly one module may reach for it: the default
// `RandomBytes` of @qcos/identity. Everything else takes a `RandomBytes` parameter.
const WEB_CRYPTO = [
  [/\bglobalThis\.crypto\b/, 'uses Web Crypto (globalThis.crypto)'],
  [/\bcrypto\.getRandomValues\b/, 'uses Web Crypto (crypto.getRandomValues)'],
  [/\bcrypto\.subtle\b/, 'uses Web Crypto (crypto.subtle)'],
];
const DEFAULT_RNG_MODULE = 'packages/identity/src/random.ts';

const root = new URL('..', import.meta.url).pathname;
const failures = [];
function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|mts|cts|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}
let files = 0;
for (const pkg of PURE) {
  const src = join(root, 'packages', pkg, 'src');
  let list;
  try {
    list = walk(src);
  } catch {
    failures.push(`packages/${pkg}/src: missing`);
    continue;
  }
  for (const file of list) {
    const rel = relative(join(root, 'packages', pkg, 'src'), file);
    if (rel === NATIVE_ADAPTER) continue; // the `./node` entry: adapts node:crypto, never imported by the core
    files++;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      if (/^\s*\*/.test(code)) return; // inside a block comment
      for (const [re, what] of RULES) {
        if (re.test(code)) failures.push(`${relative(root, file)}:${i + 1}: ${what}`);
      }
      if (relative(root, file) === DEFAULT_RNG_MODULE) return;
      for (const [re, what] of WEB_CRYPTO) {
        if (re.test(code)) failures.push(`${relative(root, file)}:${i + 1}: ${what}`);
      }
    });
  }
}
try {
  statSync(join(root, DEFAULT_RNG_MODULE));
} catch {
  failures.push(`${DEFAULT_RNG_MODULE}: missing (the one module allowed to use Web Crypto)`);
}
if (failures.length) {
  console.error(`purity check: ${failures.length} violation(s)\n${failures.join('\n')}`);
  process.exit(1);
}
console.log(
  `purity check: ${files} source files in ${PURE.length} pure packages are free of I/O, clocks and ambient randomness`,
);
