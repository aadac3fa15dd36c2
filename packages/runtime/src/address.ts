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

/** Most upstreams a service fails over between. */
export const MAX_UPSTREAMS = 16;

/**
 * Parses `host:port[,host:port…]`: the upstreams a service fails over between, in order. Every
 * address must be valid (INVALID_ADDRESS), at most MAX_UPSTREAMS, none twice (CONFIG_INVALID).
 */
export function parseHostPortList(value: string, field: string): HostPort[] {
  const parts = value.split(',');
  if (parts.length > MAX_UPSTREAMS) {
    throw new RuntimeError('CONFIG_INVALID', `${field}: at most ${MAX_UPSTREAMS} addresses`, {
      field,
    });
  }
  const addresses = parts.map((p) => parseHostPort(p.trim(), field));
  if (new Set(addresses.map((a) => `${a.host}:${a.port}`)).size !== addresses.length) {
    throw new RuntimeError('CONFIG_INVALID', `${field}: an address is listed twice`, { field });
  }
  return addresses;
}
