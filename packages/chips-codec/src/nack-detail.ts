import { MAX_DETAIL_BYTES } from './limits.js';

const encoder = new TextEncoder();

/** The longest prefix of `text` whose UTF-8 encoding fits `maxBytes`; never splits a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (encoder.encode(text).length <= maxBytes) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const n = encoder.encode(ch).length;
    if (used + n > maxBytes) break;
    out += ch;
    used += n;
  }
  return out;
}

/**
 * Any text as a NACK detail the codec accepts: lone surrogates (which have no UTF-8 form) become
 * U+FFFD, the text is put in NFC, and it is cut to MAX_DETAIL_BYTES at a character boundary. The
 * cut needs no second normalization: a prefix of an NFC string, cut between code points, is
 * itself in NFC (composition only joins a character with the ones before it, and NFC text is
 * already in canonical order, so nothing after the cut changes what comes before it).
 */
export function nackDetail(text: string): string {
  return truncateUtf8(wellFormed(text).normalize('NFC'), MAX_DETAIL_BYTES);
}

/** `text` with every lone surrogate replaced by U+FFFD (String.prototype.toWellFormed). */
function wellFormed(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out += ch.length === 1 && c >= 0xd800 && c <= 0xdfff ? '\uFFFD' : ch;
  }
  return out;
}
