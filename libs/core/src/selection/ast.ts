/**
 * The asset selection AST: plain JSON data (it is stored in snapshots and job
 * definitions), produced alike by {@link parseAssetSelection} and the
 * {@link AssetSelection} builder. Canonical form: `and`/`or` are flattened (never an `and`
 * directly inside an `and`), which is what the constructors below produce.
 */
export type AssetSelectionNode =
  | AssetSelectionAll
  | AssetSelectionKey
  | AssetSelectionTag
  | AssetSelectionAttribute
  | AssetSelectionTraversal
  | AssetSelectionNot
  | AssetSelectionBoolean
  | AssetSelectionFunction;

/** `*`: every asset. */
export interface AssetSelectionAll {
  readonly type: 'all';
}

/**
 * `key:raw/customers`. `value` is a key's user string; each `*` in it matches any run of
 * characters, `/` included (`key:raw/*` is every key under `raw`).
 */
export interface AssetSelectionKey {
  readonly type: 'key';
  readonly value: string;
}

/** `tag:k` (the asset has tag `k`, any value) or `tag:k=v`. */
export interface AssetSelectionTag {
  readonly type: 'tag';
  readonly key: string;
  readonly value?: string;
}

/** `group:x`, `kind:x`, `owner:x`, `code_location:x`: exact match, no wildcards. */
export interface AssetSelectionAttribute {
  readonly type: 'group' | 'kind' | 'owner' | 'code_location';
  readonly value: string;
}

/** Levels to walk: a count of edges, or `'all'` for no limit. */
export type AssetTraversalDepth = number | 'all';

/**
 * `2+x`, `x+`, `+x+3`: `operand`, plus its upstream and/or its downstream assets up to
 * the given depths, each walk starting from `operand` (so `+x+` is not `+(x+)`).
 */
export interface AssetSelectionTraversal {
  readonly type: 'traversal';
  readonly operand: AssetSelectionNode;
  readonly upstream?: AssetTraversalDepth;
  readonly downstream?: AssetTraversalDepth;
}

/** `not x`: every asset not in `x`. */
export interface AssetSelectionNot {
  readonly type: 'not';
  readonly operand: AssetSelectionNode;
}

/** `a and b and c`, `a or b`: two or more operands. */
export interface AssetSelectionBoolean {
  readonly type: 'and' | 'or';
  readonly operands: readonly AssetSelectionNode[];
}

/** `roots(x)`, `sinks(x)`. */
export interface AssetSelectionFunction {
  readonly type: 'roots' | 'sinks';
  readonly operand: AssetSelectionNode;
}

/** The attributes Orrery evaluates, in the order error messages list them. */
export const SUPPORTED_SELECTION_ATTRIBUTES = ['key', 'tag', 'owner', 'group', 'kind', 'code_location'] as const;

/** The functions Orrery evaluates. */
export const SELECTION_FUNCTIONS = ['roots', 'sinks'] as const;

/** `a and b`, flattening nested `and`s so equal selections have equal ASTs. */
export function andNode(left: AssetSelectionNode, right: AssetSelectionNode): AssetSelectionBoolean {
  return { type: 'and', operands: [...operandsOf('and', left), ...operandsOf('and', right)] };
}

/** `a or b`, flattening nested `or`s. */
export function orNode(left: AssetSelectionNode, right: AssetSelectionNode): AssetSelectionBoolean {
  return { type: 'or', operands: [...operandsOf('or', left), ...operandsOf('or', right)] };
}

/** A traversal node without the depth fields that are absent (JSON stays minimal). */
export function traversalNode(
  operand: AssetSelectionNode,
  upstream: AssetTraversalDepth | undefined,
  downstream: AssetTraversalDepth | undefined,
): AssetSelectionTraversal {
  return {
    type: 'traversal',
    operand,
    ...(upstream === undefined ? {} : { upstream }),
    ...(downstream === undefined ? {} : { downstream }),
  };
}

function operandsOf(type: 'and' | 'or', node: AssetSelectionNode): readonly AssetSelectionNode[] {
  return node.type === type ? node.operands : [node];
}
