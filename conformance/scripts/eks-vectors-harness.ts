/**
 * The harness of the eks-qkd-sim vector generator (eks-vectors.ts and the files beside it):
 * running the package through the conformance adapter, confirming hand-written or second-path
 * outputs against it, filling regression outputs after their invariants hold, and writing the
 * vector files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adapter } from '../src/adapters/eks-qkd-sim.js';

export interface Vector {
  name: string;
  operation: string;
  input: unknown;
  output?: unknown;
  error?: string;
  tolerance?: number;
  description?: string;
}

const dir = join(import.meta.dirname, '..', 'vectors', 'eks-qkd-sim');
mkdirSync(dir, { recursive: true });

function toJson(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (Array.isArray(v)) return v.map(toJson);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, toJson(x)]),
    );
  }
  return v;
}

/** Runs the operation (to fill regression outputs or to confirm hand-written ones). */
export async function run(op: string, input: unknown): Promise<unknown> {
  return toJson(await adapter.operations[op]!(input));
}

export async function confirm(v: Vector): Promise<Vector> {
  if (v.error !== undefined) {
    try {
      await adapter.operations[v.operation]!(v.input);
    } catch (e) {
      if ((e as { code?: string }).code === v.error) return v;
      throw new Error(`${v.name}: got ${(e as { code?: string }).code}, expected ${v.error}`);
    }
    throw new Error(`${v.name}: succeeded, expected ${v.error}`);
  }
  const got = await run(v.operation, v.input);
  const close = (a: unknown, b: unknown): boolean => {
    if (typeof a === 'number' && typeof b === 'number')
      return Math.abs(a - b) <= (v.tolerance ?? 0);
    if (Array.isArray(a) && Array.isArray(b))
      return a.length === b.length && a.every((x, i) => close(x, b[i]));
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      const ka = Object.keys(a).sort();
      const kb = Object.keys(b).sort();
      return (
        ka.join() === kb.join() &&
        ka.every((k) => close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
      );
    }
    return a === b;
  };
  if (!close(got, v.output)) {
    throw new Error(
      `${v.name}: package gives ${JSON.stringify(got)}, expected ${JSON.stringify(v.output)}`,
    );
  }
  return v;
}

/** Fills a regression vector's output after `check` has asserted its invariants. */
export async function regression(
  v: Omit<Vector, 'output'>,
  // biome-ignore lint/suspicious/noExplicitAny: the checks read fields of several output shapes
  check: (out: any) => void,
): Promise<Vector> {
  const output = await run(v.operation, v.input);
  check(output);
  return { ...v, output };
}

export function write(file: string, description: string, vectors: Vector[]) {
  const body = { package: 'eks-qkd-sim', description, vectors };
  writeFileSync(join(dir, file), `${JSON.stringify(body, null, 2)}\n`);
  console.log(`${file}: ${vectors.length} vectors`);
}

export function assert(cond: boolean, what: string) {
  if (!cond) throw new Error(`invariant failed: ${what}`);
}

/** A refusal vector: the operation must fail with this code, naming this field. */
export const refused = (
  name: string,
  operation: string,
  input: unknown,
  field: string,
): Vector => ({
  name,
  operation: 'refusal',
  input: { operation, input },
  output: { code: 'INVALID_PARAMETER', field },
});
