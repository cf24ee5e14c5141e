/**
 * A set of node indices of one graph, as a bitset: 10,000 assets take 1,250 bytes, and
 * union/intersection/complement are word-wise loops. Immutable once built; the graph and
 * the selection evaluator build sets through {@link AssetNodeSetBuilder}.
 */
export class AssetNodeSet {
  /** @internal Use the graph's or a builder's factories. */
  constructor(
    /** Number of nodes of the graph (the universe of {@link complement}). */
    readonly capacity: number,
    private readonly words: Uint32Array,
  ) {}

  static empty(capacity: number): AssetNodeSet {
    return new AssetNodeSet(capacity, new Uint32Array(wordCount(capacity)));
  }

  static full(capacity: number): AssetNodeSet {
    const words = new Uint32Array(wordCount(capacity)).fill(0xffffffff);
    clearTail(words, capacity);
    return new AssetNodeSet(capacity, words);
  }

  static of(capacity: number, indices: Iterable<number>): AssetNodeSet {
    const builder = new AssetNodeSetBuilder(capacity);
    for (const index of indices) builder.add(index);
    return builder.build();
  }

  has(index: number): boolean {
    return index >= 0 && index < this.capacity && ((this.words[index >>> 5]! >>> (index & 31)) & 1) === 1;
  }

  /** Number of members (a popcount, O(capacity / 32)). */
  get size(): number {
    let count = 0;
    for (const word of this.words) count += popcount(word);
    return count;
  }

  get isEmpty(): boolean {
    return this.words.every((word) => word === 0);
  }

  /** Member indices, ascending. */
  indices(): number[] {
    const out: number[] = [];
    for (let w = 0; w < this.words.length; w++) {
      let word = this.words[w]!;
      while (word !== 0) {
        // Lowest set bit first: 31 - clz32(word & -word) is its position.
        const bit = 31 - Math.clz32(word & -word);
        out.push(w * 32 + bit);
        word &= word - 1;
      }
    }
    return out;
  }

  union(other: AssetNodeSet): AssetNodeSet {
    return this.combine(other, (a, b) => a | b);
  }

  intersection(other: AssetNodeSet): AssetNodeSet {
    return this.combine(other, (a, b) => a & b);
  }

  difference(other: AssetNodeSet): AssetNodeSet {
    return this.combine(other, (a, b) => a & ~b);
  }

  /** Every node of the graph not in this set. */
  complement(): AssetNodeSet {
    const words = this.words.map((word) => ~word);
    clearTail(words, this.capacity);
    return new AssetNodeSet(this.capacity, words);
  }

  equals(other: AssetNodeSet): boolean {
    return this.capacity === other.capacity && this.words.every((word, i) => word === other.words[i]);
  }

  /** A builder that starts from this set's members. */
  toBuilder(): AssetNodeSetBuilder {
    return new AssetNodeSetBuilder(this.capacity, this.words.slice());
  }

  private combine(other: AssetNodeSet, op: (a: number, b: number) => number): AssetNodeSet {
    if (other.capacity !== this.capacity) {
      throw new RangeError(`node sets of different graphs (${this.capacity} and ${other.capacity} nodes)`);
    }
    const words = new Uint32Array(this.words.length);
    for (let i = 0; i < words.length; i++) words[i] = op(this.words[i]!, other.words[i]!);
    return new AssetNodeSet(this.capacity, words);
  }
}

/** Mutable bitset used while computing a {@link AssetNodeSet}. */
export class AssetNodeSetBuilder {
  constructor(
    readonly capacity: number,
    private readonly words: Uint32Array = new Uint32Array(wordCount(capacity)),
  ) {}

  has(index: number): boolean {
    return ((this.words[index >>> 5]! >>> (index & 31)) & 1) === 1;
  }

  /** Adds `index`; returns false when it was already present (the BFS visited test). */
  add(index: number): boolean {
    if (!Number.isInteger(index) || index < 0 || index >= this.capacity) {
      throw new RangeError(`node index ${index} outside 0..${this.capacity - 1}`);
    }
    const w = index >>> 5;
    const mask = 1 << (index & 31);
    const word = this.words[w]!;
    if ((word & mask) !== 0) return false;
    this.words[w] = word | mask;
    return true;
  }

  build(): AssetNodeSet {
    return new AssetNodeSet(this.capacity, this.words.slice());
  }
}

function wordCount(capacity: number): number {
  return Math.ceil(capacity / 32);
}

/** Zeroes the bits past `capacity` so size, equality and complement stay exact. */
function clearTail(words: Uint32Array, capacity: number): void {
  const used = capacity & 31;
  const last = words.length - 1;
  if (used !== 0 && last >= 0) words[last] = words[last]! & ((1 << used) - 1);
}

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
