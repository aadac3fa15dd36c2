import { toHex } from '@qcos/identity';
import type { BlockView } from '@qcos/qan-api';
import { type Block, decodeBlock, type RegistryRecord } from '@qcos/registry-core';

/** JSON form of a record: byte fields as hex, everything else as is. */
function recordView(r: RegistryRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k] = v instanceof Uint8Array ? toHex(v) : v;
  return out;
}

export function blockView(block: Block): BlockView {
  return {
    height: block.height,
    hash: toHex(block.hash),
    prevHash: toHex(block.prevHash),
    origin: block.origin,
    firstL: block.lamportFirst,
    lastL: block.lamportLast,
    records: block.records.map(recordView),
  };
}

export function storedBlockView(bytes: Uint8Array): BlockView {
  return blockView(decodeBlock(bytes));
}
