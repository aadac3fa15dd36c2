/**
 * The contract book's hash in the state root (docs/spec/contracts.md §6):
 *   H("QCOS-ContractBook-v1" ‖ H(resource item hashes) ‖ H(holding item hashes) ‖ H(ended item hashes))
 * where each item hash is H(canonical item map) and each part lists its items in canonical
 * order. Items are immutable and shared from one book to the next, so their hashes are
 * remembered: a block that changes k contracts encodes k items and hashes 32 bytes per item,
 * instead of encoding the whole book.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { encode } from '../canonical.js';
import { MAX_SNAPSHOT_BYTES } from '../limits.js';
import { taggedHash } from '../tagged-hash.js';
import { bookItems, isEmptyBook } from './book-codec.js';
import type { ContractBook } from './contract-book.js';

const items = new WeakMap<object, Uint8Array>();
const books = new WeakMap<ContractBook, Uint8Array>();

/** The book's hash; undefined for the empty book (left out of the state root's fields). */
export function bookHash(book: ContractBook): Uint8Array | undefined {
  if (isEmptyBook(book)) return undefined;
  const known = books.get(book);
  // Stryker disable next-line ConditionalExpression: equivalent, without the memo the hash is computed again, equal
  if (known) return known;
  const parts = bookItems(book).map((part) => {
    const all = new Uint8Array(32 * part.length);
    part.forEach(([item, map], i) => {
      let h = items.get(item);
      // Stryker disable next-line ConditionalExpression: equivalent, without the memo the item is hashed again, equal
      if (h === undefined) {
        // Stryker disable next-line StringLiteral: equivalent, an item of a folded book always encodes
        h = sha256(encode(map(), 'SNAPSHOT_MALFORMED', MAX_SNAPSHOT_BYTES));
        items.set(item, h);
      }
      all.set(h, 32 * i);
    });
    return sha256(all);
  });
  const hash = taggedHash('QCOS-ContractBook-v1', ...parts);
  books.set(book, hash);
  return hash;
}
