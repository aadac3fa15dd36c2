import type { NodeView } from '@qcos/qan-api';
import type { RegistryState } from '@qcos/registry-core';
import type { JobRouter } from '../jobs/job-router.js';
import type { KeyDelivery } from '../keys/key-delivery.js';
import type { QanLinks } from '../peers/qan-links.js';
import type { NodeAttachments } from '../registry/node-attachments.js';
import type { FeedSources, QkdSamples } from './network-feed.js';

/** The QAN's parts the dashboard's feed reads, each already built by startQan. */
export interface FeedParts {
  readonly qanId: string;
  readonly networkId: string;
  readonly state: () => RegistryState;
  readonly nodes: () => NodeView[];
  readonly keys: KeyDelivery;
  readonly qanLinks: QanLinks;
  readonly jobs: JobRouter;
  readonly attachments: NodeAttachments;
  readonly qkd?: QkdSamples;
}

/** The feed's sources over the QAN's parts: reads only, nothing the feed could change. */
export function feedSources(parts: FeedParts): FeedSources {
  return {
    qanId: parts.qanId,
    networkId: parts.networkId,
    state: parts.state,
    nodes: parts.nodes,
    keyPool: (alias) => parts.keys.fill(alias),
    ...(parts.qkd === undefined ? {} : { qkd: parts.qkd }),
    qanConnected: (quid) => parts.qanLinks.session(quid) !== undefined,
    servedBy: (alias) => parts.attachments.holderOf(alias),
    newestJobs: (limit) => parts.jobs.newest(limit),
  };
}
