import { OrreryError } from '@orrery/contracts';
import { formatAssetKey, type AssetKey, type AssetKeyLike } from './asset-key.js';
import { indexNodes, type IndexedNodes } from './adjacency.js';
import { cycleThrough, cyclicComponents, topologicalOrder, unreachedMembers, walk, type Adjacency } from './graph-algorithms.js';
import { AssetGraphCycleError, type AssetGraphProblem } from './graph-problems.js';
import { AssetNodeSet } from './node-set.js';

/** Group of an asset that names none, as in Dagster. */
export const DEFAULT_ASSET_GROUP = 'default';

/**
 * One asset as the graph sees it: plain data the SDK derives from user definitions.
 * Extra fields are kept: `AssetGraph<N>` hands back the very objects it was built from.
 */
export interface AssetNodeDescription {
  readonly key: AssetKey;
  /** Upstream assets this one reads. Each must be a node (else a `missing_dependency`). */
  readonly deps?: readonly AssetKey[] | undefined;
  /** Defaults to {@link DEFAULT_ASSET_GROUP}. */
  readonly group?: string | undefined;
  /** Technologies (`dbt`, `snowflake`), matched by `kind:`. */
  readonly kinds?: readonly string[] | undefined;
  /** Emails or `team:<name>`, matched exactly by `owner:`. */
  readonly owners?: readonly string[] | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
  readonly codeLocation?: string | undefined;
  /**
   * An external (Dagster: source) asset: Orrery observes it but never materializes it.
   * Selections leave it out where Dagster does (see docs/asset-selection.md).
   */
  readonly isExternal?: boolean | undefined;
}

/** Options of {@link AssetGraph.upstream} and {@link AssetGraph.downstream}. */
export interface AssetTraversalOptions {
  /** Edges to follow: 1 = parents (or children) only. Default: no limit. */
  readonly depth?: number | undefined;
  /** Keep the starting assets in the result. Default true (Dagster's include_self). */
  readonly includeSelf?: boolean | undefined;
}

/** Thrown when an operation names a key that is not a node of the graph. */
export class UnknownAssetKeyError extends OrreryError<'VALIDATION_FAILED', { key: string }> {
  constructor(readonly key: string) {
    super('VALIDATION_FAILED', { message: `asset ${key} is not in the asset graph`, details: { key } });
  }
}

/** The keys an operation starts from: a node set of this graph, or keys. */
export type AssetNodes = AssetNodeSet | Iterable<AssetKeyLike>;

/**
 * The asset dependency graph. Keys are indexed to integers once; edges live in adjacency
 * arrays; sets of assets are bitsets ({@link AssetNodeSet}); every walk is iterative, so a
 * 10,000-long chain or a 100,000-node graph costs time linear in its size and no stack.
 * Building never throws: read {@link problems} to validate.
 */
export class AssetGraph<N extends AssetNodeDescription = AssetNodeDescription> {
  private readonly index: IndexedNodes<N>;
  private cachedProblems: readonly AssetGraphProblem[] | undefined;

  private constructor(descriptions: readonly N[]) {
    this.index = indexNodes(descriptions);
  }

  /** Indexes `nodes`. Later duplicates of a key are dropped (and reported as problems). */
  static build<N extends AssetNodeDescription>(nodes: readonly N[]): AssetGraph<N> {
    return new AssetGraph(nodes);
  }

  /** Number of assets. */
  get size(): number {
    return this.index.nodes.length;
  }

  /** Every node description, in index order (input order without duplicates). */
  get nodes(): readonly N[] {
    return this.index.nodes;
  }

  has(key: AssetKeyLike): boolean {
    return this.index.indexByKey.has(formatAssetKey(key));
  }

  /** Integer index of `key`, or undefined when it is not a node. */
  indexOf(key: AssetKeyLike): number | undefined {
    return this.index.indexByKey.get(formatAssetKey(key));
  }

  /** The description of `key`; throws {@link UnknownAssetKeyError}. */
  node(key: AssetKeyLike): N {
    return this.nodeAt(this.requireIndex(key));
  }

  nodeAt(index: number): N {
    const node = this.index.nodes[index];
    if (node === undefined) throw new RangeError(`no asset at index ${index}`);
    return node;
  }

  keyAt(index: number): AssetKey {
    return this.nodeAt(index).key;
  }

  /** The user string (`raw/customers`) of the node at `index`. */
  keyStringAt(index: number): string {
    this.nodeAt(index);
    return this.index.keyStrings[index]!;
  }

  /** Direct upstream assets of `key`, by key string. */
  parents(key: AssetKeyLike): AssetKey[] {
    return this.neighbours(this.index.parents, this.requireIndex(key));
  }

  /** Direct downstream assets of `key`, by key string. */
  children(key: AssetKeyLike): AssetKey[] {
    return this.neighbours(this.index.children, this.requireIndex(key));
  }

  /** A set of this graph's nodes; throws {@link UnknownAssetKeyError} for a foreign key. */
  setOf(keys: AssetNodes): AssetNodeSet {
    if (keys instanceof AssetNodeSet) return this.checkSet(keys);
    const indices: number[] = [];
    for (const key of keys) indices.push(this.requireIndex(key));
    return AssetNodeSet.of(this.size, indices);
  }

  emptySet(): AssetNodeSet {
    return AssetNodeSet.empty(this.size);
  }

  allSet(): AssetNodeSet {
    return AssetNodeSet.full(this.size);
  }

  /** Members of `set` as keys, ordered by key string. */
  keysOf(set: AssetNodeSet): AssetKey[] {
    const { rank } = this.index;
    return this.checkSet(set)
      .indices()
      .sort((a, b) => rank[a]! - rank[b]!)
      .map((i) => this.keyAt(i));
  }

  /** `from` and everything upstream of it, up to `depth` levels (Dagster's `2+x`). */
  upstream(from: AssetNodes, options: AssetTraversalOptions = {}): AssetNodeSet {
    return walk(this.index.parents, this.setOf(from), checkDepth(options.depth), options.includeSelf ?? true);
  }

  /** `from` and everything downstream of it, up to `depth` levels (Dagster's `x+2`). */
  downstream(from: AssetNodes, options: AssetTraversalOptions = {}): AssetNodeSet {
    return walk(this.index.children, this.setOf(from), checkDepth(options.depth), options.includeSelf ?? true);
  }

  /**
   * Members of `within` with no upstream asset in `within`, however far (Dagster's
   * `roots()`: the path may leave the subset). In chain a -> b -> c, roots of {a, c} is {a}.
   */
  roots(within: AssetNodes): AssetNodeSet {
    return unreachedMembers(this.index.children, this.setOf(within));
  }

  /** Members of `within` with no downstream asset in `within` (Dagster's `sinks()`). */
  sinks(within: AssetNodes): AssetNodeSet {
    return unreachedMembers(this.index.parents, this.setOf(within));
  }

  /**
   * Every asset (or those of `within`) parents first; among assets whose parents are all
   * placed, the lowest key string goes first, so the order never depends on input order.
   * Throws {@link AssetGraphCycleError} with a cycle's path when there is one.
   */
  topologicalOrder(within?: AssetNodes): AssetKey[] {
    const { parents, children, rank, byRank } = this.index;
    const order = topologicalOrder(parents, children, rank, byRank);
    if (order === undefined) throw new AssetGraphCycleError(this.findCycle() ?? []);
    if (within === undefined) return order.map((i) => this.keyAt(i));
    const subset = this.setOf(within);
    return order.filter((i) => subset.has(i)).map((i) => this.keyAt(i));
  }

  /** A dependency cycle as a path `[a, b, c, a]`, or undefined when the graph is acyclic. */
  findCycle(): AssetKey[] | undefined {
    const cycle = this.problems().find((problem) => problem.type === 'cycle');
    return cycle === undefined ? undefined : [...cycle.path];
  }

  /**
   * Everything wrong with the descriptions: duplicate and invalid keys, missing
   * dependencies (input order), then one cycle per cyclic component (by first key).
   * Empty for a valid graph. Computed once.
   */
  problems(): readonly AssetGraphProblem[] {
    this.cachedProblems ??= [...this.index.problems, ...this.cycleProblems()];
    return this.cachedProblems;
  }

  private cycleProblems(): AssetGraphProblem[] {
    const { children, rank } = this.index;
    return cyclicComponents(children)
      .map((component) => ({ component, start: component.reduce((a, b) => (rank[b]! < rank[a]! ? b : a)) }))
      .sort((a, b) => rank[a.start]! - rank[b.start]!)
      .map(({ component, start }) => ({
        type: 'cycle' as const,
        path: cycleThrough(children, component, start).map((node) => this.keyAt(node)),
      }));
  }

  private neighbours(adjacency: Adjacency, node: number): AssetKey[] {
    const keys: AssetKey[] = [];
    for (let e = adjacency.offsets[node]!; e < adjacency.offsets[node + 1]!; e++) keys.push(this.keyAt(adjacency.targets[e]!));
    return keys;
  }

  private requireIndex(key: AssetKeyLike): number {
    const index = this.indexOf(key);
    if (index === undefined) throw new UnknownAssetKeyError(formatAssetKey(key));
    return index;
  }

  private checkSet(set: AssetNodeSet): AssetNodeSet {
    if (set.capacity !== this.size) throw new RangeError(`a node set of another graph (${set.capacity} nodes, not ${this.size})`);
    return set;
  }
}

function checkDepth(depth: number | undefined): number | undefined {
  if (depth !== undefined && !(Number.isSafeInteger(depth) && depth >= 0)) {
    throw new RangeError(`traversal depth must be a non-negative integer, got ${depth}`);
  }
  return depth;
}
