import { toHex } from '@qcos/identity';
import { decodeEntry } from '@qcos/registry-core';
import { type ControlRoute, controlError } from '@qcos/runtime';
import type { EksHopRelay } from './eks-hop-relay.js';
import type { RegistryReplica } from './registry-replica.js';
import type { Relay } from './relay.js';
import type { RelayMetrics } from './relay-metrics.js';

/** JSON of a decoded entry: bytes as hex. */
function entryJson(bytes: Uint8Array): unknown {
  return JSON.parse(
    JSON.stringify(decodeEntry(bytes), (_k, v: unknown) =>
      v instanceof Uint8Array ? toHex(v) : v,
    ),
  );
}

/**
 * GET /health, /metrics, /eks/announcements, /registry/root and
 * /registry/nodes/<alias> (the entry with its Merkle inclusion proof against
 * the replica's root).
 */
export function relayRoutes(
  relay: Relay,
  replica: RegistryReplica | undefined,
  metrics: RelayMetrics,
  eks: EksHopRelay | undefined,
): ControlRoute[] {
  const noReplica = {
    status: 404,
    json: controlError('NO_REPLICA', 'no registry genesis configured (--qan-public-key)'),
  };
  const get = (path: string, handle: ControlRoute['handle'], prefix = false): ControlRoute => ({
    method: 'GET',
    path,
    prefix,
    handle,
  });
  return [
    get('/health', () => ({ status: 200, json: relay.health() })),
    get('/eks/announcements', () =>
      eks === undefined
        ? {
            status: 404,
            json: controlError('NO_EKS_RELAY', 'the EKS relay is off (--eks-relay false)'),
          }
        : { status: 200, json: { stock: eks.stock, announcements: eks.announcements() } },
    ),
    get('/metrics', async () => ({ status: 200, text: await metrics.registry.metrics() })),
    get('/registry/root', () =>
      replica === undefined
        ? noReplica
        : {
            status: 200,
            json: {
              height: replica.height,
              root: toHex(replica.root()),
              nodeCount: replica.current.entries.length,
            },
          },
    ),
    get(
      '/registry/nodes/',
      ({ rest: alias }) => {
        if (replica === undefined) return noReplica;
        const proof = replica.proof(alias);
        if (proof === null)
          return {
            status: 404,
            json: controlError('NODE_NOT_FOUND', `no node ${alias}`, { alias }),
          };
        return {
          status: 200,
          json: {
            alias,
            height: replica.height,
            root: toHex(replica.root()),
            entry: entryJson(proof.entry),
            proof: {
              entry: toHex(proof.entry),
              index: proof.index,
              treeSize: proof.treeSize,
              path: proof.path.map(toHex),
            },
          },
        };
      },
      true,
    ),
  ];
}
