import { findAssetKeyProblem } from '../graph/asset-key.js';
import { traversalNode, type AssetSelectionNode, type AssetTraversalDepth } from './ast.js';

// Dagster would read a lone `not` as the asset `not`; a keyword alone is surely a typo.
const keywords: ReadonlySet<string> = new Set(['and', 'AND', 'or', 'OR', 'not', 'NOT']);

/**
 * Dagster's pre-1.10 selection clause, which `AssetSelection.from_string` still accepts
 * when the text is not a selection: `[*][+...]key[+...][*]`. Here `*` means every level
 * and each `+` one level, so `*a` is `+key:a`, `a++` is `key:a+2` and — beware —
 * `raw_*` is `raw_` plus everything downstream, not a wildcard. Returns undefined when
 * `input` is not such a clause or its key is not a valid asset key.
 */
export function parseLegacyClause(input: string): AssetSelectionNode | undefined {
  const text = input.trim();
  let at = 0;
  const upStar = text[at] === '*';
  if (upStar) at++;
  let upPlus = 0;
  while (text[at] === '+') {
    upPlus++;
    at++;
  }
  const keyStart = at;
  while (at < text.length && /^[A-Za-z0-9_./-]$/.test(text[at]!)) at++;
  const key = text.slice(keyStart, at);
  let downPlus = 0;
  while (text[at] === '+') {
    downPlus++;
    at++;
  }
  const downStar = text[at] === '*';
  if (downStar) at++;
  if (key === '' || at !== text.length || keywords.has(key) || findAssetKeyProblem(key.split('/')) !== undefined) return undefined;
  const keyNode: AssetSelectionNode = { type: 'key', value: key };
  const upstream = legacyDepth(upStar, upPlus);
  const downstream = legacyDepth(downStar, downPlus);
  return upstream === undefined && downstream === undefined ? keyNode : traversalNode(keyNode, upstream, downstream);
}

function legacyDepth(star: boolean, plus: number): AssetTraversalDepth | undefined {
  if (star) return 'all';
  return plus === 0 ? undefined : plus;
}
