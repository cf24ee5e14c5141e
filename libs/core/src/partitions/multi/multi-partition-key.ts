import { InvalidPartitionKeysError } from '../errors.js';
import { MULTI_PARTITION_KEY_DELIMITER, findPartitionKeyProblem } from '../partition-key.js';

/**
 * A key of a multi-partitions definition with per-dimension access. Its string form joins the
 * dimension keys with `|` in dimension-name order, as Dagster does: `{ date: '2024-01-01',
 * region: 'eu' }` is `2024-01-01|eu`.
 */
export class MultiPartitionKey {
  /** Dimension names, sorted. */
  readonly dimensionNames: readonly string[];
  readonly keysByDimension: Readonly<Record<string, string>>;

  /** Throws InvalidPartitionKeysError when a dimension key is empty or holds a forbidden substring (such as `|`). */
  constructor(keysByDimension: Readonly<Record<string, string>>) {
    const problems = Object.entries(keysByDimension).flatMap(([dimension, key]) => {
      const problem = findPartitionKeyProblem(key);
      return problem === undefined ? [] : [{ key, problem: `${problem} (dimension ${dimension})` }];
    });
    if (problems.length > 0) throw new InvalidPartitionKeysError(problems);
    this.dimensionNames = Object.keys(keysByDimension).sort();
    this.keysByDimension = Object.freeze({ ...keysByDimension });
  }

  /** The key of one dimension; undefined for a dimension the key does not have. */
  get(dimension: string): string | undefined {
    return Object.hasOwn(this.keysByDimension, dimension) ? this.keysByDimension[dimension] : undefined;
  }

  /** The dimension keys in dimension-name order. */
  parts(): string[] {
    return this.dimensionNames.map((name) => this.keysByDimension[name]!);
  }

  toString(): string {
    return this.parts().join(MULTI_PARTITION_KEY_DELIMITER);
  }

  equals(other: MultiPartitionKey): boolean {
    return this.toString() === other.toString() && this.dimensionNames.join('|') === other.dimensionNames.join('|');
  }
}
