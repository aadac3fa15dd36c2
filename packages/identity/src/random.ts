/** A source of random bytes. Protocol code takes one as a parameter so runs can be replayed. */
export type RandomBytes = (length: number) => Uint8Array;

/**
 * The default source when a caller gives none: Web Crypto's CSPRNG. This is the only place a
 * protocol package reaches for ambient randomness; everything else takes a `RandomBytes`.
 */
export const webCryptoRandom: RandomBytes = (length) =>
  globalThis.crypto.getRandomValues(new Uint8Array(length));
