#!/usr/bin/env node
// Wiring and orchestration code stays readable: no function in the services (apps/*/src) or in
// the I/O packages (packages/runtime/src, packages/etcd-store/src) may span more than MAX_LINES
// lines. The protocol packages are not held to it: a codec or a simulation kernel may be one
// long, tight loop.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const MAX_LINES = 80;
const root = new URL('..', import.meta.url).pathname;
const scopes = [
  ...readdirSync(join(root, 'apps')).map((app) => join(root, 'apps', app, 'src')),
  join(root, 'packages', 'runtime', 'src'),
  join(root, 'packages', 'etcd-store', 'src'),
];

function walk(dir, out = []) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const isFunction = (n) =>
  ts.isFunctionDeclaration(n) ||
  ts.isMethodDeclaration(n) ||
  ts.isArrowFunction(n) ||
  ts.isFunctionExpression(n) ||
  ts.isConstructorDeclaration(n) ||
  ts.isGetAccessorDeclaration(n);

const failures = [];
let functions = 0;
for (const file of scopes.flatMap((dir) => walk(dir))) {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.ES2022,
    true,
  );
  const visit = (node) => {
    if (isFunction(node)) {
      functions++;
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      if (last - first + 1 > MAX_LINES)
        failures.push(`${relative(root, file)}:${first} spans ${last - first + 1} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
if (failures.length > 0) {
  console.error(`functions over ${MAX_LINES} lines in wiring code:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `function length: ${functions} functions in apps, runtime and etcd-store, none over ${MAX_LINES} lines`,
);
