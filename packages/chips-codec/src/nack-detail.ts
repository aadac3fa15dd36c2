import { MAX_DETAIL_BYTES } from './limits.js';
import { isNfc } from './utf8.js';

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
 * U+FFFD, the text is put in NFC, and it is cut to MAX_DETAIL_BYTES at a character boundary. A
 * cut can leave a prefix that is not NFC (a base separated from what it composed with), so
 * characters are dropped from the end until it is.
 */
export function nackDetail(text: string): string {
  let detail = truncateUtf8(wellFormed(text).normalize('NFC'), MAX_DETAIL_BYTES);
  while (!isNfc(detail)) detail = [...detail].slice(0, -1).join('');
  return detail;
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
