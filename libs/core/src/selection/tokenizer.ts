import { AssetSelectionSyntaxError } from './syntax-error.js';

/** Kinds of token of the selection language. */
export type TokenType = 'word' | 'string' | 'colon' | 'equals' | 'lparen' | 'rparen' | 'plus' | 'eof';

/** One token; `start` is a 0-based offset into the input. */
export interface Token {
  readonly type: TokenType;
  /** The text as written (quotes and escapes included for strings). */
  readonly text: string;
  /** For strings, the decoded value; otherwise equal to `text`. */
  readonly value: string;
  readonly start: number;
}

const nullValue = '<null>';
/** Operators people bring from other languages, and the keyword to write instead. */
const symbolKeywords: Readonly<Record<string, string>> = { '&': '"and"', '|': '"or"', '!': '"not"' };
const punctuation: Readonly<Record<string, TokenType>> = { ':': 'colon', '=': 'equals', '(': 'lparen', ')': 'rparen', '+': 'plus' };

/**
 * Unquoted words: Dagster's unquoted strings (`[A-Za-z0-9_/*]`, `*` for wildcards) plus
 * `-`, which nothing else in the language uses. A word may start with a digit: the
 * parser reads an all-digit word before or after `+` as a depth, and as a value elsewhere.
 * Everything else (`:`, `@`, `.`, spaces...) needs double quotes, as in Dagster.
 */
export function isWordChar(char: string): boolean {
  return /^[A-Za-z0-9_*/-]$/.test(char);
}

/** Splits `input` into tokens, ending with one `eof` token. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < input.length) {
    const char = input[at]!;
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') {
      at++;
    } else if (char === '"') {
      const token = readString(input, at);
      tokens.push(token);
      at += token.text.length;
    } else if (punctuation[char] !== undefined) {
      tokens.push({ type: punctuation[char], text: char, value: char, start: at });
      at++;
    } else if (input.startsWith(nullValue, at)) {
      // Dagster's `<null>` value (group:<null>): a token, so the parser can say it is unsupported.
      tokens.push({ type: 'word', text: nullValue, value: nullValue, start: at });
      at += nullValue.length;
    } else if (isWordChar(char)) {
      let end = at + 1;
      while (end < input.length && isWordChar(input[end]!)) end++;
      const text = input.slice(at, end);
      tokens.push({ type: 'word', text, value: text, start: at });
      at = end;
    } else {
      const hint = symbolKeywords[char] ?? `an expression (put a value that contains ${JSON.stringify(char)} in double quotes)`;
      throw new AssetSelectionSyntaxError({ input, column: at + 1, expected: hint, found: JSON.stringify(char) });
    }
  }
  tokens.push({ type: 'eof', text: '', value: '', start: input.length });
  return tokens;
}

/**
 * A double-quoted string. Dagster allows no backslash and no line break inside quotes;
 * Orrery adds the escapes `\"` and `\\` (so any value can be quoted) and nothing else,
 * so every selection Dagster accepts means the same here.
 */
function readString(input: string, start: number): Token {
  let value = '';
  let at = start + 1;
  while (at < input.length) {
    const char = input[at]!;
    if (char === '"') return { type: 'string', text: input.slice(start, at + 1), value, start };
    if (char === '\n' || char === '\r') break;
    if (char === '\\') {
      const next = input[at + 1];
      if (next !== '"' && next !== '\\') {
        throw new AssetSelectionSyntaxError({
          input,
          column: at + 1,
          expected: 'an escape: \\" or \\\\',
          ...(next === undefined ? {} : { found: `"\\${next}"` }),
        });
      }
      value += next;
      at += 2;
      continue;
    }
    value += char;
    at++;
  }
  throw new AssetSelectionSyntaxError({ input, column: at + 1, expected: `a closing '"' for the string that starts at column ${start + 1}` });
}
