import { compareKeyStrings, findAssetKeyProblem, formatAssetKey, type AssetKey } from './asset-key.js';
import type { Adjacency } from './graph-algorithms.js';
import type { AssetGraphProblem } from './graph-problems.js';

/** What the graph needs of a node description to index it. */
export interface IndexableNode {
  readonly key: AssetKey;
  readonly deps?: readonly AssetKey[] | undefined;
}

/** The integer-indexed form of a list of node descriptions. */
export interface IndexedNodes<N> {
  readonly nodes: readonly N[];
  readonly keyStrings: readonly string[];
  readonly indexByKey: ReadonlyMap<string, number>;
  /** `rank[i]`: position of node i when all nodes are sorted by key string. */
  readonly rank: Int32Array;
  /** `byRank[r]`: the node of rank r. */
  readonly byRank: Int32Array;
  readonly parents: Adjacency;
  readonly children: Adjacency;
  /** Duplicate keys, invalid keys and missing dependencies found while indexing. */
  readonly problems: readonly AssetGraphProblem[];
}

/**
 * Indexes node descriptions: each distinct key gets the next integer (input order), deps
 * become parent edges, and the reverse edges child edges. Never throws: a duplicate key
 * (the later node is dropped), an invalid key or a dependency that is not a node becomes
 * a problem, so a validator can report all of them at once.
 */
export function indexNodes<N extends IndexableNode>(descriptions: readonly N[]): IndexedNodes<N> {
  const problems: AssetGraphProblem[] = [];
  const nodes: N[] = [];
  const keyStrings: string[] = [];
  const indexByKey = new Map<string, number>();
  for (const node of descriptions) {
    const keyString = formatAssetKey(node.key);
    const invalid = findAssetKeyProblem(node.key);
    if (invalid !== undefined) problems.push({ type: 'invalid_key', key: node.key, ...invalid });
    if (indexByKey.has(keyString)) {
      problems.push({ type: 'duplicate_key', key: node.key });
      continue;
    }
    indexByKey.set(keyString, nodes.length);
    nodes.push(node);
    keyStrings.push(keyString);
  }

  const count = nodes.length;
  const byRank = Int32Array.from(keyStrings.keys()).sort((a, b) => compareKeyStrings(keyStrings[a]!, keyStrings[b]!));
  const rank = new Int32Array(count);
  byRank.forEach((node, r) => (rank[node] = r));

  const parentLists: number[][] = [];
  // lastSeen[p] === node when p is already a parent of node: drops repeated deps in O(1).
  const lastSeen = new Int32Array(count).fill(-1);
  let edgeCount = 0;
  nodes.forEach((node, index) => {
    const parents: number[] = [];
    for (const dep of node.deps ?? []) {
      const parent = indexByKey.get(formatAssetKey(dep));
      if (parent === undefined) {
        const invalid = findAssetKeyProblem(dep);
        if (invalid !== undefined) problems.push({ type: 'invalid_key', key: dep, ...invalid, dependent: node.key });
        problems.push({ type: 'missing_dependency', key: node.key, dependency: dep });
      } else if (lastSeen[parent] !== index) {
        lastSeen[parent] = index;
        parents.push(parent);
      }
    }
    parents.sort((a, b) => rank[a]! - rank[b]!);
    edgeCount += parents.length;
    parentLists.push(parents);
  });

  return {
    nodes,
    keyStrings,
    indexByKey,
    rank,
    byRank,
    parents: toAdjacency(parentLists, edgeCount),
    children: reverse(parentLists, edgeCount, byRank),
    problems,
  };
}

function toAdjacency(lists: readonly number[][], edgeCount: number): Adjacency {
  const offsets = new Int32Array(lists.length + 1);
  const targets = new Int32Array(edgeCount);
  let at = 0;
  lists.forEach((list, node) => {
    offsets[node] = at;
    targets.set(list, at);
    at += list.length;
  });
  offsets[lists.length] = at;
  return { offsets, targets };
}

/** Child edges from parent lists; visiting children in rank order keeps each list sorted. */
function reverse(parentLists: readonly number[][], edgeCount: number, byRank: Int32Array): Adjacency {
  const count = parentLists.length;
  const offsets = new Int32Array(count + 1);
  for (const parents of parentLists) for (const parent of parents) offsets[parent + 1]! += 1;
  for (let node = 0; node < count; node++) offsets[node + 1]! += offsets[node]!;
  const fill = offsets.slice(0, count);
  const targets = new Int32Array(edgeCount);
  for (const child of byRank) {
    for (const parent of parentLists[child]!) {
      targets[fill[parent]!] = child;
      fill[parent]! += 1;
    }
  }
  return { offsets, targets };
}
