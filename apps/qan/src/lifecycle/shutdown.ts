import type { Database, Logger, SecureListener } from '@qcos/runtime';
import type { FastifyInstance } from 'fastify';
import type { RegistryService } from '../registry/registry-service.js';
import type { RegistryTimers } from './registry-timers.js';

export interface StoppableQan {
  readonly timers: RegistryTimers;
  readonly http: FastifyInstance;
  readonly listener: SecureListener;
  readonly registry: RegistryService;
  /** The block log and its connection. */
  readonly log: { close(): Promise<void> };
  readonly db: Database;
  readonly logger: Logger;
}

/** Stops taking work (timeouts, HTTP, peer sessions), seals once more, and closes the database last. */
export async function stopQan(qan: StoppableQan): Promise<void> {
  const { timers, http, listener, registry, log, db, logger } = qan;
  timers.stopTimeoutChecks();
  await http.close();
  await listener.close();
  timers.stopSealing();
  // Commit what is pending (after any seal in flight) so nothing already received is
  // silently dropped.
  try {
    await registry.seal();
  } catch (error) {
    logger.warn({ err: error }, 'final block not committed');
  }
  registry.abandonPending();
  registry.stopFollowing();
  await log.close();
  db.close();
}
