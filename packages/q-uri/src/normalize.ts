import { format } from './format.js';
import { parse } from './parse.js';

/** The canonical string of a Q-URI: `format(parse(input))`. Throws only `QUriError`. */
export function normalize(input: string): string {
  return format(parse(input));
}
