import type { HybridSigningKey } from '@qcos/identity';
import {
  createGenesisDocument,
  DEFAULT_POLICY,
  decodeGenesisDocument,
  genesisFromDocument,
  type RecordBody,
  type RegistryState,
  type StatusPolicy,
} from '@qcos/registry-core';
import { createLogger } from '@qcos/runtime';

/** A logger that writes nothing, for tests that drive the registry in-process. */
export const silentLogger = createLogger({ name: 'test', level: 'silent' });

/** A heartbeat report of a healthy node: EKS confirmed, fidelities above the default threshold. */
export const healthyReport = {
  eksOk: true,
  eksLastSyncMs: 1,
  fidelity1qPpm: 999_000,
  fidelity2qPpm: 990_000,
  utilisationPct: 1,
  faults: [],
};

/** A REGISTER record of `alias` (eu-west, 20 qubits, at 1 000 ms) with the node key given. */
export function registerRecord(alias: string, publicKey: Uint8Array): RecordBody {
  return {
    kind: 'REGISTER',
    alias,
    address: `${alias}.example:7400`,
    scope: 'eu-west',
    qubitCapacity: 20,
    publicKey,
    atMs: 1_000,
  };
}

/**
 * The genesis of a network whose anchor trusts each of `qans` fully as a QAN member, with a
 * heartbeat interval long enough that no test or benchmark times a node out by accident.
 */
export function clusterGenesis(
  networkId: string,
  anchor: HybridSigningKey,
  qans: readonly HybridSigningKey[],
  policy: Partial<StatusPolicy> = {},
): RegistryState {
  return genesisFromDocument(
    decodeGenesisDocument(
      createGenesisDocument({
        networkId,
        anchorKey: anchor,
        policy: { ...DEFAULT_POLICY, heartbeatIntervalMs: 600_000, ...policy },
        members: qans.map((k) => ({
          role: 'QAN' as const,
          publicKey: k.publicKey,
          levelPpm: 1_000_000,
        })),
      }),
    ),
  );
}
