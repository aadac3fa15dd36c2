import { type HostPort, parseHostPort } from '../address.js';
import { bytesFromHex } from '../config.js';

/** A DNS-style label: node aliases, scopes, network ids. */
export const LABEL_PATTERN = '^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$';
/** Whole bytes in hex: public keys. */
export const HEX_PATTERN = '^([0-9a-fA-F]{2})+$';
/** A 32-byte seed in hex. */
export const SEED_PATTERN = '^[0-9a-fA-F]{64}$';

/**
 * JSON Schema properties of the flags every service takes: `--config FILE`, the control
 * endpoint, the identity and vendor seeds, the transport switch and the log level. A service
 * spreads them into its own schema next to its own flags.
 */
export const SERVICE_OPTION_PROPERTIES = {
  config: { type: 'string', description: 'path of a JSON config file (flag only)' },
  control: {
    type: 'string',
    default: '127.0.0.1:0',
    description: 'host:port of the control endpoint (health, metrics; 0 = any free port)',
  },
  controlTokenFile: {
    type: 'string',
    minLength: 1,
    description:
      "file (0600) holding the control endpoint's bearer token (else QCOS_CONTROL_TOKEN)",
  },
  // Secrets: from a 0600 config file or the environment, never a flag (see loadConfig).
  identitySeed: {
    type: 'string',
    pattern: SEED_PATTERN,
    writeOnly: true,
    description: 'seed of the identity keys (64 hex digits)',
  },
  vendorSeed: {
    type: 'string',
    pattern: SEED_PATTERN,
    writeOnly: true,
    description: 'seed of the vendor root that attests this process (devnet)',
  },
  insecureTransport: {
    type: 'boolean',
    default: false,
    description: 'tests only: plaintext links with claimed identities, no encryption',
  },
  logLevel: {
    type: 'string',
    enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    default: 'info',
    description: 'the lowest level logged (to stderr)',
  },
} as const;

/** The shared flags as the config loader returns them (defaults filled in). */
export interface RawServiceOptions {
  readonly control: string;
  readonly controlTokenFile?: string;
  readonly identitySeed: string;
  readonly vendorSeed?: string;
  readonly insecureTransport: boolean;
  readonly logLevel: string;
}

/** The shared flags, validated and decoded. */
export interface ServiceOptions {
  /** The control endpoint's address; loopback (127.0.0.1) unless configured otherwise. */
  readonly control: HostPort;
  /** Where the control endpoint's bearer token is read from (else QCOS_CONTROL_TOKEN). */
  readonly controlTokenFile: string | undefined;
  readonly identitySeed: Uint8Array;
  /** Seed of the vendor root that signs this process's attestation document (devnet). */
  readonly vendorSeed: Uint8Array | undefined;
  readonly insecureTransport: boolean;
  readonly logLevel: string;
}

/** Decodes the shared flags; throws the runtime's INVALID_ADDRESS or CONFIG_INVALID. */
export function serviceOptionsOf(raw: RawServiceOptions): ServiceOptions {
  return {
    control: parseHostPort(raw.control, 'control'),
    controlTokenFile: raw.controlTokenFile,
    identitySeed: bytesFromHex(raw.identitySeed),
    vendorSeed: raw.vendorSeed === undefined ? undefined : bytesFromHex(raw.vendorSeed),
    insecureTransport: raw.insecureTransport,
    logLevel: raw.logLevel,
  };
}
