import { OrreryError } from '@orrery/contracts';
import { formatAssetKey, type AssetKey } from './asset-key.js';

/**
 * One thing wrong with a set of asset node descriptions, as data: the definitions
 * validator turns the whole list into one error. `AssetGraph.problems()` lists them in a
 * stable order (input order; cycles by their first key).
 */
export type AssetGraphProblem =
  /** Two nodes share a key; the later one is left out of the graph. */
  | { readonly type: 'duplicate_key'; readonly key: AssetKey }
  /** A node key, or a dependency key of `dependent`, is empty or has a bad part. */
  | {
      readonly type: 'invalid_key';
      readonly key: readonly string[];
      readonly part: string;
      readonly reason: string;
      readonly dependent?: AssetKey;
    }
  /** `key` depends on `dependency`, which is not a node of the graph. */
  | { readonly type: 'missing_dependency'; readonly key: AssetKey; readonly dependency: AssetKey }
  /**
   * A dependency cycle, as a path whose first and last keys are equal (`a -> b -> a`).
   * One per strongly connected component, starting at its first key by key string.
   */
  | { readonly type: 'cycle'; readonly path: readonly AssetKey[] };

/** One line for a problem, e.g. `dependency cycle: a -> b -> c -> a`. */
export function formatAssetGraphProblem(problem: AssetGraphProblem): string {
  switch (problem.type) {
    case 'duplicate_key':
      return `asset ${formatAssetKey(problem.key)} is defined more than once`;
    case 'invalid_key': {
      const where = problem.dependent === undefined ? 'asset key' : `dependency of ${formatAssetKey(problem.dependent)}`;
      return `invalid ${where} ${JSON.stringify(problem.key)}: ${problem.reason}`;
    }
    case 'missing_dependency':
      return `asset ${formatAssetKey(problem.key)} depends on ${formatAssetKey(problem.dependency)}, which is not defined`;
    case 'cycle':
      return `dependency cycle: ${formatCyclePath(problem.path)}`;
    default:
      return assertNever(problem);
  }
}

/** `a -> b -> c -> a`. */
export function formatCyclePath(path: readonly AssetKey[]): string {
  return path.map((key) => formatAssetKey(key)).join(' -> ');
}

/** Thrown by `AssetGraph.topologicalOrder()` when the graph has a dependency cycle. */
export class AssetGraphCycleError extends OrreryError<'VALIDATION_FAILED', { cycle: string[] }> {
  constructor(readonly cycle: readonly AssetKey[]) {
    const path = cycle.map((key) => formatAssetKey(key));
    super('VALIDATION_FAILED', { message: `dependency cycle: ${path.join(' -> ')}`, details: { cycle: path } });
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected graph problem ${JSON.stringify(value)}`);
}
