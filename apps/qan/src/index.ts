import { createLogger, installGracefulShutdown, RuntimeError, systemClock } from '@qcos/runtime';
import { loadQanConfig } from './config.js';
import { startQan } from './qan.js';

/**
 * qan process entry: prints one JSON line {"event":"ready","transport":P,"http":P,"qanId":…} on
 * stdout once both listeners are up; logs go to stderr (or --log-file).
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadQanConfig>;
  try {
    config = loadQanConfig(process.argv.slice(2), process.env);
  } catch (error) {
    const e = error as RuntimeError;
    process.stderr.write(`qan: ${e.message}\n`);
    process.exit(2);
  }
  const logger = createLogger({
    name: 'qan',
    level: config.logLevel,
    ...(config.logFile === undefined ? {} : { destination: config.logFile }),
  });
  const shutdown = installGracefulShutdown({
    onStep: (error) => logger.error({ err: error }, 'shutdown step failed'),
  });
  const qan = await startQan(config, logger, systemClock);
  shutdown.add(async () => {
    logger.info({ event: 'stopping' }, 'QAN stopping');
    await qan.stop();
  });
  process.stdout.write(
    `${JSON.stringify({ event: 'ready', transport: qan.transportPort, http: qan.httpPort, qanId: qan.qanId })}\n`,
  );
}

main().catch((error: unknown) => {
  const code = error instanceof RuntimeError ? error.code : 'STARTUP_FAILED';
  process.stderr.write(`qan: ${code}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
