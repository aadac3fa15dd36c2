import { createLogger, type Logger } from '@qcos/runtime';

/** A logger whose lines (info and above) are kept as objects, to check what a component said. */
export function recordingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = { write: (line: string) => lines.push(JSON.parse(line)) };
  return { lines, logger: createLogger({ name: 'test', level: 'info', destination }) };
}
