import { afterAll, beforeAll, expect, it } from 'vitest';
import { useTestDatabase, useTestNats, type SpawnedService } from '@orrery/testing';
import {
  connectInstance, eventTypes, launch, marksOf, startExecutor, startingRun, testWorkspace, waitForStatus, type Instance,
} from './support/executor-harness.js';

// `process` isolation: each run in a child process, so user code that exits the process
// fails its run and nothing else.
const database = useTestDatabase();
const nats = useTestNats();
const workspace = testWorkspace(nats.prefix, { isolated: 'process-location.ts' });
let instance: Instance;
let executor: SpawnedService;

beforeAll(async () => {
  instance = await connectInstance(database, nats);
  executor = await startExecutor({ database, nats, workspace });
}, 30_000);

afterAll(async () => {
  await executor?.stop('SIGTERM');
  await instance?.close();
});

it('fails the run whose step calls process.exit(1), stays up and runs the next', async () => {
  const exiting = await startingRun(instance, { location: 'isolated', jobName: 'exit_job' });
  await launch(instance, exiting);
  const failed = await waitForStatus(instance, exiting.runId, ['FAILURE', 'SUCCESS'], 20_000);
  expect(failed.status).toBe('FAILURE');
  expect(failed.failureReason).toBe('STEP_FAILURE');
  expect(marksOf(workspace, exiting.runId)).toEqual(['exits']);
  const types = await eventTypes(instance, exiting.runId);
  expect(types).toContain('STEP_START');
  expect(types.at(-1)).toBe('RUN_FAILURE');
  const stepFailure = await instance.prisma.eventLog.findFirst({ where: { runId: exiting.runId, eventType: 'STEP_FAILURE' } });
  expect(stepFailure?.stepKey).toBe('exits');
  expect((stepFailure?.body as { message: string }).message).toContain('exited with code 1');

  // The executor is still up and takes the next run.
  expect(executor.process.exitCode).toBeNull();
  const next = await startingRun(instance, { location: 'isolated', jobName: 'fine_job' });
  await launch(instance, next);
  expect((await waitForStatus(instance, next.runId, ['FAILURE', 'SUCCESS'], 20_000)).status).toBe('SUCCESS');
  expect(marksOf(workspace, next.runId)).toEqual(['fine']);
}, 60_000);
