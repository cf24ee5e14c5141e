import type { TimeWindowPartitionsDefinition } from '../time-window/time-window-definition.js';
import { TimeWindowPartitionsSubset, mergeRanges, type TimeRange } from '../time-window/time-window-subset.js';
import type { PartitionsContext } from '../types.js';
import type { TimeWindowPartitionMapping } from './partition-mapping.js';

// Dagster's TimeWindowPartitionMapping._map_partitions, on epoch-ms ranges. Mapping downstream
// to upstream, the downstream range is shifted by the offsets (in downstream windows) and then
// widened to upstream window boundaries; mapping upstream to downstream, the range is widened
// to downstream boundaries first and then shifted by the negated, swapped offsets. Shifts never
// push past the target definition's existing windows.

/** Result of mapping time windows: the existing target windows and the needed ones that do not exist. */
export interface TimeWindowMappingResult {
  readonly subset: TimeWindowPartitionsSubset;
  readonly nonexistentKeys: string[];
}

export function mapTimeWindows(
  from: TimeWindowPartitionsSubset,
  to: TimeWindowPartitionsDefinition,
  mapping: TimeWindowPartitionMapping,
  downstreamToUpstream: boolean,
  context: PartitionsContext,
): TimeWindowMappingResult {
  const fromDef = from.definition;
  const startOffset = downstreamToUpstream ? mapping.startOffset : -mapping.endOffset;
  const endOffset = downstreamToUpstream ? mapping.endOffset : -mapping.startOffset;
  const existingEnd = to.existingEndMs(context.now);
  const bounds: TimeRange | undefined = existingEnd === undefined ? undefined : [to.firstStartMs, existingEnd];
  const sameBoundaries = fromDef.cron === to.cron && fromDef.timezone === to.timezone;

  const windows: TimeRange[] = [];
  for (const [fromStart, fromEnd] of from.ranges) {
    let start = fromStart;
    let end = fromEnd;
    if (downstreamToUpstream) {
      start = shift(fromDef, start, startOffset, bounds);
      end = shift(fromDef, end, endOffset, bounds);
    }
    if (!sameBoundaries) {
      // The target window holding `start`, and the one ending at or after `end`.
      start = to.boundaryAtOrBefore(start) ?? start;
      end = to.boundaryAtOrBefore(end) === end ? end : to.nextBoundary(end);
    }
    if (!downstreamToUpstream) {
      start = shift(to, start, startOffset, bounds);
      end = shift(to, end, endOffset, bounds);
    }
    if (start < end) windows.push([start, end]);
  }

  const existing: TimeRange[] = [];
  const missing: TimeRange[] = [];
  for (const [start, end] of mergeRanges(windows)) {
    if (bounds === undefined) {
      missing.push([start, end]);
      continue;
    }
    const clippedStart = Math.max(start, bounds[0]);
    const clippedEnd = Math.min(end, bounds[1]);
    if (clippedStart < clippedEnd) existing.push([clippedStart, clippedEnd]);
    if (start < bounds[0]) missing.push([start, Math.min(end, bounds[0])]);
    if (end > bounds[1]) missing.push([Math.max(start, bounds[1]), end]);
  }
  const reportMissing = downstreamToUpstream && !mapping.allowNonexistentUpstreamPartitions;
  return {
    subset: new TimeWindowPartitionsSubset(to, existing),
    nonexistentKeys: reportMissing ? missing.flatMap(([start, end]) => to.keysBetween(start, end)) : [],
  };
}

/** Moves a boundary by `offset` windows of `definition`, not past `bounds` (Dagster's _offsetted_datetime_with_bounds). */
function shift(definition: TimeWindowPartitionsDefinition, boundary: number, offset: number, bounds: TimeRange | undefined): number {
  if (offset === 0) return boundary;
  const moved = definition.stepBoundaries(boundary, offset);
  if (bounds === undefined) return moved;
  return offset < 0 ? Math.max(bounds[0], moved) : Math.min(bounds[1], moved);
}
