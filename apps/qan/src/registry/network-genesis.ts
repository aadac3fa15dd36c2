import { readFileSync } from 'node:fs';
import type { Quid } from '@qcos/identity';
import {
  createGenesis,
  DEFAULT_POLICY,
  decodeGenesisDocument,
  defaultTierOf,
  genesisFromDocument,
  RegistryError,
  type RegistryState,
  type StatusPolicy,
} from '@qcos/registry-core';
import { RuntimeError } from '@qcos/runtime';
import type { QanConfig } from '../config.js';

const refuse = (message: string, details: Record<string, unknown>): never => {
  throw new RuntimeError('CONFIG_INVALID', message, { field: 'genesisFile', ...details });
};

/**
 * The genesis the QAN folds from. With `genesisFile`, the network's genesis document (the same
 * file on every QAN of the network, so the same genesis hash): it must verify, name the configured
 * network and list this QAN as a QAN member the anchor trusts at least tentatively. Without it, a
 * standalone registry anchored on the QAN's own key (one QAN, no operators).
 */
export function networkGenesis(
  config: QanConfig,
  qanId: Quid,
  qanPublicKey: Uint8Array,
): RegistryState {
  if (config.genesisFile === undefined)
    return createGenesis({
      networkId: config.networkId,
      anchorPublicKey: qanPublicKey,
      policy: configuredPolicy(config),
    });
  const state = genesisFromFile(config.genesisFile);
  if (state.networkId !== config.networkId)
    refuse(`genesis document is for network ${state.networkId}, not ${config.networkId}`, {
      networkId: state.networkId,
    });
  const tier = defaultTierOf()(qanId, state);
  if (tier !== 'trusted' && tier !== 'tentative')
    refuse(`this QAN (${qanId}) is not a QAN member of the genesis document`, { qanId, tier });
  return state;
}

/** Reads and verifies a genesis document file (public: no permission check). */
export function genesisFromFile(file: string): RegistryState {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return refuse(`cannot read the genesis document ${file}: ${(error as Error).message}`, {});
  }
  try {
    return genesisFromDocument(decodeGenesisDocument(bytes));
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    return refuse(`genesis document ${file} refused: ${error.message}`, {
      code: error.code,
      at: error.field,
    });
  }
}

/** The status policy of a standalone registry, from the configuration. */
function configuredPolicy(config: QanConfig): StatusPolicy {
  return {
    ...DEFAULT_POLICY,
    heartbeatIntervalMs: config.heartbeatTimeoutMs,
    minFidelityPpm: Math.round(config.minFidelity * 1_000_000),
    hysteresisHeartbeats: config.hysteresisHeartbeats,
    fidelityWindow: config.fidelityWindow,
    ...(config.protocol > 1 ? { protocol: config.protocol, protocolHeight: 1 } : {}),
  };
}
