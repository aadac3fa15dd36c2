import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { bytesToHex, type PackageAdapter } from './adapter.js';

export interface Vector {
  name: string;
  operation: string;
  input: unknown;
  output?: unknown;
  error?: string;
  tolerance?: number;
}

export interface VectorFile {
  package: string;
  description: string;
  source?: string;
  vectors: Vector[];
}

export interface Outcome {
  file: string;
  package: string;
  name: string;
  passed: boolean;
  detail?: string;
}

/** Every *.json file below `dir`, sorted, so runs are reproducible. */
export function listVectorFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listVectorFiles(p));
    else if (name.endsWith('.json')) out.push(p);
  }
  return out;
}

/** Bytes become lower-case hex, bigints decimal strings, Maps objects; undefined fields drop. */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return bytesToHex(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonValue(v)]));
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonValue(v);
    return out;
  }
  return value;
}

/** Structural equality of JSON values; numbers within `tolerance` when one is given. */
export function jsonEqual(a: unknown, b: unknown, tolerance = 0, path = '$'): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b || (tolerance > 0 && Math.abs(a - b) <= tolerance)) return null;
    return `${path}: got ${a}, expected ${b}`;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return a === b ? null : `${path}: got ${JSON.stringify(a)}, expected ${JSON.stringify(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length}, expected ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = jsonEqual(a[i], b[i], tolerance, `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of [...keys].sort()) {
    if (!(k in ao)) return `${path}.${k}: missing`;
    if (!(k in bo)) return `${path}.${k}: unexpected field`;
    const d = jsonEqual(ao[k], bo[k], tolerance, `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

export function loadValidator(schemaPath: string): (data: unknown) => string | null {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  return (data) =>
    validate(data)
      ? null
      : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}

async function runVector(adapter: PackageAdapter, v: Vector): Promise<string | null> {
  const op = adapter.operations[v.operation];
  if (!op) return `unknown operation "${v.operation}" for package ${adapter.package}`;
  let result: unknown;
  try {
    result = await op(v.input);
  } catch (err) {
    const code = (err as { code?: unknown })?.code;
    if (v.error !== undefined) {
      if (code === v.error) return null;
      return `failed with ${String(code ?? err)}, expected error ${v.error}`;
    }
    return `threw ${typeof code === 'string' ? `${code}: ` : ''}${(err as Error)?.message ?? String(err)}`;
  }
  if (v.error !== undefined) return `succeeded, expected error ${v.error}`;
  return jsonEqual(toJsonValue(result), v.output, v.tolerance ?? 0);
}

export async function runFiles(
  files: readonly string[],
  adapters: ReadonlyMap<string, PackageAdapter>,
  validateFile: (data: unknown) => string | null,
  baseDir = process.cwd(),
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const path of files) {
    const file = relative(baseDir, path);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      outcomes.push({ file, package: '?', name: '(file)', passed: false, detail: String(err) });
      continue;
    }
    const invalid = validateFile(data);
    if (invalid) {
      outcomes.push({ file, package: '?', name: '(schema)', passed: false, detail: invalid });
      continue;
    }
    const vf = data as VectorFile;
    const adapter = adapters.get(vf.package);
    if (!adapter) {
      outcomes.push({
        file,
        package: vf.package,
        name: '(file)',
        passed: false,
        detail: `no adapter for package "${vf.package}"`,
      });
      continue;
    }
    for (const v of vf.vectors) {
      const detail = await runVector(adapter, v);
      outcomes.push({
        file,
        package: vf.package,
        name: v.name,
        passed: detail === null,
        ...(detail ? { detail } : {}),
      });
    }
  }
  return outcomes;
}

export function report(outcomes: readonly Outcome[]): string {
  const byPkg = new Map<string, { passed: number; failed: number }>();
  for (const o of outcomes) {
    const row = byPkg.get(o.package) ?? { passed: 0, failed: 0 };
    if (o.passed) row.passed++;
    else row.failed++;
    byPkg.set(o.package, row);
  }
  const lines: string[] = [];
  const failures = outcomes.filter((o) => !o.passed);
  for (const f of failures.slice(0, 50)) lines.push(`FAIL ${f.file} › ${f.name}: ${f.detail}`);
  if (failures.length > 50) lines.push(`… and ${failures.length - 50} more failures`);
  if (failures.length) lines.push('');
  lines.push(`${'package'.padEnd(16)} ${'passed'.padStart(7)} ${'failed'.padStart(7)}`);
  for (const [pkg, r] of [...byPkg].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`${pkg.padEnd(16)} ${String(r.passed).padStart(7)} ${String(r.failed).padStart(7)}`);
  }
  const passed = outcomes.filter((o) => o.passed).length;
  lines.push('');
  lines.push(`${passed} passed, ${outcomes.length - passed} failed`);
  return lines.join('\n');
}
