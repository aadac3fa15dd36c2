import {
  createLogger,
  installGracefulShutdown,
  RuntimeError,
  serviceInfoRequest,
  systemClock,
} from '@qcos/runtime';
import { loadQanConfig, QAN_CONFIG_SCHEMA } from './config.js';
import { startQan } from './qan.js';

/**
 * qan process entry: prints one JSON line {"event":"ready","transport":P,"http":P,"etsi014":P,
 * "qanId":…} on stdout once the listeners are up (`etsi014` only when key delivery is served);
 * logs go to stderr (or --log-file).
 */
async function main(): Promise<void> {
  // `qan --help` lists every option of the config schema; `qan --version` names this build.
  const info = serviceInfoRequest(process.argv.slice(2), {
    name: 'qan',
    summary: 'Quantum Authority Node: the registry, job routing and key delivery of a network',
    schema: QAN_CONFIG_SCHEMA,
    packageJson: new URL('../package.json', import.meta.url),
  });
  if (info !== undefined) {
    process.stdout.write(info);
    return;
  }
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
  // Token rotation: replace the credentials file, then SIGHUP; a bad file keeps the old tokens.
  process.on('SIGHUP', () => {
    try {
      logger.info(
        { event: 'credentials-reloaded', principals: qan.reloadCredentials() },
        'credentials reloaded',
      );
    } catch (error) {
      logger.error({ err: error }, 'credentials not reloaded');
    }
  });
  const ready = {
    event: 'ready',
    transport: qan.transportPort,
    http: qan.httpPort,
    ...(qan.etsi014Port === undefined ? {} : { etsi014: qan.etsi014Port }),
    qanId: qan.qanId,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

main().catch((error: unknown) => {
  const code = error instanceof RuntimeError ? error.code : 'STARTUP_FAILED';
  process.stderr.write(`qan: ${code}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
