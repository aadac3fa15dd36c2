import type { PackageAdapter } from '../adapter.js';

// Each package's adapter lives in its own module beside this one.
const all: PackageAdapter[] = [];

export const adapters: ReadonlyMap<string, PackageAdapter> = new Map(
  all.map((a) => [a.package, a]),
);
