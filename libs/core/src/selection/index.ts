export { SELECTION_FUNCTIONS, SUPPORTED_SELECTION_ATTRIBUTES } from './ast.js';
export type {
  AssetSelectionAll,
  AssetSelectionAttribute,
  AssetSelectionBoolean,
  AssetSelectionFunction,
  AssetSelectionKey,
  AssetSelectionNode,
  AssetSelectionNot,
  AssetSelectionTag,
  AssetSelectionTraversal,
  AssetTraversalDepth,
} from './ast.js';
export { AssetSelection } from './builder.js';
export type { AssetSelectionLike } from './builder.js';
export { UnknownAssetKeysError, evaluateAssetSelection } from './evaluate.js';
export type { EvaluateAssetSelectionOptions } from './evaluate.js';
export { parseAssetSelection } from './parser.js';
export { selectionToString } from './printer.js';
export { AssetSelectionSyntaxError } from './syntax-error.js';
export type { AssetSelectionSyntaxErrorDetails } from './syntax-error.js';
