import { createLogger, type Logger } from '../logger.js';
import { installGracefulShutdown, type ShutdownStep } from '../shutdown.js';
import { type ControlRoute, startControlServer } from './control-server.js';
import { loadControlToken } from './control-token.js';
import type { ServiceOptions } from './options.js';

/** A service whose parts are built and listening, before its control endpoint opens. */
export interface BuiltService {
  /** The quid this process speaks as. */
  readonly nodeId: string;
  readonly routes: readonly ControlRoute[];
  /** A control endpoint without writes answers 405 to anything but GET. */
  readonly readOnly?: boolean;
  /** Starts the service's own loops (sessions, timers) once the control endpoint listens. */
  start(): void;
  /** Stops the service's parts on shutdown, in this order, before the control endpoint closes. */
  readonly stops: readonly ShutdownStep[];
  /** Extra fields of the `started` log line (besides nodeId and the control port). */
  readonly startedFields: Readonly<Record<string, unknown>>;
  /** Extra fields of the `ready` line (besides the control port, alias and nodeId). */
  readonly readyFields?: Readonly<Record<string, unknown>>;
}

export interface ServiceDefinition<Options extends ServiceOptions & { readonly alias: string }> {
  /** Process name: the logger's name and the prefix of start-up errors. */
  readonly name: string;
  /** What the log lines call it: `<noun> started`, `<noun> stopped`. */
  readonly noun: string;
  /** What its attestation document vouches for, in the missing vendor seed message. */
  readonly attests: string;
  loadOptions(argv: readonly string[], env: NodeJS.ProcessEnv): Options;
  build(options: Options, logger: Logger): Promise<BuiltService> | BuiltService;
}

/**
 * Runs a service process: options and the control token (exit code 2 on a bad or missing one)
 * → logger (stderr, with the alias) → the service's parts → control endpoint (bearer token,
 * JSON bodies) → graceful shutdown on SIGINT/SIGTERM.
 * Prints one JSON line `{"event":"ready","control":PORT,...}` on stdout once everything
 * listens, which is what process supervisors and tests wait for.
 */
export async function runService<Options extends ServiceOptions & { readonly alias: string }>(
  service: ServiceDefinition<Options>,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  let options: Options;
  let token: string;
  try {
    options = service.loadOptions(argv, env);
    token = loadControlToken(options.controlTokenFile, env);
  } catch (error) {
    process.stderr.write(`${service.name}: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const logger = createLogger({ name: service.name, level: options.logLevel }).child({
    alias: options.alias,
  });
  if (options.vendorSeed === undefined && !options.insecureTransport) {
    const message = `--vendor-seed is required to attest ${service.attests}`;
    logger.fatal({ event: 'config_error' }, message);
    process.exitCode = 2;
    return;
  }
  const built = await service.build(options, logger);
  const control = await startControlServer({
    host: options.control.host,
    port: options.control.port,
    token,
    routes: built.routes,
    readOnly: built.readOnly ?? false,
  });
  const shutdown = installGracefulShutdown({
    onStep: (error) =>
      logger.error({ event: 'shutdown_error', err: String(error) }, 'shutdown step failed'),
  });
  // Steps run last-added first: the service's parts, then the control endpoint, then the log line.
  shutdown.add(() => logger.info({ event: 'stopped' }, `${service.noun} stopped`));
  shutdown.add(() => control.close());
  for (const stop of [...built.stops].reverse()) shutdown.add(stop);
  built.start();
  logger.info(
    {
      event: 'started',
      nodeId: built.nodeId,
      ...built.startedFields,
      control: control.port,
      controlHost: options.control.host,
    },
    `${service.noun} started`,
  );
  const ready = { event: 'ready', ...built.readyFields, control: control.port };
  process.stdout.write(
    `${JSON.stringify({ ...ready, alias: options.alias, nodeId: built.nodeId })}\n`,
  );
}
