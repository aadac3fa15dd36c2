import { isNetworkAddress } from '@qcos/registry-core';

/**
 * A socket's `host:port` in the registry's Network-Address form: IPv4 hosts become
 * IPv4-mapped IPv6 (`[::ffff:127.0.0.1]:7400`), IPv6 hosts are bracketed. Falls back to
 * `localhost:<port>` when the socket gave nothing usable.
 */
export function toNetworkAddress(remote: string): string {
  const at = remote.lastIndexOf(':');
  const host = remote.slice(0, at);
  const port = remote.slice(at + 1);
  const candidates = [
    /^\d+\.\d+\.\d+\.\d+$/.test(host)
      ? `[::ffff:${host}]:${port}`
      : `[${host.toLowerCase()}]:${port}`,
    `localhost:${port}`,
  ];
  return candidates.find((c) => isNetworkAddress(c)) ?? 'localhost:1';
}
