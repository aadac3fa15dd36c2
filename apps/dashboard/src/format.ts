import type { RouteDecisionView } from '@qcos/qan-api';

/** A quid or hash shortened for a table; the full value goes in the title. */
export const short = (id: string, keep = 10): string =>
  id.length <= keep + 1 ? id : `${id.slice(0, keep)}…`;

/** How long ago, in words a glance can read. */
export function age(sinceMs: number | null | undefined, nowMs: number): string {
  if (sinceMs === null || sinceMs === undefined) return 'never';
  const s = Math.max(0, Math.round((nowMs - sinceMs) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}

export const percent = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)} %`;

/** A bit rate with its unit. */
export function bitRate(bps: number): string {
  if (bps >= 1e6) return `${(bps / 1e6).toFixed(2)} Mbit/s`;
  if (bps >= 1e3) return `${(bps / 1e3).toFixed(1)} kbit/s`;
  return `${bps.toFixed(0)} bit/s`;
}

/** What routing did with a job, in one line. */
export function decisionText(d: RouteDecisionView): string {
  switch (d.outcome) {
    case 'deliver':
      return `delivered to ${d.alias ?? '?'}`;
    case 'soft-reject': {
      const why = `soft-rejected ${d.requested ?? ''} (${d.reason ?? 'no reason'})`.replace(
        '  ',
        ' ',
      );
      return d.reroutedTo === undefined
        ? why
        : `${why}, re-routed to ${d.reroutedTo}${d.rerouteStage === undefined ? '' : ` (${d.rerouteStage})`}`;
    }
    case 'reject':
      return `rejected (${d.reason ?? 'no reason'})`;
  }
}
