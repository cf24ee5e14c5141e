import type { AssetNodeSet} from './node-set.js';
import { AssetNodeSetBuilder } from './node-set.js';
import { MinHeap } from '../shared/min-heap.js';

/**
 * Compressed adjacency (CSR): the neighbours of node `i` are
 * `targets[offsets[i] .. offsets[i + 1])`, sorted by key rank so that every walk visits
 * them in the same order. Two of these (parents, children) describe a graph.
 */
export interface Adjacency {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

/** Calls `visit` for each neighbour of `node`. */
export function forEachNeighbour(adjacency: Adjacency, node: number, visit: (neighbour: number) => void): void {
  const end = adjacency.offsets[node + 1]!;
  for (let e = adjacency.offsets[node]!; e < end; e++) visit(adjacency.targets[e]!);
}

/**
 * Breadth-first walk from every member of `from` at once, up to `depth` edges (undefined:
 * no limit). A level-by-level frontier instead of recursion: a 10,000-long chain is 10,000
 * iterations, not 10,000 stack frames. The multi-source walk reaches exactly the union of
 * the single-source walks, since a node's distance from a set is its least distance.
 */
export function walk(adjacency: Adjacency, from: AssetNodeSet, depth: number | undefined, includeSelf: boolean): AssetNodeSet {
  const reached = new AssetNodeSetBuilder(from.capacity);
  let frontier = from.indices();
  for (const node of frontier) reached.add(node);
  for (let level = 0; frontier.length > 0 && (depth === undefined || level < depth); level++) {
    const next: number[] = [];
    for (const node of frontier) {
      forEachNeighbour(adjacency, node, (neighbour) => {
        if (reached.add(neighbour)) next.push(neighbour);
      });
    }
    frontier = next;
  }
  const result = reached.build();
  return includeSelf ? result : result.difference(from);
}

/**
 * Members of `within` that no other member reaches along `adjacency` (through any path,
 * also through nodes outside `within`): with child edges these are the roots of the
 * subset, with parent edges its sinks. Dagster's fetch_sources/fetch_sinks, in O(V + E):
 * one walk from the members' neighbours marks everything reachable in one step or more.
 * Self-loops are ignored, as Dagster does.
 */
export function unreachedMembers(adjacency: Adjacency, within: AssetNodeSet): AssetNodeSet {
  const reached = new AssetNodeSetBuilder(within.capacity);
  const stack: number[] = [];
  for (const member of within.indices()) {
    forEachNeighbour(adjacency, member, (neighbour) => {
      if (neighbour !== member && reached.add(neighbour)) stack.push(neighbour);
    });
  }
  while (stack.length > 0) {
    const node = stack.pop()!;
    forEachNeighbour(adjacency, node, (neighbour) => {
      if (reached.add(neighbour)) stack.push(neighbour);
    });
  }
  return within.difference(reached.build());
}

/**
 * Kahn's algorithm; among the nodes ready at each step the one of lowest rank goes first,
 * so the order is the same for the same graph whatever the input order. Returns the order
 * of every node, or undefined when a cycle leaves some nodes with parents forever.
 */
export function topologicalOrder(parents: Adjacency, children: Adjacency, rank: Int32Array, byRank: Int32Array): number[] | undefined {
  const count = rank.length;
  const waiting = new Int32Array(count);
  const ready = new MinHeap<number>();
  for (let node = 0; node < count; node++) {
    waiting[node] = parents.offsets[node + 1]! - parents.offsets[node]!;
    if (waiting[node] === 0) ready.push(rank[node]!);
  }
  const order: number[] = [];
  for (let next = ready.pop(); next !== undefined; next = ready.pop()) {
    const node = byRank[next]!;
    order.push(node);
    forEachNeighbour(children, node, (child) => {
      waiting[child] = waiting[child]! - 1;
      if (waiting[child] === 0) ready.push(rank[child]!);
    });
  }
  return order.length === count ? order : undefined;
}

/**
 * Strongly connected components that contain a cycle (two or more nodes, or one node with
 * a self-loop), by Tarjan's algorithm with an explicit stack of (node, next edge) frames.
 */
export function cyclicComponents(children: Adjacency): number[][] {
  const count = children.offsets.length - 1;
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const components: number[][] = [];
  let next = 0;
  const frames: { node: number; edge: number }[] = [];
  for (let start = 0; start < count; start++) {
    if (index[start] !== -1) continue;
    frames.push({ node: start, edge: children.offsets[start]! });
    index[start] = low[start] = next++;
    stack.push(start);
    onStack[start] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const { node } = frame;
      if (frame.edge < children.offsets[node + 1]!) {
        const child = children.targets[frame.edge++]!;
        if (index[child] === -1) {
          index[child] = low[child] = next++;
          stack.push(child);
          onStack[child] = 1;
          frames.push({ node: child, edge: children.offsets[child]! });
        } else if (onStack[child] === 1) {
          low[node] = Math.min(low[node]!, index[child]!);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined) low[parent.node] = Math.min(low[parent.node]!, low[node]!);
      if (low[node] !== index[node]) continue;
      const component: number[] = [];
      let member: number;
      do {
        member = stack.pop()!;
        onStack[member] = 0;
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || hasSelfLoop(children, node)) components.push(component);
    }
  }
  return components;
}

/**
 * The shortest cycle through `start` inside `component` (a cyclic SCC, so one exists),
 * as a path that starts and ends with `start`: BFS from `start` until an edge leads back.
 */
export function cycleThrough(children: Adjacency, component: readonly number[], start: number): number[] {
  const inComponent = new Set(component);
  const previous = new Map<number, number>([[start, -1]]);
  let frontier = [start];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const node of frontier) {
      for (let e = children.offsets[node]!; e < children.offsets[node + 1]!; e++) {
        const child = children.targets[e]!;
        if (child === start) return [...pathTo(previous, node), start];
        if (!inComponent.has(child) || previous.has(child)) continue;
        previous.set(child, node);
        next.push(child);
      }
    }
    frontier = next;
  }
  throw new Error(`no cycle through node ${start}: the component is not cyclic`);
}

function pathTo(previous: ReadonlyMap<number, number>, node: number): number[] {
  const path: number[] = [];
  for (let at = node; at !== -1; at = previous.get(at)!) path.push(at);
  return path.reverse();
}

function hasSelfLoop(children: Adjacency, node: number): boolean {
  for (let e = children.offsets[node]!; e < children.offsets[node + 1]!; e++) if (children.targets[e] === node) return true;
  return false;
}
