import type { EventLevel, JsonObject, NewEvent, PartitionsContext } from '@orrery/core';
import type { Definitions, Logger, ParsedRunConfig } from '@orrery/sdk';
import type { EventSink } from '../event-sink.js';
import { formatLogLine, type ComputeLogCapture } from './compute-logs.js';

/**
 * What every system of one run shares (STYLE.md 4: an engine is several systems sharing
 * one resources object): identity, definitions, parsed config, set-up resources, the
 * partitions of the run, and the event sink.
 */
export interface RunScope {
  readonly runId: string;
  readonly jobName: string;
  readonly definitions: Definitions;
  readonly runTags: Readonly<Record<string, string>>;
  readonly runConfig: ParsedRunConfig;
  /** Resource instances by key, once set up. */
  readonly resources: Record<string, unknown>;
  /** Partition keys the run targets (one, a range's keys, or none). */
  readonly partitionKeys: readonly string[];
  readonly partitionKeyRange: { readonly start: string; readonly end: string } | undefined;
  readonly partitionsContext: PartitionsContext;
  readonly signal: AbortSignal;
  readonly sink: EventSink;
  /** Where steps' log lines are captured; undefined = not captured. */
  readonly computeLogs?: ComputeLogCapture | undefined;
}

/** Fields of an event besides the run id, type and time. */
export type EventFields = Omit<NewEvent, 'runId' | 'type' | 'timestamp'>;

/** Emits an event of the run, stamped now. */
export function emitEvent(scope: RunScope, type: NewEvent['type'], fields: EventFields = {}): void {
  scope.sink.emit({ runId: scope.runId, type, timestamp: new Date(), ...fields });
}

const levels: Record<keyof Logger, EventLevel> = { debug: 'DEBUG', info: 'INFO', warn: 'WARNING', error: 'ERROR' };

/** `context.log`: each call is a LOG_MESSAGE event of the run, tied to the step. */
export function stepLogger(scope: RunScope, stepKey: string | null): Logger {
  const logKey = stepKey !== null && scope.computeLogs ? scope.computeLogs.logKeyFor(scope.runId, stepKey) : undefined;
  const log = (level: keyof Logger) => (message: string, data?: Readonly<Record<string, unknown>>) => {
    emitEvent(scope, 'LOG_MESSAGE', { stepKey, level: levels[level], message, data: (data ?? {}) as JsonObject });
    if (logKey !== undefined) scope.computeLogs!.append(logKey, formatLogLine(levels[level], message, data));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
