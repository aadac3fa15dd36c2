#!/usr/bin/env -S npx tsx
/**
 * Runs every conformance vector against the built packages.
 *
 *   pnpm conformance                      # the repository's own vectors
 *   pnpm conformance --vectors DIR [...]  # plus extra directories in the same format
 *   pnpm conformance --only DIR           # only the given directories
 */
import { resolve } from 'node:path';
import { adapters } from './adapters/index.js';
import { listVectorFiles, loadValidator, report, runFiles } from './runner.js';

const here = new URL('.', import.meta.url).pathname;
const repoRoot = resolve(here, '..', '..');

function parseArgs(argv: string[]): { dirs: string[]; includeDefault: boolean } {
  const dirs: string[] = [];
  let includeDefault = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') continue;
    if (a === '--vectors' || a === '--only') {
      const dir = argv[++i];
      if (!dir) throw new Error(`${a} needs a directory`);
      dirs.push(resolve(dir));
      if (a === '--only') includeDefault = false;
    } else if (a === '--help' || a === '-h') {
      console.log('usage: pnpm conformance [--vectors DIR]... [--only DIR]...');
      process.exit(0);
    } else {
      throw new Error(`unknown argument: ${a}`);
    }
  }
  return { dirs, includeDefault };
}

const { dirs, includeDefault } = parseArgs(process.argv.slice(2));
const roots = [...(includeDefault ? [resolve(repoRoot, 'conformance', 'vectors')] : []), ...dirs];
const files = roots.flatMap((d) => listVectorFiles(d));
const validate = loadValidator(resolve(repoRoot, 'schemas/conformance/vector-file.schema.json'));
const outcomes = await runFiles(files, adapters, validate, repoRoot);
console.log(report(outcomes));
process.exit(outcomes.length > 0 && outcomes.every((o) => o.passed) ? 0 : 1);
