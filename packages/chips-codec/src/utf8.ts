/**
 * Strict UTF-8 → string for the canonical profile: well-formed UTF-8 only, and the
 * result must already be in NFC. Returns `undefined` on malformed bytes and `null`
 * when the text is well-formed but not NFC, so the caller can pick the error code
 * and offset without a try/catch on the hot path.
 */

// fatal: malformed sequences (overlongs, surrogates, truncated) throw instead of becoming U+FFFD.
// ignoreBOM: a leading U+FEFF is content, not a byte-order mark; dropping it would break round trips.
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Below this many bytes a plain loop beats the TextDecoder call overhead for ASCII. */
const SHORT_ASCII = 32;

export function decodeUtf8Nfc(
  bytes: Uint8Array,
  start: number,
  end: number,
): string | undefined | null {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    // ASCII is always well-formed and always NFC.
    if (end - start <= SHORT_ASCII) {
      let s = '';
      for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
      return s;
    }
    return strictDecoder.decode(bytes.subarray(start, end));
  }
  let s: string;
  try {
    s = strictDecoder.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
  return isNfc(s) ? s : null;
}

/** Code points below U+0300 never change or combine under NFC; checking them is free. */
export function isNfc(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x300) return s.normalize('NFC') === s;
  }
  return true;
}

/**
 * Why a string cannot be written in the profile: 'surrogate' (a lone surrogate has no UTF-8
 * form), 'nfc' (not in NFC), or undefined when it can. One scan for the common case of text
 * below U+0300, which can be neither.
 */
export function stringProblem(s: string): 'surrogate' | 'nfc' | undefined {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x300) {
      if (hasLoneSurrogate(s)) return 'surrogate';
      return s.normalize('NFC') === s ? undefined : 'nfc';
    }
  }
  return undefined;
}

/** A lone surrogate cannot be written as UTF-8; `u`-mode regexps see pairs as one code point. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/** Byte length of `s` in UTF-8 (assumes no lone surrogates). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++; // the low half of the pair
    } else n += 3;
  }
  return n;
}
