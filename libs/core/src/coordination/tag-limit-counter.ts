import type { TagConcurrencyLimit } from '@orrery/contracts';
import type { RunTags } from '../runs/records.js';
import { InvalidRunQueueLimitsError } from './coordination-errors.js';

/** How a tag limit counts: every run with the key, runs with one value, or each value apart. */
type LimitScope = 'key' | 'value' | 'perValue';

interface CountedLimit {
  /** Position in the config, so that the reported blocking limit is deterministic. */
  readonly index: number;
  readonly config: TagConcurrencyLimit;
  readonly scope: LimitScope;
  /** Runs counted for scopes `key` and `value`. */
  count: number;
  /** Runs counted per tag value for scope `perValue`. */
  readonly perValue: Map<string, number>;
}

/** A tag limit that keeps a run in the queue. */
export interface TagLimitBlock {
  /** The limit as configured. */
  readonly limit: TagConcurrencyLimit;
  /** The run's value of `limit.key`. */
  readonly tagValue: string;
  /** Runs already counted against this limit (for a per-value limit: with this value). */
  readonly inProgress: number;
}

function scopeOf(limit: TagConcurrencyLimit): LimitScope {
  if (limit.value === undefined) return 'key';
  return typeof limit.value === 'string' ? 'value' : 'perValue';
}

function assertLimit(limit: TagConcurrencyLimit, index: number): void {
  const path = `tagConcurrencyLimits.${index}`;
  if (typeof limit.key !== 'string' || limit.key === '') throw new InvalidRunQueueLimitsError(`${path}.key`, 'must be a non-empty string');
  if (!Number.isInteger(limit.limit) || limit.limit < 0) {
    throw new InvalidRunQueueLimitsError(`${path}.limit`, `must be an integer ≥ 0, got ${limit.limit}`);
  }
  const value: unknown = limit.value;
  const perValue = typeof value === 'object' && value !== null && (value as { applyLimitPerUniqueValue?: unknown }).applyLimitPerUniqueValue === true;
  if (value !== undefined && typeof value !== 'string' && !perValue) {
    throw new InvalidRunQueueLimitsError(`${path}.value`, 'must be a string or { applyLimitPerUniqueValue: true }');
  }
}

/**
 * Counts runs against `run_coordinator.tag_concurrency_limits` — Dagster's
 * TagConcurrencyLimitsCounter. Limits are indexed by tag key, so checking a run costs one
 * lookup per tag of the run, whatever the number of limits.
 *
 * Every configured entry is enforced. Dagster keeps one entry per key and scope (a later
 * duplicate silently replaces an earlier one); enforcing all of them means the strictest wins,
 * which is the only reading under which no configured limit is ever exceeded.
 */
export class TagLimitCounter {
  private readonly byKey = new Map<string, CountedLimit[]>();

  /** Throws {@link InvalidRunQueueLimitsError} for a malformed limit. */
  constructor(limits: readonly TagConcurrencyLimit[]) {
    limits.forEach((config, index) => {
      assertLimit(config, index);
      const counted: CountedLimit = { index, config, scope: scopeOf(config), count: 0, perValue: new Map() };
      const sameKey = this.byKey.get(config.key);
      if (sameKey) sameKey.push(counted);
      else this.byKey.set(config.key, [counted]);
    });
  }

  /** The first limit (in config order) that a run with `tags` would exceed, or undefined. */
  blockingLimit(tags: RunTags): TagLimitBlock | undefined {
    let block: { counted: CountedLimit; tagValue: string; inProgress: number } | undefined;
    for (const [key, value] of this.limitedTags(tags)) {
      for (const counted of this.byKey.get(key) ?? []) {
        const inProgress = countOf(counted, value);
        if (inProgress === undefined || inProgress < counted.config.limit) continue;
        if (!block || counted.index < block.counted.index) block = { counted, tagValue: value, inProgress };
      }
    }
    return block && { limit: block.counted.config, tagValue: block.tagValue, inProgress: block.inProgress };
  }

  /** Counts a run with `tags` as in progress (an in-flight run, or one chosen to launch). */
  add(tags: RunTags): void {
    for (const [key, value] of this.limitedTags(tags)) {
      for (const counted of this.byKey.get(key) ?? []) {
        if (counted.scope === 'perValue') counted.perValue.set(value, (counted.perValue.get(value) ?? 0) + 1);
        else if (counted.scope === 'key' || counted.config.value === value) counted.count += 1;
      }
    }
  }

  /** The run's tags that some limit names; own keys only, so `constructor` is never a tag. */
  private *limitedTags(tags: RunTags): Iterable<[string, string]> {
    if (this.byKey.size === 0) return;
    for (const key of Object.keys(tags)) {
      const value = tags[key];
      if (value !== undefined && this.byKey.has(key)) yield [key, value];
    }
  }
}

/** Runs counted against `counted` for a run whose tag has `value`; undefined when it does not apply. */
function countOf(counted: CountedLimit, value: string): number | undefined {
  switch (counted.scope) {
    case 'key':
      return counted.count;
    case 'value':
      return counted.config.value === value ? counted.count : undefined;
    case 'perValue':
      return counted.perValue.get(value) ?? 0;
    default: {
      const exhausted: never = counted.scope;
      throw new Error(`unknown limit scope ${String(exhausted)}`);
    }
  }
}
