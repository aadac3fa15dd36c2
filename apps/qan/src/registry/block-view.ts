import { toHex } from '@qcos/identity';
import type { BlockView } from '@qcos/qan-api';
import {
  type Block,
  decodeBlock,
  openOperatorAction,
  type RegistryRecord,
} from '@qcos/registry-core';

/**
 * JSON form of a record: byte fields as hex, everything else as is. An operator action also
 * shows its signer's quid and the action decoded (seq, atMs and the record it carries).
 */
function recordView(r: RegistryRecord | object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k] = v instanceof Uint8Array ? toHex(v) : v;
  if ('kind' in r && r.kind === 'OPERATOR_ACTION') {
    const { action, signer } = openOperatorAction(r);
    out.signer = signer;
    out.operatorAction = { seq: action.seq, atMs: action.atMs, record: recordView(action.record) };
  }
  return out;
}

export function blockView(block: Block): BlockView {
  return {
    version: block.version,
    height: block.height,
    hash: toHex(block.hash),
    prevHash: toHex(block.prevHash),
    origin: block.origin,
    firstL: block.lamportFirst,
    lastL: block.lamportLast,
    records: block.records.map(recordView),
    ...(block.stateRoot === undefined ? {} : { stateRoot: toHex(block.stateRoot) }),
  };
}

export function storedBlockView(bytes: Uint8Array): BlockView {
  return blockView(decodeBlock(bytes));
}
