import type { KeyPoolStore } from '@qcos/interface';
import type { Etsi014KeyContainer, Etsi014KeyRequest, Etsi014Status } from '@qcos/qan-api';
import { QanError } from '../api/qan-error.js';
import type { SaePairings } from './sae-pairings.js';

/** Every key the KME holds is this long (ETSI 014 `key_size`, bits). */
export const KEY_SIZE_BITS = 256;
/** Most keys one enc_keys/dec_keys request may ask for. */
export const MAX_KEYS_PER_REQUEST = 128;
/** Most keys stored per pool; older keys are kept, new ones dropped beyond it. */
export const MAX_KEYS_PER_POOL = 100_000;
/** Additional slave SAEs per request (key multicast): not supported. */
export const MAX_SAE_ID_COUNT = 0;

export interface KeyDeliveryParts {
  readonly pools: KeyPoolStore;
  readonly kmeId: string;
  readonly pairings: SaePairings;
  /** Whether a key pool is shared with this slave SAE (a directly connected DQN). */
  readonly knownSae: (slave: string) => boolean;
  /** Keys announced for a pool and not yet distilled here: delivered on demand by `refill`. */
  readonly announced?: (slave: string) => number;
  /** Distils more keys for a pool on demand (runs the QAN's end of the last QKD round). */
  readonly refill?: (slave: string) => Promise<unknown>;
}

/**
 * ETSI GS QKD 014 key delivery from the QAN's KME. Each DQN is a slave SAE whose pool holds the
 * keys both ends distilled over their QKD link; a master SAE paired with it takes keys with
 * enc_keys, and the slave fetches the same keys, by key_ID, with dec_keys naming that master.
 * The caller's SAE_ID comes from its authenticated TLS client certificate, never from the request.
 */
export class KeyDelivery {
  constructor(private readonly parts: KeyDeliveryParts) {}

  /** An unpaired caller learns nothing about the pool, not even whether it exists. */
  private check(master: string, slave: string): void {
    if (!this.parts.pairings.paired(master, slave)) {
      throw new QanError('SAE_NOT_PAIRED', `SAE ${master} is not paired with SAE ${slave}`, {
        master_SAE_ID: master,
        slave_SAE_ID: slave,
      });
    }
    if (!this.parts.knownSae(slave)) {
      throw new QanError('SAE_NOT_FOUND', `no key pool is shared with SAE ${slave}`, {
        slave_SAE_ID: slave,
      });
    }
  }

  /**
   * The pool of `slave`: keys stored, and keys announced but not yet distilled here (enc_keys
   * distils them on demand). Not an ETSI 014 call: no pairing is checked.
   */
  async fill(slave: string): Promise<{ stored: number; announced: number }> {
    const stored = (await this.parts.pools.status(slave)).storedKeyCount;
    return { stored, announced: this.parts.announced?.(slave) ?? 0 };
  }

  /** Keys enc_keys can deliver now from the pool of `slave` (capped at the pool's size). */
  async deliverable(slave: string): Promise<number> {
    const { stored, announced } = await this.fill(slave);
    return Math.min(MAX_KEYS_PER_POOL, stored + announced);
  }

  async status(master: string, slave: string): Promise<Etsi014Status> {
    this.check(master, slave);
    return {
      source_KME_ID: this.parts.kmeId,
      target_KME_ID: this.parts.kmeId,
      master_SAE_ID: master,
      slave_SAE_ID: slave,
      key_size: KEY_SIZE_BITS,
      stored_key_count: await this.deliverable(slave),
      max_key_count: MAX_KEYS_PER_POOL,
      max_key_per_request: MAX_KEYS_PER_REQUEST,
      max_key_size: KEY_SIZE_BITS,
      min_key_size: KEY_SIZE_BITS,
      max_SAE_ID_count: MAX_SAE_ID_COUNT,
    };
  }

  async encKeys(
    master: string,
    slave: string,
    request: Etsi014KeyRequest,
  ): Promise<Etsi014KeyContainer> {
    this.check(master, slave);
    refuseUnsupported(request);
    const number = request.number ?? 1;
    const { pools } = this.parts;
    if ((await pools.status(slave)).storedKeyCount < number) await this.parts.refill?.(slave);
    const available = (await pools.status(slave)).storedKeyCount;
    if (available < number) {
      throw new QanError(
        'KEYS_EXHAUSTED',
        `SAE ${slave} has ${available} keys, ${number} requested`,
        { available, requested: number },
      );
    }
    return { keys: (await pools.takeKeys(slave, number, master)).map(toEtsi) };
  }

  async decKeys(
    slave: string,
    master: string,
    keyIds: readonly string[],
  ): Promise<Etsi014KeyContainer> {
    this.check(master, slave);
    const found = await this.parts.pools.fetchByIds(slave, keyIds, master);
    if (found.length !== keyIds.length) {
      const missing = keyIds.filter((id) => !found.some((k) => k.keyId === id));
      throw new QanError(
        'KEY_NOT_FOUND',
        `some key_IDs are unknown, were not taken by ${master}, or were already fetched`,
        { missing },
      );
    }
    return { keys: found.map(toEtsi) };
  }
}

/**
 * The Key request fields this KME cannot honour (ETSI GS QKD 014 §6.2): a key size other than
 * its own, additional slave SAEs while `max_SAE_ID_count` is 0, any `extension_mandatory`.
 * `extension_optional` is ignored, as the standard lets a KME do.
 */
function refuseUnsupported(request: Etsi014KeyRequest): void {
  if (request.size !== undefined && request.size !== KEY_SIZE_BITS) {
    throw new QanError('KEY_SIZE_UNSUPPORTED', `this KME delivers ${KEY_SIZE_BITS}-bit keys only`, {
      field: 'size',
      min_key_size: KEY_SIZE_BITS,
      max_key_size: KEY_SIZE_BITS,
    });
  }
  const additional = request.additional_slave_SAE_IDs ?? [];
  if (additional.length > MAX_SAE_ID_COUNT) {
    throw new QanError(
      'ADDITIONAL_SLAVE_SAE_UNSUPPORTED',
      `this KME delivers keys to one slave SAE (max_SAE_ID_count ${MAX_SAE_ID_COUNT})`,
      { field: 'additional_slave_SAE_IDs', max_SAE_ID_count: MAX_SAE_ID_COUNT },
    );
  }
  const mandatory = request.extension_mandatory ?? [];
  if (mandatory.length > 0) {
    throw new QanError('EXTENSION_UNSUPPORTED', 'this KME supports no mandatory extension', {
      field: 'extension_mandatory',
      extensions: mandatory.flatMap((e) => Object.keys(e)),
    });
  }
}

const toEtsi = (k: { keyId: string; key: Uint8Array }) => ({
  key_ID: k.keyId,
  key: Buffer.from(k.key).toString('base64'),
});
