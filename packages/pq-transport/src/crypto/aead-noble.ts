/** The pure-JS AEAD back end (@noble/ciphers): works in every runtime, the default. */
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import type { AeadCipher, AeadProvider, NoiseCipherName } from './aead.js';

type NobleAead = typeof chacha20poly1305;

function wrap(name: NoiseCipherName, make: NobleAead): AeadCipher {
  return {
    name,
    seal: (key, nonce, ad, plaintext, headroom = 0) => {
      // Stryker disable next-line ConditionalExpression: equivalent, the path below gives the same bytes with one more copy
      if (headroom === 0) return make(key, nonce, ad).encrypt(plaintext);
      // noble's AEADs do not write into a caller's buffer, so this costs one copy
      const ct = make(key, nonce, ad).encrypt(plaintext);
      const out = new Uint8Array(headroom + ct.length);
      out.set(ct, headroom);
      return out;
    },
    open: (key, nonce, ad, ciphertext) => {
      // Stryker disable next-line ConditionalExpression: equivalent, noble throws on a short input and that is caught below
      if (ciphertext.length < 16) return undefined;
      try {
        return make(key, nonce, ad).decrypt(ciphertext);
      } catch {
        // a forged or corrupted ciphertext: the answer is undefined, never a throw
      }
      return undefined;
    },
  };
}

export const nobleAead: AeadProvider = {
  name: 'noble',
  ChaChaPoly: wrap('ChaChaPoly', chacha20poly1305),
  AESGCM: wrap('AESGCM', gcm as unknown as NobleAead),
};
