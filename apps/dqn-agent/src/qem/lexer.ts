import { QasmError, type SourcePosition } from './errors.js';

/** Token kinds of the OpenQASM 2.0 subset. */
export type TokenKind = 'identifier' | 'number' | 'string' | 'symbol' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier name, number literal text, string contents, or the symbol itself. */
  readonly text: string;
  readonly at: SourcePosition;
}

// Two-character symbols first so `->` is not read as `-` then `>`.
const SYMBOLS = ['->', '==', ';', ',', '(', ')', '[', ']', '{', '}', '+', '-', '*', '/', '^'];

const isIdentStart = (c: string): boolean => /[A-Za-z_]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/**
 * Splits a source into tokens, tracking line and column so every later error
 * can point at the exact place. `//` comments and whitespace are skipped.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  const here = (): SourcePosition => ({ line, column: offset - lineStart + 1, offset });

  while (offset < source.length) {
    const c = source[offset]!;
    if (c === '\n') {
      offset++;
      line++;
      lineStart = offset;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      offset++;
      continue;
    }
    if (c === '/' && source[offset + 1] === '/') {
      while (offset < source.length && source[offset] !== '\n') offset++;
      continue;
    }
    const at = here();
    if (isIdentStart(c)) {
      const start = offset;
      while (offset < source.length && isIdentPart(source[offset]!)) offset++;
      tokens.push({ kind: 'identifier', text: source.slice(start, offset), at });
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(source[offset + 1] ?? ''))) {
      const match = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(
        source.slice(offset, offset + 400),
      );
      const text = match?.[0] ?? c;
      offset += text.length;
      tokens.push({ kind: 'number', text, at });
      continue;
    }
    if (c === '"') {
      const end = source.indexOf('"', offset + 1);
      const newline = source.indexOf('\n', offset + 1);
      if (end < 0 || (newline >= 0 && newline < end)) {
        throw new QasmError('UNTERMINATED_STRING', 'string literal is not closed', at);
      }
      tokens.push({ kind: 'string', text: source.slice(offset + 1, end), at });
      offset = end + 1;
      continue;
    }
    const symbol = SYMBOLS.find((s) => source.startsWith(s, offset));
    if (symbol === undefined) {
      throw new QasmError('UNEXPECTED_CHARACTER', `unexpected character ${JSON.stringify(c)}`, at);
    }
    tokens.push({ kind: 'symbol', text: symbol, at });
    offset += symbol.length;
  }
  tokens.push({ kind: 'end', text: '', at: here() });
  return tokens;
}
