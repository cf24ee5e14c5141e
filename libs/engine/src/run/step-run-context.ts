import type { Logger, RunContext } from '@orrery/sdk';
import { emitEvent, type RunScope } from './run-scope.js';

/**
 * The part of a step's context every kind of step shares: the run, its log, resources and
 * tags, the attempt's signal, and the instance controls. A dynamic-partitions change is an
 * ENGINE_EVENT of the step carrying `data.dynamicPartitionsRequest` (the shape sensors return
 * too); the executor's event store applies it to `dynamic_partitions` with the event.
 */
export function stepRunContext(scope: RunScope, stepKey: string, log: Logger, signal: AbortSignal): RunContext<Readonly<Record<string, unknown>>> {
  const request = (type: 'add' | 'delete', partitionsDefName: string, partitionKeys: readonly string[]) => {
    const verb = type === 'add' ? 'added' : 'deleted';
    emitEvent(scope, 'ENGINE_EVENT', {
      stepKey,
      message: `${verb} ${partitionKeys.length} partition key(s) of dynamic partitions ${partitionsDefName}`,
      data: { dynamicPartitionsRequest: { type, partitionsDefName, partitionKeys: [...partitionKeys] } },
    });
  };
  return {
    runId: scope.runId, jobName: scope.jobName, log, resources: scope.resources, runTags: scope.runTags, signal,
    instance: {
      addDynamicPartitions: (name, keys) => request('add', name, keys),
      deleteDynamicPartitions: (name, keys) => request('delete', name, keys),
    },
  };
}
