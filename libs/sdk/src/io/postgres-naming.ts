import { createHash } from 'node:crypto';
import { formatAssetKey, type AssetKey } from '@orrery/core';
import { InvalidDefinitionError } from '../errors.js';

// The only identifiers that ever reach SQL: lowercase letters, digits and `_`, not
// starting with a digit, at most 63 bytes (Postgres' limit). Everything built from user
// input is mapped into this set first; quoting is then only a formality.
const identifierPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/** True when `name` is in the identifier allow-list. */
export function isSafeIdentifier(name: string): boolean {
  return identifierPattern.test(name);
}

/** `"name"` for an allow-listed identifier; throws for anything else. */
export function quoteIdentifier(name: string): string {
  if (!identifierPattern.test(name)) {
    throw new InvalidDefinitionError(`SQL identifier ${JSON.stringify(name)}`, 'only [a-z_][a-z0-9_]*, at most 63 characters');
  }
  return `"${name}"`;
}

/**
 * The table of an asset: key parts joined by `__`, with `prefix` in front. When that is
 * not already a safe identifier (uppercase, `-`, a leading digit, over 63 bytes, or a part
 * containing `__` that could collide with a deeper key), it is lowered, unsafe characters
 * become `_`, and 8 hex digits of the key's sha256 are appended so distinct keys keep
 * distinct tables.
 */
export function postgresTableName(key: AssetKey, prefix = ''): string {
  const raw = prefix + key.join('__');
  const ambiguous = key.some((part) => part.includes('__'));
  if (!ambiguous && identifierPattern.test(raw)) return raw;
  let base = raw.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (!/^[a-z_]/.test(base)) base = `_${base}`;
  const hash = createHash('sha256').update(`${prefix}\u0000${formatAssetKey(key)}`).digest('hex').slice(0, 8);
  return `${base.slice(0, 63 - 9)}_${hash}`;
}

/** A short, safe index name for a table (index names share the schema's namespace). */
export function postgresIndexName(schema: string, table: string): string {
  return `orrery_ix_${createHash('sha256').update(`${schema}.${table}`).digest('hex').slice(0, 16)}`;
}
