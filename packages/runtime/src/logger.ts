import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger } from 'pino';

export interface LoggerSettings {
  /** Service name written into every line as `service`. */
  readonly name: string;
  /** pino level; default `info`. */
  readonly level?: LoggerOptions['level'];
  /**
   * Where lines go. Services write logs to stderr (fd 2) so that stdout stays free for the
   * machine-readable `ready` line their orchestrator reads.
   */
  readonly destination?: DestinationStream | number | string;
}

/** A pino logger writing JSON lines (synchronously, so nothing is lost on a crash). */
export function createLogger(settings: LoggerSettings): Logger {
  const destination = settings.destination ?? 2;
  const stream =
    typeof destination === 'number' || typeof destination === 'string'
      ? pino.destination({ dest: destination, sync: true, mkdir: true })
      : destination;
  return pino(
    { name: settings.name, level: settings.level ?? 'info', base: { service: settings.name } },
    stream,
  );
}
