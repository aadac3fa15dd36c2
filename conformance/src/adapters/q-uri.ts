import {
  format,
  isDqnAlias,
  isGeoScope,
  isJobId,
  isQUri,
  normalize,
  parse,
  type QUri,
  QUriError,
} from '@qcos/q-uri';
import { field, isObject, isString, type PackageAdapter, VectorInputError } from '../adapter.js';

const uri = (input: unknown): string => field(input, 'uri', isString);
const text = (input: unknown): string => field(input, 's', isString);

/** Operations of @qcos/q-uri that vectors in conformance/vectors/q-uri/ can name. */
export const adapter: PackageAdapter = {
  package: 'q-uri',
  operations: {
    /** {uri} → the parsed object, or the error code. */
    parse: (input) => parse(uri(input)),
    /** {uri} → the canonical string, or the error code. */
    normalize: (input) => normalize(uri(input)),
    /** {uri} → boolean. */
    isQUri: (input) => isQUri(uri(input)),
    /** {quri} → the canonical string, or the error code. */
    format: (input) => format(field(input, 'quri', isObject) as unknown as QUri),
    /** {uri} of an invalid Q-URI → {code, offset}: pins the offset a second implementation reports. */
    parseFailure: (input) => {
      try {
        parse(uri(input));
      } catch (error) {
        if (error instanceof QUriError) return { code: error.code, offset: error.offset };
        throw error;
      }
      throw new VectorInputError('parseFailure vector names a valid Q-URI');
    },
    isDqnAlias: (input) => isDqnAlias(text(input)),
    isGeoScope: (input) => isGeoScope(text(input)),
    isJobId: (input) => isJobId(text(input)),
  },
};
