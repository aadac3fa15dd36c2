import { RuntimeError } from './errors.js';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses `host:port` or `[v6]:port` from a flag or config value; port 0 (pick a free one) is
 * allowed for listeners. `field` names the option in the error.
 */
export function parseHostPort(value: string, field: string): HostPort {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(value);
  const port = m === null ? Number.NaN : Number(m[3]);
  if (m === null || port > 65535) {
    throw new RuntimeError('INVALID_ADDRESS', `${field}: expected host:port, got "${value}"`, {
      field,
      value,
    });
  }
  return { host: m[1] ?? m[2]!, port };
}
