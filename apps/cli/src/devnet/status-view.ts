import type { NodeView } from '@qcos/qan-api';
import { renderTable } from '../table.js';
import type { StepResult } from './scenario.js';

function ago(ms: number | null, now: number): string {
  if (ms === null) return '-';
  const s = (now - ms) / 1000;
  return s < 0 ? '0.0s' : `${s.toFixed(1)}s`;
}

/** The live table of nodes as the QAN's registry sees them. */
export function renderNodes(nodes: readonly NodeView[], now: number): string {
  return renderTable(
    ['NODE', 'SCOPE', 'STATUS', 'REASON', 'FIDELITY', 'EKS', 'LAST HB', 'LINK'],
    nodes.map((n) => [
      n.alias,
      n.scope,
      n.status,
      n.reason === null
        ? ''
        : `${n.reason}${n.reasonDetail === undefined ? '' : ` (${n.reasonDetail})`}`,
      n.avgFidelity.toFixed(4),
      n.eks.ok ? 'ok' : `lost:${n.eks.lossReason ?? '?'}`,
      ago(n.lastHeartbeatMs, now),
      n.connected === false ? 'down' : n.via === undefined ? 'direct' : 'relay',
    ]),
  );
}

export function renderSteps(results: readonly StepResult[], running: string | undefined): string {
  const lines = results.map(
    (r) => `${r.ok ? '✔' : '✘'} ${r.step} — ${r.detail} (${(r.ms / 1000).toFixed(1)}s)`,
  );
  if (running !== undefined) lines.push(`… ${running}`);
  return lines.join('\n');
}

/** Redraws a block of text in place on a terminal; on a pipe, prints only when it changed. */
export class LiveView {
  private lastLines = 0;
  private lastText = '';

  constructor(private readonly out: NodeJS.WriteStream) {}

  get interactive(): boolean {
    return this.out.isTTY === true;
  }

  draw(text: string): void {
    if (!this.interactive) return;
    if (this.lastLines > 0) this.out.write(`\x1b[${this.lastLines}F\x1b[J`);
    this.out.write(`${text}\n`);
    this.lastLines = text.split('\n').length;
  }

  /** Non-interactive output: the node table only when some status changed. */
  printIfChanged(text: string, key: string): void {
    if (this.interactive || key === this.lastText) return;
    this.lastText = key;
    this.out.write(`${text}\n\n`);
  }

  /** Leaves the current drawing on screen and starts fresh below it. */
  release(): void {
    this.lastLines = 0;
  }
}
