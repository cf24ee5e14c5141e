export {
  ASSET_KEY_SEPARATOR,
  InvalidAssetKeyError,
  assertAssetKey,
  assetKeysEqual,
  compareAssetKeys,
  findAssetKeyProblem,
  formatAssetKey,
  isValidAssetKeyPart,
  parseAssetKey,
} from './asset-key.js';
export type { AssetKey, AssetKeyLike, InvalidAssetKeyDetails } from './asset-key.js';
export { AssetGraph, DEFAULT_ASSET_GROUP, UnknownAssetKeyError } from './asset-graph.js';
export type { AssetNodeDescription, AssetNodes, AssetTraversalOptions } from './asset-graph.js';
export { AssetGraphCycleError, formatAssetGraphProblem, formatCyclePath } from './graph-problems.js';
export type { AssetGraphProblem } from './graph-problems.js';
export { AssetNodeSet } from './node-set.js';
