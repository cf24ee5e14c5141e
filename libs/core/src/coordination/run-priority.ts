import type { RunTags } from '../runs/records.js';
import { COORDINATION_RUN_TAGS, parseIntegerTag, tagValue } from './run-tags.js';

/** A queued run whose `orrery/priority` tag is not an integer; it is queued at priority 0. */
export interface PriorityProblem {
  readonly runId: string;
  /** The tag value as found. */
  readonly value: string;
  readonly message: string;
}

/** Priority of a run and, when its tag is malformed, the problem to report. */
export interface RunPriority {
  /** Higher launches first; 0 when the tag is absent or malformed. */
  readonly priority: number;
  readonly problem?: PriorityProblem;
}

/**
 * The queue priority of a run from its `orrery/priority` tag. Like Dagster's
 * `_priority_sort`, a value that is not an integer counts as 0 rather than blocking the
 * run; unlike Dagster, the bad value is returned so that it can be logged once per pass.
 */
export function runPriority(runId: string, tags: RunTags): RunPriority {
  const raw = tagValue(tags, COORDINATION_RUN_TAGS.priority);
  if (raw === undefined) return { priority: 0 };
  const parsed = parseIntegerTag(raw);
  if (parsed !== undefined) return { priority: parsed };
  return {
    priority: 0,
    problem: { runId, value: raw, message: `${COORDINATION_RUN_TAGS.priority} "${raw}" is not an integer; using 0` },
  };
}
