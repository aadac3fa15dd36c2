import { createLogger } from '@qcos/runtime';

/**
 * The limits of an in-process test server: generous enough that no test meets them by accident
 * (the limit tests set their own).
 */
export const TEST_SERVER_LIMITS = {
  bodyLimitBytes: 4096,
  rateLimitMax: 10_000,
  rateLimitWindowMs: 1000,
  limits: {
    maxConnections: 64,
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    keepAliveTimeoutMs: 5_000,
  },
} as const;

/** TEST_SERVER_LIMITS with a logger that writes nothing. */
export const testServerOptions = () => ({
  ...TEST_SERVER_LIMITS,
  logger: createLogger({ name: 'test', level: 'silent' }),
});
