import type { KeyPoolStore } from '@qcos/interface';
import type { Etsi014KeyContainer, Etsi014Status } from '@qcos/qan-api';
import { QanError } from '../api/qan-error.js';

/** Every key the KME holds is this long (ETSI 014 `key_size`, bits). */
export const KEY_SIZE_BITS = 256;
/** Most keys one enc_keys/dec_keys request may ask for. */
export const MAX_KEYS_PER_REQUEST = 128;
/** Most keys stored per pool; older keys are kept, new ones dropped beyond it. */
export const MAX_KEYS_PER_POOL = 100_000;

/**
 * ETSI GS QKD 014 key delivery from the QAN's KME. Each DQN is a slave SAE whose pool holds the
 * keys both ends distilled over their QKD link; the caller of the API is the master SAE.
 */
export class KeyDelivery {
  constructor(
    private readonly pools: KeyPoolStore,
    private readonly kmeId: string,
    private readonly knownSae: (saeId: string) => boolean,
    /** Distils more keys for a pool on demand (runs the QAN's end of the last QKD round). */
    private readonly refill: (saeId: string) => Promise<unknown> = async () => {},
  ) {}

  private check(saeId: string): void {
    if (!this.knownSae(saeId)) {
      throw new QanError('SAE_NOT_FOUND', `no key pool is shared with SAE ${saeId}`, {
        SAE_ID: saeId,
      });
    }
  }

  async status(saeId: string): Promise<Etsi014Status> {
    this.check(saeId);
    const s = await this.pools.status(saeId);
    return {
      source_KME_ID: this.kmeId,
      target_KME_ID: saeId,
      master_SAE_ID: this.kmeId,
      slave_SAE_ID: saeId,
      key_size: KEY_SIZE_BITS,
      stored_key_count: s.storedKeyCount,
      max_key_count: MAX_KEYS_PER_POOL,
      max_key_per_request: MAX_KEYS_PER_REQUEST,
      max_key_size: KEY_SIZE_BITS,
      min_key_size: KEY_SIZE_BITS,
      max_SAE_ID_count: 0,
    };
  }

  async encKeys(
    saeId: string,
    number: number,
    sizeBits: number | undefined,
  ): Promise<Etsi014KeyContainer> {
    this.check(saeId);
    if (sizeBits !== undefined && sizeBits !== KEY_SIZE_BITS) {
      throw new QanError(
        'KEY_SIZE_UNSUPPORTED',
        `this KME delivers ${KEY_SIZE_BITS}-bit keys only`,
        {
          field: 'size',
        },
      );
    }
    if ((await this.pools.status(saeId)).storedKeyCount < number) await this.refill(saeId);
    const available = (await this.pools.status(saeId)).storedKeyCount;
    if (available < number) {
      throw new QanError(
        'KEYS_EXHAUSTED',
        `SAE ${saeId} has ${available} keys, ${number} requested`,
        {
          available,
          requested: number,
        },
      );
    }
    return { keys: (await this.pools.takeKeys(saeId, number)).map(toEtsi) };
  }

  async decKeys(saeId: string, keyIds: readonly string[]): Promise<Etsi014KeyContainer> {
    this.check(saeId);
    const found = await this.pools.fetchByIds(saeId, keyIds);
    if (found.length !== keyIds.length) {
      const missing = keyIds.filter((id) => !found.some((k) => k.keyId === id));
      throw new QanError('KEY_NOT_FOUND', 'some key_IDs are unknown or were already fetched', {
        missing,
      });
    }
    return { keys: found.map(toEtsi) };
  }
}

const toEtsi = (k: { keyId: string; key: Uint8Array }) => ({
  key_ID: k.keyId,
  key: Buffer.from(k.key).toString('base64'),
});
