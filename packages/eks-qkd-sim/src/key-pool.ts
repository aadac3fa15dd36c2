import { type RandomBytes, webCryptoRandom } from '@qcos/identity';
import { isUuidV4, toBase64, uuidV4 } from './codec.js';
import { checkInteger, QkdError } from './errors.js';

/**
 * A key pool for one peer pair with the data model of ETSI GS QKD 014 V1.1.1 (2019):
 * the master SAE fetches keys with enc_keys, the slave SAE fetches the same keys by key_ID with
 * dec_keys. QKD output is deposited as raw bytes; keys are cut from it on request, each with a
 * fresh UUID key_ID, and held "in flight" until the slave has fetched them once.
 */

/** ETSI GS QKD 014 §6.1 Status. */
export interface EtsiStatus {
  readonly source_KME_ID: string;
  readonly target_KME_ID: string;
  readonly master_SAE_ID: string;
  readonly slave_SAE_ID: string;
  /** Default key size in bits. */
  readonly key_size: number;
  /** Keys of key_size bits the pool can still hand out. */
  readonly stored_key_count: number;
  readonly max_key_count: number;
  readonly max_key_per_request: number;
  readonly max_key_size: number;
  readonly min_key_size: number;
  /** Additional slave SAEs per request; 0: multicast not supported. */
  readonly max_SAE_ID_count: number;
}

/** ETSI GS QKD 014 §6.3 Key container. */
export interface EtsiKey {
  readonly key_ID: string;
  /** Key bytes in Base64. */
  readonly key: string;
}
export interface EtsiKeyContainer {
  readonly keys: readonly EtsiKey[];
}

/** ETSI GS QKD 014 §6.2 Key request (POST enc_keys body), after validation. */
export interface EncKeysRequest {
  readonly number: number;
  readonly size: number;
}

/** ETSI GS QKD 014 §6.4 Key IDs (POST dec_keys body), after validation. */
export interface DecKeysRequest {
  readonly keyIds: readonly string[];
}

export interface KeyPoolConfig {
  readonly sourceKmeId: string;
  readonly targetKmeId: string;
  readonly masterSaeId: string;
  readonly slaveSaeId: string;
  /** Default key size in bits (multiple of 8; default 256). */
  readonly keySize?: number;
  /** Capacity in keys of keySize bits (default 1024). */
  readonly maxKeyCount?: number;
  /** Default 128. */
  readonly maxKeyPerRequest?: number;
  /** Bounds on a requested size in bits (defaults 64 … 4096). */
  readonly minKeySize?: number;
  readonly maxKeySize?: number;
}

/** Largest pool (capacity × key size) accepted: 64 MiB of key material. */
export const MAX_POOL_BYTES = 64 * 1024 * 1024;
/** Longest SAE/KME identifier accepted. */
export const MAX_ID_LENGTH = 256;

function checkId(field: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_ID_LENGTH) {
    throw new QkdError(
      'INVALID_PARAMETER',
      field,
      `must be a string of 1…${MAX_ID_LENGTH} characters`,
    );
  }
  return v;
}

export class KeyPool {
  readonly config: Required<KeyPoolConfig>;
  private material: Uint8Array;
  private head = 0;
  private tail = 0;
  /** Keys handed to the master and not yet fetched by the slave, by key_ID. */
  private readonly inFlight = new Map<string, Uint8Array>();
  private readonly random: RandomBytes;

  constructor(config: KeyPoolConfig, random: RandomBytes = webCryptoRandom) {
    const keySize = checkInteger('keySize', config.keySize ?? 256, 8, 65536);
    if (keySize % 8 !== 0)
      throw new QkdError('INVALID_PARAMETER', 'keySize', 'must be a multiple of 8');
    const minKeySize = checkInteger('minKeySize', config.minKeySize ?? 64, 8, 65536);
    const maxKeySize = checkInteger('maxKeySize', config.maxKeySize ?? 4096, minKeySize, 65536);
    // key_size is the size of a key requested without `size`: it must be one the pool serves.
    if (keySize < minKeySize || keySize > maxKeySize)
      throw new QkdError('INVALID_PARAMETER', 'keySize', 'must lie in [minKeySize, maxKeySize]');
    const maxKeyCount = checkInteger('maxKeyCount', config.maxKeyCount ?? 1024, 1, 2 ** 24);
    if ((maxKeyCount * keySize) / 8 > MAX_POOL_BYTES) {
      throw new QkdError('LIMIT_EXCEEDED', 'maxKeyCount', `pool above ${MAX_POOL_BYTES} bytes`);
    }
    this.config = {
      sourceKmeId: checkId('sourceKmeId', config.sourceKmeId),
      targetKmeId: checkId('targetKmeId', config.targetKmeId),
      masterSaeId: checkId('masterSaeId', config.masterSaeId),
      slaveSaeId: checkId('slaveSaeId', config.slaveSaeId),
      keySize,
      maxKeyCount,
      maxKeyPerRequest: checkInteger('maxKeyPerRequest', config.maxKeyPerRequest ?? 128, 1, 65536),
      minKeySize,
      maxKeySize,
    };
    this.material = new Uint8Array((maxKeyCount * keySize) / 8);
    this.random = random;
  }

  /** Bytes of unissued key material. */
  get availableBytes(): number {
    return this.tail - this.head;
  }

  /** Bits of key the pool can still issue (the EKS status reports this). */
  get availableBits(): number {
    return this.availableBytes * 8;
  }

  /**
   * Adds QKD output (both ends deposit the same bytes in the same order). Material beyond the
   * capacity is dropped; returns the number of bytes kept.
   */
  deposit(key: Uint8Array): number {
    if (!(key instanceof Uint8Array))
      throw new QkdError('INVALID_PARAMETER', 'key', 'must be a Uint8Array');
    if (this.head > 0) {
      this.material.copyWithin(0, this.head, this.tail);
      this.tail -= this.head;
      this.head = 0;
    }
    const kept = Math.min(key.length, this.material.length - this.tail);
    this.material.set(key.subarray(0, kept), this.tail);
    this.tail += kept;
    return kept;
  }

  /** GET /api/v1/keys/{slave_SAE_ID}/status, asked by the master SAE. */
  status(): EtsiStatus {
    const c = this.config;
    return {
      source_KME_ID: c.sourceKmeId,
      target_KME_ID: c.targetKmeId,
      master_SAE_ID: c.masterSaeId,
      slave_SAE_ID: c.slaveSaeId,
      key_size: c.keySize,
      stored_key_count: Math.floor(this.availableBits / c.keySize),
      max_key_count: c.maxKeyCount,
      max_key_per_request: c.maxKeyPerRequest,
      max_key_size: c.maxKeySize,
      min_key_size: c.minKeySize,
      max_SAE_ID_count: 0,
    };
  }

  /**
   * /api/v1/keys/{slave_SAE_ID}/enc_keys: issues `number` keys of `size` bits to the master and
   * keeps them for the slave's dec_keys. All or nothing: KEY_EXHAUSTED leaves the pool unchanged.
   */
  encKeys(slaveSaeId: string, request: EncKeysRequest): EtsiKeyContainer {
    if (slaveSaeId !== this.config.slaveSaeId) {
      throw new QkdError('INVALID_REQUEST', 'slave_SAE_ID', 'no key pool with this SAE');
    }
    const { number, size } = this.checkEncRequest(request);
    const bytes = size / 8;
    if (number * bytes > this.availableBytes) {
      throw new QkdError(
        'KEY_EXHAUSTED',
        'number',
        `${number} keys of ${size} bits exceed the stored key`,
      );
    }
    const keys: EtsiKey[] = [];
    for (let i = 0; i < number; i++) {
      let id = uuidV4(this.random(16));
      while (this.inFlight.has(id)) id = uuidV4(this.random(16));
      const key = this.material.slice(this.head, this.head + bytes);
      this.material.fill(0, this.head, this.head + bytes); // issued key leaves the store
      this.head += bytes;
      this.inFlight.set(id, key);
      keys.push({ key_ID: id, key: toBase64(key) });
    }
    return { keys };
  }

  /**
   * /api/v1/keys/{master_SAE_ID}/dec_keys: returns the keys the master received, once. All or
   * nothing: an unknown key_ID fails the request and leaves every key in place.
   */
  decKeys(masterSaeId: string, request: DecKeysRequest): EtsiKeyContainer {
    if (masterSaeId !== this.config.masterSaeId) {
      throw new QkdError('INVALID_REQUEST', 'master_SAE_ID', 'no key pool with this SAE');
    }
    const ids = request?.keyIds;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > this.config.maxKeyPerRequest) {
      throw new QkdError(
        'INVALID_REQUEST',
        'key_IDs',
        `must list 1…${this.config.maxKeyPerRequest} key_IDs`,
      );
    }
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (!isUuidV4(id))
        throw new QkdError('INVALID_KEY_ID', `key_IDs[${i}]`, 'not a canonical UUID');
      if (seen.has(id)) throw new QkdError('INVALID_REQUEST', `key_IDs[${i}]`, 'duplicate key_ID');
      if (!this.inFlight.has(id))
        throw new QkdError('KEY_NOT_FOUND', `key_IDs[${i}]`, 'unknown or already fetched');
      seen.add(id);
    });
    const keys: EtsiKey[] = ids.map((id) => {
      const key = this.inFlight.get(id)!;
      this.inFlight.delete(id);
      return { key_ID: id, key: toBase64(key) };
    });
    return { keys };
  }

  /** Keys issued to the master and not yet fetched by the slave. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private checkEncRequest(r: EncKeysRequest): EncKeysRequest {
    const c = this.config;
    const number = r?.number;
    const size = r?.size;
    if (!Number.isInteger(number) || number < 1 || number > c.maxKeyPerRequest) {
      throw new QkdError(
        'INVALID_REQUEST',
        'number',
        `must be an integer in [1, ${c.maxKeyPerRequest}]`,
      );
    }
    if (!Number.isInteger(size) || size % 8 !== 0 || size < c.minKeySize || size > c.maxKeySize) {
      throw new QkdError(
        'INVALID_REQUEST',
        'size',
        `must be a multiple of 8 in [${c.minKeySize}, ${c.maxKeySize}]`,
      );
    }
    return { number, size };
  }
}

/**
 * Parses an ETSI 014 Key request body ({number?, size?, additional_slave_SAE_IDs?,
 * extension_mandatory?, extension_optional?}); defaults: number 1, size = the pool's key_size.
 */
export function parseEncKeysRequest(body: unknown, defaultSize: number): EncKeysRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new QkdError('INVALID_REQUEST', '$', 'body must be a JSON object');
  }
  const b = body as Record<string, unknown>;
  const allowed = [
    'number',
    'size',
    'additional_slave_SAE_IDs',
    'extension_mandatory',
    'extension_optional',
  ];
  for (const k of Object.keys(b)) {
    if (!allowed.includes(k)) throw new QkdError('INVALID_REQUEST', k, 'unknown field');
  }
  const extra = b['additional_slave_SAE_IDs'];
  if (extra !== undefined && (!Array.isArray(extra) || extra.length > 0)) {
    throw new QkdError(
      'INVALID_REQUEST',
      'additional_slave_SAE_IDs',
      'multicast keys are not supported',
    );
  }
  const mandatory = b['extension_mandatory'];
  if (mandatory !== undefined && (!Array.isArray(mandatory) || mandatory.length > 0)) {
    throw new QkdError(
      'INVALID_REQUEST',
      'extension_mandatory',
      'no mandatory extension is supported',
    );
  }
  const number = b['number'] ?? 1;
  const size = b['size'] ?? defaultSize;
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    throw new QkdError('INVALID_REQUEST', 'number', 'must be an integer');
  }
  if (typeof size !== 'number' || !Number.isInteger(size)) {
    throw new QkdError('INVALID_REQUEST', 'size', 'must be an integer');
  }
  return { number, size };
}

/** Parses an ETSI 014 Key IDs body ({key_IDs: [{key_ID}]}). */
export function parseDecKeysRequest(body: unknown): DecKeysRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new QkdError('INVALID_REQUEST', '$', 'body must be a JSON object');
  }
  const list = (body as Record<string, unknown>)['key_IDs'];
  if (!Array.isArray(list) || list.length === 0) {
    throw new QkdError('INVALID_REQUEST', 'key_IDs', 'must be a non-empty array');
  }
  const keyIds = list.map((item, i) => {
    const id =
      typeof item === 'object' && item !== null
        ? (item as Record<string, unknown>)['key_ID']
        : undefined;
    if (!isUuidV4(id))
      throw new QkdError('INVALID_KEY_ID', `key_IDs[${i}].key_ID`, 'not a canonical UUID');
    return id;
  });
  return { keyIds };
}
