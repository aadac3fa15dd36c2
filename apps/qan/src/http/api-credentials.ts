import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RouteAccess, RouteCaller } from '@qcos/qan-api';
import { assertPrivateFile, RuntimeError } from '@qcos/runtime';

/** Roles a bearer token may carry; `sae` is never a token's (SAEs present a TLS certificate). */
export const TOKEN_ROLES = ['reader', 'client', 'operator'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** One principal of the credentials file: who, in which roles, and the SHA-256 of its token. */
interface Principal {
  readonly name: string;
  readonly roles: readonly TokenRole[];
  /** The node scopes it may request resource contracts under (none when the file lists none). */
  readonly scopes: readonly string[];
  readonly digest: Buffer;
}

const NAME = /^[a-z][a-z0-9-]{0,62}$/;
/** Scopes one principal may list (a contract names at most 8). */
const MAX_SCOPES = 32;
const DIGEST = /^[0-9a-f]{64}$/;

/** SHA-256 of a bearer token, as the credentials file stores it. */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

function invalid(file: string, index: number, field: string, message: string): never {
  throw new RuntimeError('CONFIG_INVALID', `${file}: principals[${index}].${field} ${message}`, {
    file,
    index,
    field,
  });
}

/** Parses and checks one principal of the file. */
function principalOf(file: string, raw: unknown, index: number): Principal {
  const p = (raw ?? {}) as {
    name?: unknown;
    roles?: unknown;
    scopes?: unknown;
    tokenSha256?: unknown;
  };
  if (typeof p.name !== 'string' || !NAME.test(p.name))
    invalid(file, index, 'name', 'must be a lower-case label');
  const roles = p.roles;
  if (
    !Array.isArray(roles) ||
    roles.length === 0 ||
    !roles.every((r) => (TOKEN_ROLES as readonly unknown[]).includes(r))
  )
    invalid(file, index, 'roles', `must list roles of ${TOKEN_ROLES.join(', ')}`);
  if (typeof p.tokenSha256 !== 'string' || !DIGEST.test(p.tokenSha256))
    invalid(file, index, 'tokenSha256', 'must be 64 lower-case hex digits');
  const scopes = p.scopes ?? [];
  if (
    !Array.isArray(scopes) ||
    scopes.length > MAX_SCOPES ||
    !scopes.every((s) => typeof s === 'string' && NAME.test(s))
  )
    invalid(file, index, 'scopes', `must list at most ${MAX_SCOPES} lower-case labels`);
  return {
    name: p.name,
    roles: roles as TokenRole[],
    scopes: scopes as string[],
    digest: Buffer.from(p.tokenSha256, 'hex'),
  };
}

/** Reads the credentials file (owner-only, else CONFIG_FILE_PERMISSIONS). */
function readPrincipals(file: string): Principal[] {
  assertPrivateFile(file, 'API credentials');
  let parsed: { principals?: unknown };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as { principals?: unknown };
  } catch (error) {
    throw new RuntimeError('CONFIG_FILE_INVALID_JSON', `${file} is not JSON`, {
      file,
      cause: String(error),
    });
  }
  if (!Array.isArray(parsed?.principals))
    throw new RuntimeError('CONFIG_INVALID', `${file}: principals must be an array`, { file });
  const principals = parsed.principals.map((p, i) => principalOf(file, p, i));
  const names = new Set(principals.map((p) => p.name));
  if (names.size !== principals.length)
    throw new RuntimeError('CONFIG_INVALID', `${file}: principal names must be unique`, { file });
  return principals;
}

/**
 * The bearer-token principals of the HTTP API (QanConfig `credentialsFile`). The file stores only
 * each token's SHA-256, so reading it does not reveal a token; a token is found by comparing its
 * digest with every principal's in constant time. `reload` re-reads the file (token rotation on
 * SIGHUP); a file that fails its checks leaves the loaded principals in place.
 */
export class ApiCredentials {
  private principals: readonly Principal[];

  constructor(private readonly file: string | undefined) {
    this.principals = file === undefined ? [] : readPrincipals(file);
  }

  reload(): number {
    if (this.file !== undefined) this.principals = readPrincipals(this.file);
    return this.principals.length;
  }

  /** The caller a token names, or undefined for a token no principal holds. */
  authenticate(token: string): RouteCaller | undefined {
    return this.authenticateDigest(tokenDigest(token));
  }

  /**
   * The caller whose token has SHA-256 `digest`: a browser session keeps only the digest of the
   * token it signed in with and asks again on every request, so a rotated token ends its sessions.
   */
  authenticateDigest(digest: Buffer): RouteCaller | undefined {
    let found: Principal | undefined;
    // Every digest is compared, so the time taken does not say which principal matched.
    for (const p of this.principals) if (timingSafeEqual(p.digest, digest)) found = p;
    return found === undefined
      ? undefined
      : { name: found.name, roles: found.roles, scopes: found.scopes };
  }
}

/** Whether a caller's roles satisfy a route's access level (operator ⊇ client ⊇ reader). */
export function permits(access: RouteAccess, roles: readonly RouteAccess[]): boolean {
  switch (access) {
    case 'public':
      return true;
    case 'reader':
      return roles.some((r) => r === 'reader' || r === 'client' || r === 'operator');
    case 'client':
      return roles.some((r) => r === 'client' || r === 'operator');
    case 'operator':
      return roles.includes('operator');
    case 'sae':
      return roles.includes('sae');
  }
}
