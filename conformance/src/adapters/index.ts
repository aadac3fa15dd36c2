import type { PackageAdapter } from '../adapter.js';
import { adapter as chipsCodec } from './chips-codec.js';
import { adapter as eksQkdSim } from './eks-qkd-sim.js';
import { adapter as entanglementSim } from './entanglement-sim.js';
import { adapter as identity } from './identity.js';
import { adapter as pqTransport } from './pq-transport.js';
import { adapter as qUri } from './q-uri.js';
import { adapter as registryCore } from './registry-core.js';
import { adapter as trustGraph } from './trust-graph.js';

const all: PackageAdapter[] = [
  identity,
  qUri,
  chipsCodec,
  registryCore,
  trustGraph,
  pqTransport,
  eksQkdSim,
  entanglementSim,
];

export const adapters: ReadonlyMap<string, PackageAdapter> = new Map(
  all.map((a) => [a.package, a]),
);
