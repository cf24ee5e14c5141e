import {
  SELECTION_FUNCTIONS,
  SUPPORTED_SELECTION_ATTRIBUTES,
  andNode,
  orNode,
  traversalNode,
  type AssetSelectionNode,
  type AssetTraversalDepth,
} from './ast.js';
import { parseLegacyClause } from './legacy-clause.js';
import { AssetSelectionSyntaxError } from './syntax-error.js';
import { tokenize, type Token } from './tokenizer.js';

type ValueAttribute = 'key' | 'owner' | 'group' | 'kind' | 'code_location';

const attributeList = SUPPORTED_SELECTION_ATTRIBUTES.map((name) => `${name}:`).join(', ');
const functions: ReadonlySet<string> = new Set(SELECTION_FUNCTIONS);
/** Attributes of Dagster's grammar that Orrery recognizes but cannot evaluate. */
const unsupportedAttributes = new Set([
  'status', 'column', 'table_name', 'column_tag', 'changed_in_branch', 'partitions', 'automation_type',
  'sensor', 'schedule', 'job', 'is', 'not_materialized_in_hours',
]);
/** Deeper nesting than this is surely not hand-written; refusing it bounds the recursion. */
const maxNesting = 100;

/**
 * Parses Dagster's asset selection syntax (docs/asset-selection.md) into an AST:
 *
 * ```
 * or        := and ("or" and)*
 * and       := not ("and" not)*
 * not       := "not" not | "*" | traversal
 * traversal := [DIGITS] "+" atom ["+" [DIGITS]] | atom ["+" [DIGITS]]
 * atom      := attribute ":" value | ("roots" | "sinks") "(" or ")" | "(" or ")"
 * ```
 *
 * Keywords are `and`/`AND`, `or`/`OR`, `not`/`NOT`. Like Dagster's `from_string`, text
 * that is not a selection but is one old-style clause (`my_asset`, `*my_asset`,
 * `my_asset++`) is read as that clause. Throws {@link AssetSelectionSyntaxError} with
 * the column and what was expected.
 */
export function parseAssetSelection(input: string): AssetSelectionNode {
  try {
    return new Parser(input).parse();
  } catch (error) {
    if (error instanceof AssetSelectionSyntaxError) {
      const legacy = parseLegacyClause(input);
      if (legacy !== undefined) return legacy;
    }
    throw error;
  }
}

class Parser {
  private readonly tokens: Token[];
  private position = 0;
  private nesting = 0;

  constructor(private readonly input: string) {
    this.tokens = tokenize(input);
  }

  parse(): AssetSelectionNode {
    const node = this.parseOr();
    if (this.peek().type !== 'eof') this.fail(this.peek(), '"and", "or" or the end of the selection');
    return node;
  }

  private parseOr(): AssetSelectionNode {
    let node = this.parseAnd();
    while (this.atKeyword('or', 'OR')) {
      this.advance();
      node = orNode(node, this.parseAnd());
    }
    return node;
  }

  private parseAnd(): AssetSelectionNode {
    let node = this.parseNot();
    while (this.atKeyword('and', 'AND')) {
      this.advance();
      node = andNode(node, this.parseNot());
    }
    return node;
  }

  private parseNot(): AssetSelectionNode {
    if (this.atKeyword('not', 'NOT')) {
      const not = this.advance();
      return { type: 'not', operand: this.nested(not, () => this.parseNot()) };
    }
    if (this.atWord('*')) {
      this.advance();
      return { type: 'all' };
    }
    return this.parseTraversal();
  }

  private parseTraversal(): AssetSelectionNode {
    let upstream: AssetTraversalDepth | undefined;
    const first = this.peek();
    if (isDigits(first) && this.peek(1).type === 'plus') {
      upstream = this.depthOf(first);
      this.advance();
      this.advance();
    } else if (first.type === 'plus') {
      upstream = 'all';
      this.advance();
    }
    const operand = this.parseAtom(upstream === undefined ? undefined : `a filter, a function or "(" after "${upstream === 'all' ? '+' : `${upstream}+`}"`);
    let downstream: AssetTraversalDepth | undefined;
    if (this.peek().type === 'plus') {
      this.advance();
      downstream = 'all';
      if (isDigits(this.peek())) downstream = this.depthOf(this.advance());
    }
    return upstream === undefined && downstream === undefined ? operand : traversalNode(operand, upstream, downstream);
  }

  /** A filter, a function call or a parenthesized selection. */
  private parseAtom(expected?: string): AssetSelectionNode {
    const token = this.peek();
    if (token.type === 'lparen') {
      this.advance();
      const inner = this.nested(token, () => this.parseOr());
      this.expectClose(token);
      return inner;
    }
    if (token.type === 'word' && this.peek(1).type === 'colon') return this.parseAttribute();
    if (token.type === 'word' && this.peek(1).type === 'lparen') return this.parseFunction();
    if (token.type === 'word' && functions.has(token.text)) this.fail(this.peek(1), `"(" after "${token.text}"`);
    if (expected !== undefined) this.fail(token, expected);
    const isOperand = token.type === 'word' && !isKeyword(token.text) && token.text !== '*';
    if (isOperand) this.fail(token, `a filter such as key:${JSON.stringify(token.text)}`);
    const previous = this.tokens[this.position - 1];
    this.fail(token, previous === undefined ? 'an expression' : `an expression after "${previous.text}"`);
  }

  private parseFunction(): AssetSelectionNode {
    const name = this.advance();
    if (name.text !== 'roots' && name.text !== 'sinks') this.fail(name, 'a function: roots or sinks');
    const open = this.advance();
    const operand = this.nested(open, () => this.parseOr());
    this.expectClose(open);
    return { type: name.text, operand };
  }

  private parseAttribute(): AssetSelectionNode {
    const name = this.advance();
    this.advance();
    const attribute = name.text;
    if (attribute === 'tag') {
      const key = this.parseValue('tag', 'a value after "tag:"');
      if (this.peek().type !== 'equals') return { type: 'tag', key };
      this.advance();
      return { type: 'tag', key, value: this.parseValue('tag', 'a tag value after "="') };
    }
    if (isValueAttribute(attribute)) return { type: attribute, value: this.parseValue(attribute, `a value after "${attribute}:"`) };
    const unsupported = unsupportedAttributes.has(attribute) ? ` ("${attribute}:" is not supported by Orrery)` : '';
    this.fail(name, `one of ${attributeList}${unsupported}`, `"${attribute}:"`);
  }

  /** A quoted or unquoted value; `expected` describes it for the error. */
  private parseValue(attribute: ValueAttribute | 'tag', expected: string): string {
    const token = this.peek();
    if (token.type === 'string') return this.advance().value;
    if (token.type === 'word' && token.text === '<null>') this.fail(token, `${expected} (<null> is not supported by Orrery)`);
    if (token.type !== 'word') this.fail(token, expected);
    // Only key: takes wildcards (Dagster); elsewhere a "*" must be quoted to be literal.
    if (attribute !== 'key' && token.text.includes('*')) this.fail(token, `${expected} without "*" (only key: takes wildcards)`);
    return this.advance().value;
  }

  private expectClose(open: Token): void {
    if (this.peek().type !== 'rparen') this.fail(this.peek(), `")" to close the "(" at column ${open.start + 1}`);
    this.advance();
  }

  /** Runs `parse` one level deeper; `opener` ("(", "not") is blamed past the limit. */
  private nested<T>(opener: Token, parse: () => T): T {
    if (++this.nesting > maxNesting) this.fail(opener, `at most ${maxNesting} nested levels`);
    const result = parse();
    this.nesting--;
    return result;
  }

  private depthOf(token: Token): number {
    const depth = Number(token.text);
    if (!Number.isSafeInteger(depth)) this.fail(token, `a depth up to ${Number.MAX_SAFE_INTEGER}`);
    return depth;
  }

  private atKeyword(...words: string[]): boolean {
    const token = this.peek();
    return token.type === 'word' && words.includes(token.text);
  }

  private atWord(text: string): boolean {
    const token = this.peek();
    return token.type === 'word' && token.text === text;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)]!;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.position++;
    return token;
  }

  private fail(token: Token, expected: string, found?: string): never {
    const shown = found ?? (token.type === 'eof' ? undefined : token.type === 'string' ? token.text : JSON.stringify(token.text));
    throw new AssetSelectionSyntaxError({ input: this.input, column: token.start + 1, expected, ...(shown === undefined ? {} : { found: shown }) });
  }
}

function isDigits(token: Token): boolean {
  return token.type === 'word' && /^[0-9]+$/.test(token.text);
}

function isKeyword(word: string): boolean {
  return ['and', 'AND', 'or', 'OR', 'not', 'NOT'].includes(word);
}

function isValueAttribute(name: string): name is ValueAttribute {
  return name === 'key' || name === 'owner' || name === 'group' || name === 'kind' || name === 'code_location';
}
