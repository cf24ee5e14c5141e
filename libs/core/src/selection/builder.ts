import { formatAssetKey, type AssetKeyLike } from '../graph/asset-key.js';
import { andNode, orNode, traversalNode, type AssetSelectionNode, type AssetTraversalDepth } from './ast.js';
import { parseAssetSelection } from './parser.js';
import { selectionToString } from './printer.js';

/** A selection given to the builder: another builder, an AST, or text to parse. */
export type AssetSelectionLike = AssetSelection | AssetSelectionNode | string;

/**
 * Typed builder for asset selections; each method returns a new immutable selection
 * whose {@link node} is the same AST the text form parses to:
 *
 * ```ts
 * AssetSelection.keys('a/b').upstream(2).or(AssetSelection.groups('raw')).and(AssetSelection.tag('k', 'v').not())
 * // ≡ parseAssetSelection('(2+key:"a/b" or group:"raw") and not tag:"k"="v"')
 * ```
 */
export class AssetSelection {
  private constructor(
    /** The AST: plain data, safe to store as JSON. */
    readonly node: AssetSelectionNode,
  ) {}

  /** Wraps an AST, parses text, or returns a builder as is. */
  static from(selection: AssetSelectionLike): AssetSelection {
    if (selection instanceof AssetSelection) return selection;
    return new AssetSelection(typeof selection === 'string' ? parseAssetSelection(selection) : selection);
  }

  /** `*`: every asset. */
  static all(): AssetSelection {
    return new AssetSelection({ type: 'all' });
  }

  /** `key:"a/b" or key:"c"`. A string is a user string and may hold `*` wildcards. */
  static keys(first: AssetKeyLike, ...rest: AssetKeyLike[]): AssetSelection {
    return AssetSelection.anyOf([first, ...rest].map((key) => ({ type: 'key', value: formatAssetKey(key) })));
  }

  /** `group:"raw" or group:"staging"`. */
  static groups(first: string, ...rest: string[]): AssetSelection {
    return AssetSelection.anyOf([first, ...rest].map((value) => ({ type: 'group', value })));
  }

  /** `kind:"dbt"` or several, or-ed. */
  static kinds(first: string, ...rest: string[]): AssetSelection {
    return AssetSelection.anyOf([first, ...rest].map((value) => ({ type: 'kind', value })));
  }

  /** `owner:"team:analytics"` or several, or-ed. */
  static owners(first: string, ...rest: string[]): AssetSelection {
    return AssetSelection.anyOf([first, ...rest].map((value) => ({ type: 'owner', value })));
  }

  /** `code_location:"etl"` or several, or-ed. */
  static codeLocations(first: string, ...rest: string[]): AssetSelection {
    return AssetSelection.anyOf([first, ...rest].map((value) => ({ type: 'code_location', value })));
  }

  /** `tag:"k"` (the tag, any value) or `tag:"k"="v"`. */
  static tag(key: string, value?: string): AssetSelection {
    return new AssetSelection(value === undefined ? { type: 'tag', key } : { type: 'tag', key, value });
  }

  /** `depth+x` (`+x` without a depth): this selection and its upstream assets. */
  upstream(depth?: number): AssetSelection {
    return this.traverse(depthOf(depth), undefined);
  }

  /** `x+depth` (`x+` without a depth): this selection and its downstream assets. */
  downstream(depth?: number): AssetSelection {
    return this.traverse(undefined, depthOf(depth));
  }

  /** `up+x+down`: both walks start from this selection (not `(up+x)+down`). */
  upstreamAndDownstream(upstreamDepth?: number, downstreamDepth?: number): AssetSelection {
    return this.traverse(depthOf(upstreamDepth), depthOf(downstreamDepth));
  }

  /** `roots(x)`: members with no upstream asset in the selection. */
  roots(): AssetSelection {
    return new AssetSelection({ type: 'roots', operand: this.node });
  }

  /** `sinks(x)`: members with no downstream asset in the selection. */
  sinks(): AssetSelection {
    return new AssetSelection({ type: 'sinks', operand: this.node });
  }

  and(other: AssetSelectionLike): AssetSelection {
    return new AssetSelection(andNode(this.node, AssetSelection.from(other).node));
  }

  or(other: AssetSelectionLike): AssetSelection {
    return new AssetSelection(orNode(this.node, AssetSelection.from(other).node));
  }

  /** `x and not other` (Dagster's `x - other`). */
  minus(other: AssetSelectionLike): AssetSelection {
    return this.and(AssetSelection.from(other).not());
  }

  not(): AssetSelection {
    return new AssetSelection({ type: 'not', operand: this.node });
  }

  /** The canonical text form (see {@link selectionToString}). */
  toString(): string {
    return selectionToString(this.node);
  }

  /** Serializes as the AST. */
  toJSON(): AssetSelectionNode {
    return this.node;
  }

  private traverse(upstream: AssetTraversalDepth | undefined, downstream: AssetTraversalDepth | undefined): AssetSelection {
    return new AssetSelection(traversalNode(this.node, upstream, downstream));
  }

  private static anyOf(nodes: AssetSelectionNode[]): AssetSelection {
    return new AssetSelection(nodes.reduce((a, b) => orNode(a, b)));
  }
}

function depthOf(depth: number | undefined): AssetTraversalDepth {
  if (depth === undefined) return 'all';
  if (!Number.isSafeInteger(depth) || depth < 0) throw new RangeError(`traversal depth must be a non-negative integer, got ${depth}`);
  return depth;
}
