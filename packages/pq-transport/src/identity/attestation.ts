/**
 * The attestation document: a hardware vendor's root key states that a device with
 * `hardwareId`, booted into `measurements`, holds the node keys named by their
 * SHA-256 digests, for a validity window. Verified against the roots the caller
 * configures; which root signed is named by its quid.
 *
 * Layout (big-endian):
 *   u8  version = 1
 *   u8 len ‖ hardwareId (≤ 64 bytes)
 *   u8 count (≤ 16), then count × (u8 len ‖ measurement, 1..64 bytes)
 *   32  SHA-256(static X-Wing public key)
 *   32  SHA-256(hybrid signing public key)
 *   u64 validFrom   u64 validUntil (unix ms)
 *   8   root quid (16 hex digits as 8 bytes)
 *   3373 hybrid signature by the root over every byte above, context "qcos-pqt/attestation"
 */

import { sha256 } from '@noble/hashes/sha2.js';
import {
  fromHex,
  HYBRID_SIGNATURE_LENGTH,
  type HybridSigningKey,
  hybridQuid,
  hybridSign,
  hybridVerify,
  type Quid,
  toHex,
} from '@qcos/identity';
import { Reader, Writer } from '../codec.js';
import { fail } from '../errors.js';

export const ATTESTATION_VERSION = 1;
export const ATTESTATION_CONTEXT = 'qcos-pqt/attestation';
export const MAX_HARDWARE_ID_LENGTH = 64;
export const MAX_MEASUREMENTS = 16;
export const MAX_MEASUREMENT_LENGTH = 64;

export interface AttestationFields {
  readonly hardwareId: Uint8Array;
  readonly measurements: readonly Uint8Array[];
  readonly staticPublicKey: Uint8Array;
  readonly signingPublicKey: Uint8Array;
  readonly validFrom: number;
  readonly validUntil: number;
}

export interface AttestationDocument {
  readonly hardwareId: Uint8Array;
  readonly measurements: readonly Uint8Array[];
  readonly staticKeyDigest: Uint8Array;
  readonly signingKeyDigest: Uint8Array;
  readonly validFrom: number;
  readonly validUntil: number;
  readonly rootQuid: Quid;
  readonly signature: Uint8Array;
  readonly tbs: Uint8Array;
}

/** The vendor side: signs an attestation document with the vendor root key. */
export function issueAttestation(root: HybridSigningKey, f: AttestationFields): Uint8Array {
  if (f.hardwareId.length === 0 || f.hardwareId.length > MAX_HARDWARE_ID_LENGTH) {
    fail('INVALID_ARGUMENT', 'hardwareId must be 1..64 bytes', 'hardwareId');
  }
  if (f.measurements.length > MAX_MEASUREMENTS) fail('INVALID_ARGUMENT', 'too many measurements');
  const w = new Writer().u8(ATTESTATION_VERSION).bytes8(f.hardwareId).u8(f.measurements.length);
  for (const m of f.measurements) {
    if (m.length === 0 || m.length > MAX_MEASUREMENT_LENGTH) {
      fail('INVALID_ARGUMENT', 'a measurement must be 1..64 bytes', 'measurements');
    }
    w.bytes8(m);
  }
  const quidBytes = fromHex(hybridQuid(root.publicKey));
  const tbs = w
    .raw(sha256(f.staticPublicKey))
    .raw(sha256(f.signingPublicKey))
    .u64(f.validFrom)
    .u64(f.validUntil)
    .raw(quidBytes)
    .finish();
  return new Writer()
    .raw(tbs)
    .raw(hybridSign(root, ATTESTATION_CONTEXT, tbs))
    .finish();
}

export function decodeAttestation(bytes: Uint8Array): AttestationDocument {
  const r = new Reader(bytes, 'BAD_ATTESTATION');
  if (r.u8('version') !== ATTESTATION_VERSION) {
    fail('BAD_ATTESTATION', 'unknown version', 'version', 0);
  }
  const hardwareId = r.bytes8('hardwareId', MAX_HARDWARE_ID_LENGTH);
  if (hardwareId.length === 0) fail('BAD_ATTESTATION', 'empty hardwareId', 'hardwareId', 1);
  const at = r.offset;
  const count = r.u8('measurements');
  if (count > MAX_MEASUREMENTS)
    fail('BAD_ATTESTATION', 'too many measurements', 'measurements', at);
  const measurements: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const m = r.bytes8('measurements', MAX_MEASUREMENT_LENGTH);
    if (m.length === 0) fail('BAD_ATTESTATION', 'empty measurement', 'measurements', r.offset);
    measurements.push(m);
  }
  const staticKeyDigest = r.raw(32, 'staticKeyDigest');
  const signingKeyDigest = r.raw(32, 'signingKeyDigest');
  const validFrom = r.u64('validFrom');
  const validUntil = r.u64('validUntil');
  const rootQuid = toHex(r.raw(8, 'rootQuid')) as Quid;
  const tbsEnd = r.offset;
  const signature = r.raw(HYBRID_SIGNATURE_LENGTH, 'signature');
  r.end('signature');
  return {
    hardwareId,
    measurements,
    staticKeyDigest,
    signingKeyDigest,
    validFrom,
    validUntil,
    rootQuid,
    signature,
    tbs: bytes.slice(0, tbsEnd),
  };
}

export function attestationSignatureValid(
  doc: AttestationDocument,
  rootPublicKey: Uint8Array,
): boolean {
  return hybridVerify(rootPublicKey, ATTESTATION_CONTEXT, doc.tbs, doc.signature);
}
