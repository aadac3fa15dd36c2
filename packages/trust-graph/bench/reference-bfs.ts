/**
 * A faithful port of the Quidnug reference node's ComputeRelationalTrust (v1.0): BFS over
 * partial paths from the observer, one global `visited` set that marks a node when it is
 * first enqueued (so later, better paths through it are never extended), and caps of
 * 10 000 on the queue length and on the visited count (exceeding either returns the best
 * found so far with ErrTrustGraphTooLarge). Go ranges over a map in random order; the port
 * takes the neighbour order as a parameter so that dependence can be shown.
 */
export const REFERENCE_MAX_QUEUE = 10_000;
export const REFERENCE_MAX_VISITED = 10_000;

export type ReferenceAdjacency = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface ReferenceResult {
  readonly trust: number;
  readonly path: readonly string[];
  readonly tooLarge: boolean;
}

interface State {
  readonly quid: string;
  readonly path: string[];
  readonly trust: number;
}

export function referenceRelationalTrust(
  graph: ReferenceAdjacency,
  observer: string,
  target: string,
  maxDepth = 5,
  order: (trustees: [string, number][]) => [string, number][] = (t) => t,
): ReferenceResult {
  if (maxDepth <= 0) maxDepth = 5;
  if (observer === target) return { trust: 1, path: [observer], tooLarge: false };
  const queue: State[] = [{ quid: observer, path: [observer], trust: 1 }];
  let head = 0;
  const visited = new Set<string>([observer]);
  let bestTrust = 0;
  let bestPath: string[] = [];
  while (head < queue.length) {
    if (queue.length - head > REFERENCE_MAX_QUEUE || visited.size > REFERENCE_MAX_VISITED) {
      return { trust: bestTrust, path: bestPath, tooLarge: true };
    }
    const current = queue[head++] as State;
    const trustees = order([...(graph.get(current.quid) ?? new Map<string, number>())]);
    for (const [trustee, edgeTrust] of trustees) {
      if (current.path.includes(trustee)) continue;
      const pathTrust = current.trust * edgeTrust;
      const newPath = [...current.path, trustee];
      if (trustee === target) {
        if (pathTrust > bestTrust) {
          bestTrust = pathTrust;
          bestPath = newPath;
        }
        continue;
      }
      if (current.path.length < maxDepth && !visited.has(trustee)) {
        visited.add(trustee);
        queue.push({ quid: trustee, path: newPath, trust: pathTrust });
      }
    }
  }
  return { trust: bestTrust, path: bestPath, tooLarge: false };
}
