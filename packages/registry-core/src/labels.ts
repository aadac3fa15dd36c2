import { isDqnAlias, isGeoScope } from '@qcos/q-uri';

/**
 * DQN-Alias, Geographic-Scope and the network id are DNS labels: lower-case letter first, then
 * letters, digits and '-', 1–63 characters, no trailing '-'. The rule is @qcos/q-uri's, so a
 * name the registry accepts is always addressable by a Q-URI.
 */
export function isLabel(value: unknown): value is string {
  return typeof value === 'string' && isDqnAlias(value);
}

/** A DQN-Alias (node name), by the Q-URI rule. */
export const isAlias = (value: unknown): value is string =>
  typeof value === 'string' && isDqnAlias(value);

/** A Geographic-Scope, by the Q-URI rule. */
export const isScope = (value: unknown): value is string =>
  typeof value === 'string' && isGeoScope(value);

/**
 * Network-Address: `[IPv6]:port` or `domain:port` (port 1–65535, no leading zeros).
 * Domains are dot-separated lower-case DNS labels whose last label is not all digits.
 */
const IPV6_HOST = /^\[([0-9a-f:.]{2,45})\]$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isNetworkAddress(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 261) return false;
  const colon = value.lastIndexOf(':');
  if (colon <= 0) return false;
  const host = value.slice(0, colon);
  const port = value.slice(colon + 1);
  if (!/^[1-9][0-9]{0,4}$/.test(port) || Number(port) > 65_535) return false;
  const v6 = IPV6_HOST.exec(host);
  if (v6) return isIpv6(v6[1] as string);
  if (host.length > 253) return false;
  const labels = host.split('.');
  return (
    labels.length >= 1 &&
    labels.every((l) => DOMAIN_LABEL.test(l)) &&
    !/^[0-9]+$/.test(labels[labels.length - 1] as string)
  );
}

/** RFC 4291 text form in lower case, with at most one '::' and an optional dotted IPv4 tail. */
function isIpv6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  const all = [...head, ...tail];
  let width = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i] as string;
    if (i === all.length - 1 && g.includes('.')) {
      if (
        !/^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$/.test(
          g,
        )
      )
        return false;
      width += 2;
    } else if (/^[0-9a-f]{1,4}$/.test(g)) width += 1;
    else return false;
  }
  return halves.length === 2 ? width < 8 : width === 8;
}
