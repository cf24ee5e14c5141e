import { InvalidDefinitionError } from '../errors.js';

/**
 * When the declarative automation of the sensor service requests an asset, as data
 * (stored in snapshots; evaluated by the sensor service, never by user code).
 */
export type AutomationConditionData =
  /** Whenever an upstream asset updates (and on a missing asset), unless upstream is missing or in progress. */
  | { readonly type: 'eager' }
  /** Once per cron tick, after every upstream asset updated since the tick. */
  | { readonly type: 'on_cron'; readonly cron: string; readonly timezone: string }
  /** When the asset (partition) was never materialized and its upstream is present. */
  | { readonly type: 'on_missing' }
  | { readonly type: 'and'; readonly operands: readonly AutomationConditionData[] }
  | { readonly type: 'or'; readonly operands: readonly AutomationConditionData[] }
  | { readonly type: 'not'; readonly operand: AutomationConditionData };

/**
 * Declarative automation conditions (Dagster's `AutomationCondition`), composable with
 * `and`/`or`/`not`: `AutomationCondition.eager().and(AutomationCondition.onMissing().not())`.
 */
export class AutomationCondition {
  private constructor(readonly data: AutomationConditionData) {}

  static eager(): AutomationCondition {
    return new AutomationCondition({ type: 'eager' });
  }

  /** Cron validity is checked by `defineDefinitions` (an invalid cron is a definitions error). */
  static onCron(cron: string, timezone = 'UTC'): AutomationCondition {
    if (typeof cron !== 'string' || cron.trim() === '') throw new InvalidDefinitionError('AutomationCondition.onCron', 'a cron is required');
    return new AutomationCondition({ type: 'on_cron', cron, timezone });
  }

  static onMissing(): AutomationCondition {
    return new AutomationCondition({ type: 'on_missing' });
  }

  and(...others: AutomationCondition[]): AutomationCondition {
    return new AutomationCondition({ type: 'and', operands: [this.data, ...others.map((other) => other.data)] });
  }

  or(...others: AutomationCondition[]): AutomationCondition {
    return new AutomationCondition({ type: 'or', operands: [this.data, ...others.map((other) => other.data)] });
  }

  not(): AutomationCondition {
    return new AutomationCondition({ type: 'not', operand: this.data });
  }

  toJSON(): AutomationConditionData {
    return this.data;
  }
}

/** Every `on_cron` of a condition tree (for cron validation). */
export function cronsOfCondition(data: AutomationConditionData): { cron: string; timezone: string }[] {
  switch (data.type) {
    case 'on_cron':
      return [{ cron: data.cron, timezone: data.timezone }];
    case 'and':
    case 'or':
      return data.operands.flatMap(cronsOfCondition);
    case 'not':
      return cronsOfCondition(data.operand);
    case 'eager':
    case 'on_missing':
      return [];
    default:
      return assertNever(data);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected automation condition ${JSON.stringify(value)}`);
}
