import { randomBytes } from 'node:crypto';
import { hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import type { NodeView, QanApiClient } from '@qcos/qan-api';
import type { OperatorRecordBody } from '@qcos/registry-core';
import { readSeedFile } from '../operator/seed-file.js';
import { submitOperatorAction } from '../operator/submit-action.js';
import type { DevnetNetwork } from './network.js';
import { waitFor } from './wait.js';

type Step = { readonly name: string; readonly run: () => Promise<string> };

/**
 * Signs `record` with the devnet operator's seed file, submits it, and checks that the block
 * holding it shows an OPERATOR_ACTION signed by the operator's key. Returns the block height.
 */
async function act(net: DevnetNetwork, api: QanApiClient, record: OperatorRecordBody) {
  const key = readSeedFile(net.genesis.operatorSeedFile);
  const view = await submitOperatorAction(api, key, record, Date.now());
  const block = await api.getBlock({ params: { height: view.height } });
  const signed = block.records.some(
    (r) => r['kind'] === 'OPERATOR_ACTION' && r['signer'] === hybridQuid(key.publicKey),
  );
  if (!signed) throw new Error(`block ${view.height} has no action signed by the operator`);
  return `block ${view.height} (${view.kind}, seq ${view.seq}, signed by ${view.signer})`;
}

async function waitNode(
  api: QanApiClient,
  alias: string,
  ok: (n: NodeView) => boolean,
  ms: number,
) {
  return waitFor(
    `${alias} status`,
    async () => {
      const n = await api.getNode({ params: { alias } });
      return ok(n) ? n : undefined;
    },
    ms,
  );
}

/**
 * Operator actions on the devnet: the operator (a key of its own, trusted 0.9 by the genesis
 * anchor) puts sirius into maintenance and back, and grants and revokes a trust edge. Each is a
 * record in the block log signed by the operator's key, carried by the QAN.
 */
export function operatorSteps(net: DevnetNetwork, api: QanApiClient, recoverMs: number): Step[] {
  const atMs = () => Date.now();
  return [
    {
      name: 'operator puts sirius into maintenance → QUARANTINE (MAINTENANCE)',
      run: async () => {
        const where = await act(net, api, {
          kind: 'MAINTENANCE',
          alias: 'sirius',
          atMs: atMs(),
          on: true,
        });
        await waitNode(api, 'sirius', (n) => n.reason === 'MAINTENANCE', 5_000);
        return `sirius QUARANTINE (MAINTENANCE); ${where}`;
      },
    },
    {
      name: 'operator takes sirius out of maintenance → ACTIVE',
      run: async () => {
        const where = await act(net, api, {
          kind: 'MAINTENANCE',
          alias: 'sirius',
          atMs: atMs(),
          on: false,
        });
        await waitNode(api, 'sirius', (n) => n.status === 'ACTIVE', recoverMs);
        return `sirius ACTIVE; ${where}`;
      },
    },
    {
      name: 'operator grants and revokes a trust edge to a new QAN key',
      run: async () => {
        const trusteeKey = hybridKeyFromSeed(randomBytes(32)).publicKey;
        const quid = hybridQuid(trusteeKey);
        const edge = (levelPpm: number): OperatorRecordBody => ({
          kind: 'TRUST_EDGE',
          trusteeKey,
          role: 'QAN',
          levelPpm,
        });
        const trust = async () =>
          (await api.members()).members.find((m) => m.quid === quid)?.trustLevel ?? -1;
        const granted = await act(net, api, edge(800_000));
        const afterGrant = await trust();
        if (Math.abs(afterGrant - 0.72) > 1e-9) throw new Error(`trust after grant ${afterGrant}`);
        const revoked = await act(net, api, edge(0));
        const afterRevoke = await trust();
        if (afterRevoke !== 0) throw new Error(`trust after revoke ${afterRevoke}`);
        return `${quid}: 0.72 after grant (${granted}), 0 after revoke (${revoked})`;
      },
    },
  ];
}
