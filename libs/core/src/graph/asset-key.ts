import { OrreryError } from '@orrery/contracts';

/**
 * An asset key: a path of string parts, e.g. `['raw', 'customers']`, written
 * `raw/customers` in user strings (selections, CLI, UI). Plain data, so it serializes as a
 * JSON array exactly like the contracts' `assetKeys: string[][]`.
 */
export type AssetKey = readonly string[];

/** An asset key, or its user string (`raw/customers`). */
export type AssetKeyLike = AssetKey | string;

/** Separator of key parts in user strings. A part never contains it. */
export const ASSET_KEY_SEPARATOR = '/';

// Dagster documents `^[A-Za-z0-9_]+$` for names, yet accepts `-` in key parts (dbt and
// external keys rely on it) and refuses `/` (it would make the user string ambiguous).
// Orrery keeps exactly that set so every key has one user string and back.
const validPart = /^[A-Za-z0-9_-]+$/;

/** Details of {@link InvalidAssetKeyError}. */
export interface InvalidAssetKeyDetails {
  /** The key as given: its parts, or the user string that was parsed. */
  readonly key: readonly string[] | string;
  /** The offending part (`''` for an empty part or an empty key). */
  readonly part: string;
  readonly reason: string;
}

/** Thrown when an asset key is empty or has a part outside `[A-Za-z0-9_-]`. */
export class InvalidAssetKeyError extends OrreryError<'VALIDATION_FAILED', InvalidAssetKeyDetails> {
  constructor(readonly invalid: InvalidAssetKeyDetails) {
    const shown = typeof invalid.key === 'string' ? invalid.key : JSON.stringify(invalid.key);
    super('VALIDATION_FAILED', { message: `invalid asset key ${shown}: ${invalid.reason}`, details: invalid });
  }
}

/** True when `part` may be one part of an asset key. */
export function isValidAssetKeyPart(part: string): boolean {
  return validPart.test(part);
}

/**
 * Why `parts` is not a valid asset key (the first bad part and the reason), or undefined
 * when it is valid. The non-throwing form, for validators that collect every problem.
 */
export function findAssetKeyProblem(parts: readonly string[]): { part: string; reason: string } | undefined {
  if (parts.length === 0) return { part: '', reason: 'an asset key has at least one part' };
  for (const part of parts) {
    if (part === '') return { part, reason: 'a part is empty' };
    if (!validPart.test(part)) {
      return { part, reason: `part "${part}" may contain only letters, digits, "_" and "-"` };
    }
  }
  return undefined;
}

/** Returns `parts` as an AssetKey; throws {@link InvalidAssetKeyError} naming the bad part. */
export function assertAssetKey(parts: readonly string[]): AssetKey {
  const problem = findAssetKeyProblem(parts);
  if (problem !== undefined) throw new InvalidAssetKeyError({ key: parts, ...problem });
  return parts;
}

/**
 * Parses a user string (`raw/customers`) into a validated key. Throws
 * {@link InvalidAssetKeyError} naming the bad part (`raw//customers`, `raw/cust omers`).
 */
export function parseAssetKey(userString: string): AssetKey {
  const parts = userString.split(ASSET_KEY_SEPARATOR);
  const problem = findAssetKeyProblem(parts);
  if (problem !== undefined) throw new InvalidAssetKeyError({ key: userString, ...problem });
  return parts;
}

/** The user string of a key: its parts joined by `/`. */
export function formatAssetKey(key: AssetKeyLike): string {
  return typeof key === 'string' ? key : key.join(ASSET_KEY_SEPARATOR);
}

/** True when both keys have the same parts. */
export function assetKeysEqual(a: AssetKey, b: AssetKey): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Orders keys by their user strings, comparing UTF-16 code units (not the locale), so
 * the order is the same on every machine. This is the tie-break of every sorted output.
 */
export function compareAssetKeys(a: AssetKeyLike, b: AssetKeyLike): number {
  return compareKeyStrings(formatAssetKey(a), formatAssetKey(b));
}

/** Code-unit comparison of two user strings (see {@link compareAssetKeys}). */
export function compareKeyStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
