import { OrreryError } from '@orrery/contracts';
import type { AssetGraph} from '../graph/asset-graph.js';
import { DEFAULT_ASSET_GROUP, type AssetNodeDescription } from '../graph/asset-graph.js';
import { AssetNodeSet, AssetNodeSetBuilder } from '../graph/node-set.js';
import type { AssetSelectionNode, AssetTraversalDepth } from './ast.js';
import { AssetSelection } from './builder.js';
import { parseAssetSelection } from './parser.js';

/** Options of {@link evaluateAssetSelection}. */
export interface EvaluateAssetSelectionOptions {
  /**
   * Let `*`, `not`, `tag:`, `group:`, `kind:` and upstream traversal select external
   * assets too. Default false: those leave external assets out, as Dagster's
   * `include_sources=False` does, since a run cannot materialize them. `key:`, `owner:`,
   * `code_location:`, downstream traversal, `roots()` and `sinks()` never filter.
   */
  readonly includeExternal?: boolean;
  /**
   * What a `key:` without `*` that names no asset does. `'ignore'` (default, as Dagster's
   * selection strings): it selects nothing. `'error'`: throw {@link UnknownAssetKeysError}
   * listing every such key (Dagster's `AssetSelection.assets()` behaviour).
   */
  readonly unknownKeys?: 'ignore' | 'error';
}

/** Thrown with `unknownKeys: 'error'` when exact `key:` filters name assets that do not exist. */
export class UnknownAssetKeysError extends OrreryError<'VALIDATION_FAILED', { keys: string[] }> {
  constructor(readonly keys: readonly string[]) {
    super('VALIDATION_FAILED', {
      message: `the selection names assets that do not exist: ${keys.join(', ')}`,
      details: { keys: [...keys] },
    });
  }
}

/**
 * The assets a selection picks in `graph`, as a bitset over the graph's indices (turn it
 * into keys with `graph.keysOf(set)`). Text is parsed first and may throw
 * AssetSelectionSyntaxError. Every operator is a word-wise bitset operation or one
 * linear walk, so a selection costs O(nodes + edges) per operator.
 */
export function evaluateAssetSelection<N extends AssetNodeDescription>(
  selection: AssetSelectionNode | AssetSelection | string,
  graph: AssetGraph<N>,
  options: EvaluateAssetSelectionOptions = {},
): AssetNodeSet {
  const node = typeof selection === 'string' ? parseAssetSelection(selection) : selection instanceof AssetSelection ? selection.node : selection;
  if (options.unknownKeys === 'error') {
    const unknown = [...new Set(exactKeys(node))].filter((key) => !graph.has(key));
    if (unknown.length > 0) throw new UnknownAssetKeysError(unknown);
  }
  const universe = options.includeExternal === true ? graph.allSet() : graph.allSet().difference(matching(graph, (n) => n.isExternal === true));
  return new Evaluator(graph, universe, options.includeExternal === true).evaluate(node);
}

class Evaluator<N extends AssetNodeDescription> {
  constructor(
    private readonly graph: AssetGraph<N>,
    /** Assets `*`, `not` and the tag/group/kind filters range over. */
    private readonly universe: AssetNodeSet,
    private readonly includeExternal: boolean,
  ) {}

  evaluate(node: AssetSelectionNode): AssetNodeSet {
    const { graph, universe } = this;
    switch (node.type) {
      case 'all':
        return universe;
      case 'key':
        return this.keys(node.value);
      case 'tag':
        return universe.intersection(matching(graph, (n) => hasTag(n, node.key, node.value)));
      case 'group':
        return universe.intersection(matching(graph, (n) => (n.group ?? DEFAULT_ASSET_GROUP) === node.value));
      case 'kind':
        return universe.intersection(matching(graph, (n) => n.kinds?.includes(node.value) === true));
      case 'owner':
        return matching(graph, (n) => n.owners?.includes(node.value) === true);
      case 'code_location':
        return matching(graph, (n) => n.codeLocation === node.value);
      case 'traversal':
        return this.traversal(this.evaluate(node.operand), node.upstream, node.downstream);
      case 'not':
        return universe.difference(this.evaluate(node.operand));
      case 'and':
        return node.operands.map((operand) => this.evaluate(operand)).reduce((a, b) => a.intersection(b));
      case 'or':
        return node.operands.map((operand) => this.evaluate(operand)).reduce((a, b) => a.union(b));
      case 'roots':
        return graph.roots(this.evaluate(node.operand));
      case 'sinks':
        return graph.sinks(this.evaluate(node.operand));
      default:
        return assertNever(node);
    }
  }

  /** Exact keys by lookup; patterns by matching every key's user string. */
  private keys(value: string): AssetNodeSet {
    const { graph } = this;
    if (!value.includes('*')) {
      const index = graph.indexOf(value);
      return AssetNodeSet.of(graph.size, index === undefined ? [] : [index]);
    }
    const pattern = wildcard(value);
    const builder = new AssetNodeSetBuilder(graph.size);
    for (let i = 0; i < graph.size; i++) if (pattern.test(graph.keyStringAt(i))) builder.add(i);
    return builder.build();
  }

  /**
   * Dagster: `2+x+3` is `x.upstream(2) | x.downstream(3)`, and the upstream result keeps
   * only materializable assets (the selection itself included) unless external ones are in.
   */
  private traversal(from: AssetNodeSet, upstream: AssetTraversalDepth | undefined, downstream: AssetTraversalDepth | undefined): AssetNodeSet {
    let result = this.graph.emptySet();
    if (upstream !== undefined) {
      const up = this.graph.upstream(from, { depth: upstream === 'all' ? undefined : upstream });
      result = result.union(this.includeExternal ? up : up.intersection(this.universe));
    }
    if (downstream !== undefined) {
      result = result.union(this.graph.downstream(from, { depth: downstream === 'all' ? undefined : downstream }));
    }
    return result;
  }
}

function matching<N extends AssetNodeDescription>(graph: AssetGraph<N>, test: (node: N) => boolean): AssetNodeSet {
  const builder = new AssetNodeSetBuilder(graph.size);
  graph.nodes.forEach((node, index) => {
    if (test(node)) builder.add(index);
  });
  return builder.build();
}

/** `tag:k` needs the tag with any value (Dagster's UI; see docs); `tag:k=v` that value. */
function hasTag(node: AssetNodeDescription, key: string, value: string | undefined): boolean {
  const tags = node.tags;
  if (tags === undefined || !Object.hasOwn(tags, key)) return false;
  return value === undefined || tags[key] === value;
}

/** `raw_*` → /^raw_.*$/: `*` is the only special character, and it crosses `/` (Dagster). */
function wildcard(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 's');
}

/** Every `key:` value without a wildcard in the selection. */
function exactKeys(node: AssetSelectionNode): string[] {
  switch (node.type) {
    case 'key':
      return node.value.includes('*') ? [] : [node.value];
    case 'traversal':
    case 'not':
    case 'roots':
    case 'sinks':
      return exactKeys(node.operand);
    case 'and':
    case 'or':
      return node.operands.flatMap(exactKeys);
    default:
      return [];
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected selection node ${JSON.stringify(value)}`);
}
