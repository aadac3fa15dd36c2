import { encodeCanonical } from '@qcos/chips-codec';
import { equalBytes } from '@qcos/identity';
import {
  blockVersionAt,
  CONTRACTS_PROTOCOL,
  type NodeResources,
  RegistryError,
  validateRecordBody,
} from '@qcos/registry-core';
import { type Clock, type Logger, RuntimeError } from '@qcos/runtime';
import type { PeerConfig } from '../config.js';
import type { RegistryService } from '../registry/registry-service.js';

/**
 * The resources of each configured DQN that declares them, checked with the registry's own
 * record rules at start: a bad declaration is CONFIG_INVALID naming the peer and the field, not
 * a record the fold refuses later. The node's operator declares them at its home QAN — a DQN
 * does not get to claim more slots or links than it was configured with.
 */
export function configuredResources(peers: readonly PeerConfig[]): Map<string, NodeResources> {
  const out = new Map<string, NodeResources>();
  peers.forEach((p, i) => {
    if (p.role !== 'dqn' || p.resources === undefined) return;
    const prefix = `peers[${i}].resources`;
    try {
      const r = validateRecordBody(
        { kind: 'RESOURCES', alias: p.name, atMs: 0, ...p.resources },
        ['RESOURCES'],
        -1,
        prefix,
      );
      if (r.kind !== 'RESOURCES') return;
      out.set(p.name, { memorySlots: r.memorySlots, links: r.links, window: r.window });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      throw new RuntimeError('CONFIG_INVALID', `${prefix}: ${error.message}`, {
        field: error.field ?? prefix,
      });
    }
  });
  return out;
}

/** Equal advertisements have equal canonical bytes, whatever the order of their maps' keys. */
const sameResources = (a: NodeResources, b: NodeResources): boolean =>
  equalBytes(encodeCanonical(a as never), encodeCanonical(b as never));

/**
 * Keeps the registry's advertisement of each node this QAN is home of equal to its configured
 * resources: a RESOURCES record when the node has none or a different one, once contracts are
 * folded. Idempotent: called on every tick, it writes nothing when the log already agrees.
 */
export class ResourceAdverts {
  constructor(
    private readonly registry: RegistryService,
    private readonly configured: ReadonlyMap<string, NodeResources>,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  advertiseChanged(): number {
    const state = this.registry.state;
    if (blockVersionAt(state.policy, state.height + 1) < CONTRACTS_PROTOCOL) return 0;
    const queued = new Set(
      this.registry.pendingRecords().flatMap((r) => (r.kind === 'RESOURCES' ? [r.alias] : [])),
    );
    let written = 0;
    for (const [alias, resources] of this.configured) {
      const entry = this.registry.entry(alias);
      if (entry === undefined || entry.homeQan !== this.registry.origin || queued.has(alias))
        continue;
      const current = state.contracts.resources.get(alias);
      if (current !== undefined && sameResources(current, resources)) continue;
      written++;
      this.registry.submit({ kind: 'RESOURCES', alias, atMs: this.clock.now(), ...resources }).then(
        () => this.logger.info({ event: 'resources_advertised', alias }, 'resources advertised'),
        (error: unknown) =>
          this.logger.warn({ alias, err: String(error) }, 'resources advertisement refused'),
      );
    }
    return written;
  }
}
