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
