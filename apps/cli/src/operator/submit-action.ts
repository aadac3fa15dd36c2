import { fromHex, type HybridSigningKey, hybridQuid, toHex } from '@qcos/identity';
import type { OperatorActionView, QanApiClient } from '@qcos/qan-api';
import { type OperatorRecordBody, signOperatorAction } from '@qcos/registry-core';

/**
 * Signs `record` with the operator's key and submits it through the QAN, which carries it in its
 * next block. The seq is one above the highest the registry has folded for this signer
 * (GET /api/v1/members) and the genesis hash is the QAN's: the fold refuses the action on any
 * other network, or when another action of the same signer took that seq first
 * (ACTION_REPLAYED: sign it again).
 */
export async function submitOperatorAction(
  api: QanApiClient,
  key: HybridSigningKey,
  record: OperatorRecordBody,
  atMs: number,
): Promise<OperatorActionView> {
  const signer = hybridQuid(key.publicKey);
  const members = await api.members();
  const lastSeq = members.members.find((m) => m.quid === signer)?.lastSeq ?? 0;
  const body = signOperatorAction(
    { genesisHash: fromHex(members.genesisHash), seq: lastSeq + 1, atMs, record },
    key,
  );
  return api.submitOperatorAction({
    body: {
      action: toHex(body.action),
      signerKey: toHex(body.signerKey),
      signature: toHex(body.signature),
    },
  });
}
