import type { EksSyncBody } from '@qcos/chips-codec';
import { decoyLinkOf, eksLinkOfWire, expectedGainAndQber } from '@qcos/eks-qkd-sim';
import { RuntimeError } from '@qcos/runtime';
import { KEY_SIZE_BITS } from './key-delivery.js';

/** One EKS_SYNC of a node's QKD link, as the QAN's link metrics report it. */
export interface QkdLinkSample {
  readonly alias: string;
  readonly atMs: number;
  readonly state: 'stable' | 'lost';
  readonly qber: number; // 0..0.5, modelled from the round's link
  readonly secretKeyRateBps: number; // measured: distilled key bits per second
  readonly lossReason?: string;
}

/** Samples kept per link unless told otherwise: an hour of syncs at one every 15 s. */
export const DEFAULT_LINK_HISTORY = 240;

/** One link's bounded history (a ring buffer) and what the next sample is measured against. */
interface LinkHistory {
  readonly samples: QkdLinkSample[];
  /** Where the next sample goes once the buffer is full (the oldest one's slot). */
  next: number;
  /** The key_IDs the previous sync announced: the next one's new IDs are the keys distilled since. */
  keyIds: ReadonlySet<string>;
}

/**
 * The QBER the round's link runs at, from eks-qkd-sim's closed-form model (expectedGainAndQber at
 * the decoy source's signal intensity, with the link's intercept-resend fraction), clamped to
 * 0..0.5. Modelled, not measured: EKS_SYNC carries the link, never the QBER the node estimated.
 */
export function modelledQber(body: EksSyncBody): number {
  const link = eksLinkOfWire(body.link);
  const decoy = decoyLinkOf(link);
  const { qber } = expectedGainAndQber(
    decoy.source.signalMean,
    decoy.fibre,
    decoy.detector,
    link.eavesdropper,
  );
  return Math.min(0.5, Math.max(0, qber));
}

/**
 * Per QKD link (the link of the node named by alias), the EKS_SYNCs the QAN received: the QBER the
 * link runs at (modelled from the link the round ran over) and the secret key rate (measured:
 * the key_IDs a stable sync announces that the previous sync did not, KEY_SIZE_BITS each, over the
 * time between the two syncs; 0 for a link's first sync and for a lost one). Each link keeps at
 * most `historyPerLink` samples, the oldest dropped first; the links are the aliases callers
 * record, which the QAN bounds to its configured peers.
 */
export class QkdLinkStats {
  private readonly links = new Map<string, LinkHistory>();

  constructor(private readonly historyPerLink = DEFAULT_LINK_HISTORY) {
    if (!Number.isSafeInteger(historyPerLink) || historyPerLink < 1) {
      throw new RuntimeError('CONFIG_INVALID', 'historyPerLink must be a positive integer', {
        field: 'historyPerLink',
        value: historyPerLink,
      });
    }
  }

  /**
   * Records the EKS_SYNC `body` the node `alias` sent, received at `atMs`. A link out of
   * eks-qkd-sim's bounds throws its QkdError INVALID_PARAMETER (the CHIPS codec refuses such a
   * packet first).
   */
  record(alias: string, atMs: number, body: EksSyncBody): void {
    const qber = modelledQber(body);
    const link = this.links.get(alias);
    const previous = link === undefined ? undefined : newest(link);
    const keyIds: ReadonlySet<string> = new Set(body.keyIds);
    const status = body.status;
    const sample: QkdLinkSample =
      status.state === 'lost'
        ? { alias, atMs, state: 'lost', qber, secretKeyRateBps: 0, lossReason: status.reason }
        : {
            alias,
            atMs,
            state: 'stable',
            qber,
            secretKeyRateBps: keyRateBps(previous?.atMs, link?.keyIds, keyIds, atMs),
          };
    if (link === undefined) {
      this.links.set(alias, { samples: [sample], next: 0, keyIds });
      return;
    }
    this.push(link, sample);
    link.keyIds = keyIds;
  }

  /** The newest sample of every link, sorted by alias. */
  latest(): QkdLinkSample[] {
    return [...this.links.values()]
      .map((link) => newest(link))
      .sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
  }

  /** The samples of one link, oldest first (none for a link never recorded or forgotten). */
  history(alias: string): QkdLinkSample[] {
    const link = this.links.get(alias);
    if (link === undefined) return [];
    const { samples, next } = link;
    return [...samples.slice(next), ...samples.slice(0, next)];
  }

  /** Drops a link and its history (its node is gone). */
  forget(alias: string): void {
    this.links.delete(alias);
  }

  private push(link: LinkHistory, sample: QkdLinkSample): void {
    if (link.samples.length < this.historyPerLink) {
      link.samples.push(sample);
      return;
    }
    link.samples[link.next] = sample;
    link.next = (link.next + 1) % this.historyPerLink;
  }
}

/** The newest sample of a link: the one before the oldest's slot. */
function newest(link: LinkHistory): QkdLinkSample {
  const { samples, next } = link;
  return samples[(next + samples.length - 1) % samples.length] as QkdLinkSample;
}

/**
 * Distilled key bits per second: the key_IDs in `now` and not in `before`, KEY_SIZE_BITS each,
 * over the seconds since the previous sync. No previous sync, or no time between them: 0.
 */
function keyRateBps(
  previousAtMs: number | undefined,
  before: ReadonlySet<string> | undefined,
  now: ReadonlySet<string>,
  atMs: number,
): number {
  if (previousAtMs === undefined || before === undefined || atMs <= previousAtMs) return 0;
  let distilled = 0;
  for (const id of now) if (!before.has(id)) distilled++;
  return (distilled * KEY_SIZE_BITS) / ((atMs - previousAtMs) / 1000);
}
