import type { TimelineEvent } from '@qcos/qan-api';
import {
  openOperatorAction,
  quarantineReason,
  type RecordBody,
  type RegistryState,
} from '@qcos/registry-core';

/** Records every node sends all the time: the timeline leaves them out (the node map shows them). */
const ROUTINE = new Set(['HEARTBEAT', 'EKS_SYNC', 'CONTRACT_RENEW', 'RESOURCES']);

/** Longest value a detail shows of one field (keys and signatures are not for reading). */
const MAX_VALUE_CHARS = 24;

/** `name=value` for a record's short scalar fields, alias and kind left out. */
function detailOf(record: object): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (name === 'kind' || name === 'alias' || value instanceof Uint8Array) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    if (typeof value === 'object' && !Array.isArray(value)) continue;
    if (text.length <= MAX_VALUE_CHARS) parts.push(`${name}=${text}`);
  }
  return parts.join(' ');
}

const aliasOf = (record: object): string | undefined =>
  'alias' in record && typeof record.alias === 'string' ? record.alias : undefined;

/** The timeline event of one record; an operator action reads as its signer and the record it carries. */
function recordEvent(record: RecordBody, height: number, signer: string): TimelineEvent {
  if (record.kind === 'OPERATOR_ACTION') {
    const opened = openOperatorAction(record);
    const inner = opened.action.record;
    const alias = aliasOf(inner);
    return {
      height,
      signer,
      kind: 'OPERATOR_ACTION',
      ...(alias === undefined ? {} : { alias }),
      detail: `operator ${opened.signer} ${inner.kind} ${detailOf(inner)}`.trim(),
    };
  }
  const alias = aliasOf(record);
  return {
    height,
    signer,
    kind: record.kind,
    ...(alias === undefined ? {} : { alias }),
    detail: detailOf(record),
  };
}

/** Each node's status and reason, as a string that changes when either does. */
export type NodeStatuses = ReadonlyMap<string, string>;

export function nodeStatuses(state: RegistryState): NodeStatuses {
  return new Map(
    state.entries.map((e) => [e.alias, `${e.status.state}:${quarantineReason(e) ?? ''}`]),
  );
}

/** QUARANTINE / RECOVERY events for the nodes whose status the block changed. */
function statusEvents(before: NodeStatuses, state: RegistryState, signer: string): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const entry of state.entries) {
    const reason = quarantineReason(entry);
    const now = `${entry.status.state}:${reason ?? ''}`;
    const was = before.get(entry.alias);
    if (was === undefined || was === now) continue;
    const kind = reason === null ? 'RECOVERY' : 'QUARANTINE';
    const detail = reason === null ? 'ACTIVE' : `reason=${reason}`;
    events.push({ height: state.height, signer, kind, alias: entry.alias, detail });
  }
  return events;
}

/**
 * The timeline events of one committed block: its records other than the routine ones, then the
 * status changes its fold made (`before`: the statuses before the block).
 */
export function blockEvents(
  before: NodeStatuses,
  state: RegistryState,
  records: readonly RecordBody[],
  signer: string,
): TimelineEvent[] {
  const events = records
    .filter((r) => !ROUTINE.has(r.kind))
    .map((r) => recordEvent(r, state.height, signer));
  return [...events, ...statusEvents(before, state, signer)];
}
