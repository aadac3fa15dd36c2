/**
 * The identity payload carried inside the encrypted handshake payload of the message
 * that also carries the sender's static key:
 *   initiator:  u8 'I' ‖ u8 len ‖ scope (UTF-8) ‖ u16 len ‖ certificate ‖ u16 len ‖ attestation ‖ app data
 *   responder:  u8 'R' ‖ u16 len ‖ certificate ‖ u16 len ‖ attestation ‖ app data
 * Because it travels through EncryptAndHash, every byte of it is in the handshake hash.
 */
import { utf8, utf8Decode } from '../bytes.js';
import { Reader, Writer } from '../codec.js';
import { fail } from '../errors.js';

export const MAX_SCOPE_LENGTH = 255;
const KIND_INITIATOR = 0x49;
const KIND_RESPONDER = 0x52;

export interface IdentityPayload {
  readonly scope: string | undefined;
  readonly certificate: Uint8Array;
  readonly attestation: Uint8Array;
  readonly appData: Uint8Array;
}

export function encodeIdentityPayload(
  role: 'initiator' | 'responder',
  p: IdentityPayload,
): Uint8Array {
  const w = new Writer().u8(role === 'initiator' ? KIND_INITIATOR : KIND_RESPONDER);
  if (role === 'initiator') w.bytes8(utf8(p.scope ?? ''));
  return w.bytes16(p.certificate).bytes16(p.attestation).raw(p.appData).finish();
}

export function decodeIdentityPayload(
  role: 'initiator' | 'responder',
  bytes: Uint8Array,
): IdentityPayload {
  const r = new Reader(bytes, 'MALFORMED_MESSAGE');
  const kind = r.u8('kind');
  if (kind !== (role === 'initiator' ? KIND_INITIATOR : KIND_RESPONDER)) {
    fail('MALFORMED_MESSAGE', 'wrong identity payload kind', 'kind', 0);
  }
  let scope: string | undefined;
  if (role === 'initiator') {
    const s = r.bytes8('scope', MAX_SCOPE_LENGTH);
    scope = utf8Decode(s);
    if (scope === undefined || scope.length === 0)
      fail('MALFORMED_MESSAGE', 'bad scope', 'scope', 1);
  }
  const certificate = r.bytes16('certificate');
  const attestation = r.bytes16('attestation');
  return { scope, certificate, attestation, appData: r.rest() };
}
