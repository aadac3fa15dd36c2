import {
  deriveNodeKeys,
  hybridKeyFromSeed,
  hybridSign,
  hybridVerify,
  isQuid,
  quidFromPublicKey,
} from '@qcos/identity';
import { bytesToHex, field, hexToBytes, isString, type PackageAdapter } from '../adapter.js';

const bytes = (input: unknown, name: string) => hexToBytes(field(input, name, isString));

/** Operations of @qcos/identity that vectors in conformance/vectors/identity/ can name. */
export const adapter: PackageAdapter = {
  package: 'identity',
  operations: {
    /** {publicKey} → the quid. */
    quid: (input) => quidFromPublicKey(bytes(input, 'publicKey')),
    /** {value} → boolean. */
    isQuid: (input) => isQuid(field(input, 'value', (_v): _v is unknown => true)),
    /** {seed} → the encoded hybrid public key. */
    hybridPublicKey: (input) => hybridKeyFromSeed(bytes(input, 'seed')).publicKey,
    /** {seed, context, message} → the hybrid signature. */
    hybridSign: (input) =>
      hybridSign(
        hybridKeyFromSeed(bytes(input, 'seed')),
        field(input, 'context', isString),
        bytes(input, 'message'),
      ),
    /** {publicKey, context, message, signature} → boolean. */
    hybridVerify: (input) =>
      hybridVerify(
        bytes(input, 'publicKey'),
        field(input, 'context', isString),
        bytes(input, 'message'),
        bytes(input, 'signature'),
      ),
    /** {seed} → {quid, staticKeySeed}. */
    nodeKeys: (input) => {
      const keys = deriveNodeKeys(bytes(input, 'seed'));
      return {
        quid: quidFromPublicKey(keys.signingKey.publicKey),
        staticKeySeed: bytesToHex(keys.staticKeySeed),
      };
    },
  },
};
