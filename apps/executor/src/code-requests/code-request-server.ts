import { subjects } from '@orrery/contracts';
import type { Bus, BusResponder } from '@orrery/bus';
import type { DynamicPartitionKeysLookup } from '@orrery/core';
import { OrreryError } from '@orrery/contracts';
import type { Logger } from '@orrery/platform';
import { evaluateSchedule, evaluateSensor, type Definitions } from '@orrery/sdk';
import { userCodeLogger } from './user-code-logger.js';
import { userCodeError } from './user-code-error.js';
import { withTimeLimit } from './with-time-limit.js';

/** Options of {@link serveCodeRequests}. */
export interface CodeRequestServerOptions {
  bus: Bus;
  location: string;
  definitions: Definitions;
  logger: Logger;
  /** Longest a schedule, sensor or partitions evaluation may take, in ms. */
  timeoutMs: number;
  /** Keys of dynamic partitions definitions (the `dynamic_partitions` table). */
  dynamicPartitions: () => Promise<DynamicPartitionKeysLookup>;
}

/**
 * Answers `code.<location>.<verb>` requests for one loaded location, in the location's queue
 * group (any replica answers). User code that throws or hangs comes back as a typed error
 * reply (USER_CODE_ERROR with the stack, CODE_LOCATION_TIMEOUT), never as silence.
 */
export function serveCodeRequests(options: CodeRequestServerOptions): BusResponder[] {
  const { bus, location, definitions, timeoutMs } = options;
  const log = userCodeLogger(options.logger, location);
  return [
    bus.respond(subjects.codeSnapshot(location), () => ({ snapshotId: definitions.snapshotId, snapshot: definitions.snapshot })),

    bus.respond(subjects.scheduleEvaluate(location), async ({ scheduleName, scheduledAt }) => {
      const schedule = definitions.getSchedule(scheduleName);
      const what = `schedule ${scheduleName} of ${location}`;
      const result = await withTimeLimit(what, timeoutMs, async () => {
        try {
          return await evaluateSchedule(schedule, { scheduledExecutionTime: new Date(scheduledAt), log });
        } catch (error) {
          throw userCodeError(what, error);
        }
      });
      return { runRequests: result.runRequests.map((request) => ({ ...request })), ...(result.skipReason === undefined ? {} : { skipReason: result.skipReason }) };
    }),

    bus.respond(subjects.sensorEvaluate(location), async ({ sensorName, cursor, lastTickAt }) => {
      const sensor = definitions.getSensor(sensorName);
      const what = `sensor ${sensorName} of ${location}`;
      if (sensor.sensorType !== 'standard') {
        throw new OrreryError('VALIDATION_FAILED', {
          message: `${what} is a ${sensor.sensorType} sensor: it is evaluated with the event that triggers it, not from a cursor`,
        });
      }
      const result = await withTimeLimit(what, timeoutMs, async () => {
        try {
          return await evaluateSensor(sensor, { cursor: cursor ?? undefined, ...(lastTickAt ? { lastTickAt: new Date(lastTickAt) } : {}), log });
        } catch (error) {
          throw userCodeError(what, error);
        }
      });
      return {
        runRequests: result.runRequests.map((request) => ({ ...request })),
        ...(result.skipReason === undefined ? {} : { skipReason: result.skipReason }),
        cursor: result.cursor ?? null,
        dynamicPartitionsRequests: result.dynamicPartitionsRequests.map((request) => ({ ...request })),
      };
    }),

    bus.respond(subjects.codePartitions(location), async ({ jobName, assetKeys }) => {
      const partitions = jobName !== undefined
        ? definitions.getJob(jobName).partitions
        : assetKeys !== undefined && assetKeys.length > 0 ? definitions.getAssetNode(assetKeys[0]!).partitions : undefined;
      if (partitions === undefined) return { partitionKeys: [] };
      const context = { now: new Date(), dynamicPartitions: await options.dynamicPartitions() };
      return { partitionKeys: partitions.allKeys(context) };
    }),
  ];
}
