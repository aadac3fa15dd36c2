import type { Logger } from '@qcos/runtime';
import type { QanMetrics } from '../qan-metrics.js';
import type { NodeReports } from '../registry/node-reports.js';
import type { RegistryService } from '../registry/registry-service.js';

/** The QAN's two clocks on the registry; stopped separately, since shutdown seals in between. */
export interface RegistryTimers {
  stopTimeoutChecks(): void;
  stopSealing(): void;
}

/**
 * Block production: seal pending records on a fixed cadence; every block is committed before
 * anything it holds is acknowledged. Timeout checks turn silence into HEARTBEAT_TIMEOUT verdicts,
 * a tenth of the timeout apart (50–500 ms); contract expiry and resource advertisements run on
 * the same tick.
 */
export function startRegistryTimers(
  registry: RegistryService,
  reports: NodeReports,
  metrics: QanMetrics,
  options: { readonly blockIntervalMs: number; readonly heartbeatTimeoutMs: number },
  logger: Logger,
  /** More verdicts and records from the QAN's clock, checked on the same tick (contracts). */
  onTick: () => void = () => {},
): RegistryTimers {
  let lostRaces = registry.lostRaces;
  // A tick while a block is still committing is skipped: seals never overlap.
  const sealTimer = setInterval(() => {
    metrics.pendingRecords.set(registry.pendingCount);
    if (registry.sealInProgress) return;
    const end = metrics.sealSeconds.startTimer();
    registry.seal().then(
      (height) => {
        metrics.lostRaces.inc(registry.lostRaces - lostRaces);
        lostRaces = registry.lostRaces;
        if (height !== undefined) end();
      },
      (error: unknown) => logger.error({ err: error }, 'block production failed'),
    );
  }, options.blockIntervalMs);
  const timeoutTimer = setInterval(
    () => {
      reports.checkTimeouts();
      onTick();
    },
    Math.max(50, Math.min(500, Math.floor(options.heartbeatTimeoutMs / 10))),
  );
  return {
    stopTimeoutChecks: () => clearInterval(timeoutTimer),
    stopSealing: () => clearInterval(sealTimer),
  };
}
