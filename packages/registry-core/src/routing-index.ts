/**
 * Routing indexes: the ACTIVE aliases of each Geographic-Scope and of each Qubit-Capacity
 * class, sorted by alias. applyBlock updates only the lists whose membership changed.
 */
import { capacityClass, isActive, type NodeEntry } from './entry.js';

export interface RoutingIndex {
  readonly byScope: ReadonlyMap<string, readonly string[]>;
  readonly byClass: ReadonlyMap<number, readonly string[]>;
}

export const EMPTY_INDEX: RoutingIndex = { byScope: new Map(), byClass: new Map() };

type Delta<K> = Map<K, { add: string[]; remove: Set<string> }>;

function note<K>(d: Delta<K>, key: K, alias: string, add: boolean): void {
  let slot = d.get(key);
  if (!slot) {
    slot = { add: [], remove: new Set() };
    d.set(key, slot);
  }
  if (add) slot.add.push(alias);
  else slot.remove.add(alias);
}

function applyDelta<K>(
  base: ReadonlyMap<K, readonly string[]>,
  d: Delta<K>,
): ReadonlyMap<K, readonly string[]> {
  const out = new Map(base);
  for (const [key, { add, remove }] of d) {
    const kept =
      remove.size === 0
        ? (base.get(key) ?? [])
        : (base.get(key) ?? []).filter((a) => !remove.has(a));
    const list = add.length === 0 ? kept : mergeSorted(kept, add.sort());
    if (list.length === 0) out.delete(key);
    else out.set(key, list);
  }
  return out;
}

/** Merges two alias-sorted lists in one pass (index lists can hold tens of thousands of aliases). */
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length)
    out.push((a[i] as string) <= (b[j] as string) ? (a[i++] as string) : (b[j++] as string));
  while (i < a.length) out.push(a[i++] as string);
  while (j < b.length) out.push(b[j++] as string);
  return out;
}

/**
 * The index after entries changed from `before[i]` to `after[i]` (parallel arrays; undefined
 * means absent). Only ACTIVE nodes are listed; an alias re-registered elsewhere moves between lists.
 */
export function updateIndex(
  index: RoutingIndex,
  before: readonly (NodeEntry | undefined)[],
  after: readonly (NodeEntry | undefined)[],
): RoutingIndex {
  const scopes: Delta<string> = new Map();
  const classes: Delta<number> = new Map();
  for (let i = 0; i < before.length; i++) {
    const b = before[i];
    const a = after[i];
    const was = b !== undefined && isActive(b) ? b : undefined;
    const is = a !== undefined && isActive(a) ? a : undefined;
    if (was === undefined && is === undefined) continue;
    if (was && is && was.scope === is.scope && was.qubitCapacity === is.qubitCapacity) continue;
    if (was) {
      note(scopes, was.scope, was.alias, false);
      note(classes, capacityClass(was.qubitCapacity), was.alias, false);
    }
    if (is) {
      note(scopes, is.scope, is.alias, true);
      note(classes, capacityClass(is.qubitCapacity), is.alias, true);
    }
  }
  if (scopes.size === 0) return index;
  return {
    byScope: applyDelta(index.byScope, scopes),
    byClass: applyDelta(index.byClass, classes),
  };
}

/** Builds the index from scratch (snapshots, and the property test that checks updateIndex). */
export function buildIndex(entries: readonly NodeEntry[]): RoutingIndex {
  return updateIndex(EMPTY_INDEX, new Array<undefined>(entries.length).fill(undefined), entries);
}
