// Reading, canceling and re-executing runs. Runs are submitted through the api, then moved
// through their statuses with the run store, as the run-launcher and executor would.
import { subjects, ANY } from '@orrery/contracts';
import type { NewEvent, RunStatus } from '@orrery/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApi } from './support/api-fixture.js';
import { warehouseDefinitions } from './support/definitions.js';

const api = useApi();
const warehouse = warehouseDefinitions();

beforeAll(async () => {
  await api.publishLocation('warehouse', warehouse);
});

async function submitted(payload: Record<string, unknown>): Promise<string> {
  const response = await api.app.inject({ method: 'POST', url: '/runs', payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().runId as string;
}

/** Moves a queued run along QUEUED → STARTING → STARTED (→ `end`), as the services would. */
async function advance(runId: string, end?: 'SUCCESS' | 'FAILURE' | 'CANCELING'): Promise<void> {
  const steps: [RunStatus, RunStatus][] = [['QUEUED', 'STARTING'], ['STARTING', 'STARTED']];
  if (end) steps.push(['STARTED', end]);
  for (const [from, to] of steps) {
    const result = await api.runs.transitionStatus({ runId, from, to, incrementAttempt: to === 'STARTING', ...(to === 'FAILURE' ? { failureReason: 'STEP_FAILURE' } : {}) });
    expect(result.applied).toBe(true);
  }
}

const stepEvent = (runId: string, type: NewEvent['type'], stepKey: string): NewEvent => ({ runId, type, stepKey });

describe('GET /runs/:id', () => {
  it('returns the run, and 404 for an unknown or malformed id', async () => {
    const runId = await submitted({ job: 'ingest' });
    const response = await api.app.inject({ url: `/runs/${runId}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ runId, jobName: 'ingest', status: 'QUEUED', attempt: 0, startedAt: null, endedAt: null });
    expect(new Date(response.json().createdAt).getTime()).not.toBeNaN();
    const unknown = await api.app.inject({ url: '/runs/00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('RUN_NOT_FOUND');
    expect((await api.app.inject({ url: '/runs/not-a-uuid' })).statusCode).toBe(404);
  });
});

describe('GET /runs/:id/events', () => {
  it('pages through events oldest first with a decimal cursor that stays put at the end', async () => {
    const runId = await submitted({ job: 'ingest' });
    await api.events.appendEvents([
      stepEvent(runId, 'STEP_START', 'list_files'),
      stepEvent(runId, 'STEP_SUCCESS', 'list_files'),
      stepEvent(runId, 'STEP_START', 'parse[a]'),
    ]);
    const first = await api.app.inject({ url: `/runs/${runId}/events?limit=2` });
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.events.map((event: { type: string }) => event.type)).toEqual(['RUN_ENQUEUED', 'STEP_START']);
    expect(page1.cursor).toBe(page1.events[1].id);
    expect(page1.cursor).toMatch(/^\d+$/);

    const page2 = (await api.app.inject({ url: `/runs/${runId}/events?after=${page1.cursor}&limit=2` })).json();
    expect(page2.events.map((event: { type: string; stepKey: string }) => `${event.type}:${event.stepKey}`)).toEqual(['STEP_SUCCESS:list_files', 'STEP_START:parse[a]']);
    const page3 = (await api.app.inject({ url: `/runs/${runId}/events?after=${page2.cursor}` })).json();
    expect(page3).toEqual({ events: [], cursor: page2.cursor });
  });

  it('validates the query and answers 404 for an unknown run', async () => {
    const runId = await submitted({ job: 'ingest' });
    expect((await api.app.inject({ url: `/runs/${runId}/events?limit=0` })).json().message).toBe('query.limit: must be at least 1');
    expect((await api.app.inject({ url: `/runs/${runId}/events?limit=1001` })).statusCode).toBe(400);
    expect((await api.app.inject({ url: `/runs/${runId}/events?after=-1` })).json().message).toMatch(/^query\.after: /);
    expect((await api.app.inject({ url: '/runs/00000000-0000-4000-8000-000000000000/events' })).statusCode).toBe(404);
  });
});

describe('POST /runs/:id/cancel', () => {
  it('cancels a queued run at once', async () => {
    const runId = await submitted({ job: 'ingest' });
    const response = await api.app.inject({ method: 'POST', url: `/runs/${runId}/cancel` });
    expect(response.statusCode).toBe(200);
    expect(response.json().status).toBe('CANCELED');
    expect((await api.events.readRunEvents(runId)).map((event) => event.type)).toEqual(['RUN_ENQUEUED', 'RUN_CANCELED']);
  });

  it('sets a running run CANCELING and tells its executor, again on a repeated request', async () => {
    const cancels = await api.collect(subjects.runCancel(ANY));
    const runId = await submitted({ job: 'ingest' });
    await advance(runId);
    const response = await api.app.inject({ method: 'POST', url: `/runs/${runId}/cancel` });
    expect(response.statusCode).toBe(200);
    expect(response.json().status).toBe('CANCELING');
    const again = await api.app.inject({ method: 'POST', url: `/runs/${runId}/cancel` });
    expect(again.json().status).toBe('CANCELING');
    await expect.poll(() => cancels.map((message) => message.runId)).toEqual([runId, runId]);
    expect(cancels[0]!.requestedAt).toBe('2024-06-10T12:00:00.000Z');
  });

  it('refuses a finished run with 409 and the reason, and answers 404 for an unknown one', async () => {
    const runId = await submitted({ job: 'ingest' });
    await advance(runId, 'SUCCESS');
    const response = await api.app.inject({ method: 'POST', url: `/runs/${runId}/cancel` });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CONFLICT', message: `run ${runId} is SUCCESS: it cannot be canceled` });
    expect((await api.app.inject({ method: 'POST', url: '/runs/00000000-0000-4000-8000-000000000000/cancel' })).statusCode).toBe(404);
  });
});

describe('POST /runs/:id/reexecute', () => {
  it('re-executes the failed and unfinished assets of a failed asset run from failure', async () => {
    const parentId = await submitted({ job: 'daily_orders', partitionKey: '2024-06-05', tags: { owner: 'me' }, runKey: 'daily-2024-06-05' });
    await advance(parentId, 'FAILURE');
    await api.events.appendEvents([
      stepEvent(parentId, 'STEP_SUCCESS', 'raw__orders'),
      stepEvent(parentId, 'STEP_FAILURE', 'orders_clean'),
      stepEvent(parentId, 'STEP_SKIPPED', 'report'),
      stepEvent(parentId, 'STEP_SKIPPED', 'check:orders_clean:positive'),
    ]);
    const response = await api.app.inject({ method: 'POST', url: `/runs/${parentId}/reexecute`, payload: { strategy: 'from_failure' } });
    expect(response.statusCode, response.body).toBe(201);
    const child = response.json();
    expect(child).toMatchObject({
      jobName: 'daily_orders',
      status: 'QUEUED',
      locationName: 'warehouse',
      snapshotId: warehouse.snapshotId,
      partitionKey: '2024-06-05',
      parentRunId: parentId,
      rootRunId: parentId,
      tags: { owner: 'me', 'orrery/partition': '2024-06-05', 'orrery/parent_run_id': parentId, 'orrery/root_run_id': parentId },
      body: {
        runConfig: { ops: { orders_clean: { config: { minAmount: 5 } } } },
        assetSelection: ['orders_clean', 'report'],
        reexecution: { parentRunId: parentId, strategy: 'FROM_FAILURE' },
      },
    });
    expect(child.runId).not.toBe(parentId);

    // Re-executing the child keeps the chain's root.
    await advance(child.runId, 'FAILURE');
    const grandchild = await api.app.inject({ method: 'POST', url: `/runs/${child.runId}/reexecute`, payload: { strategy: 'all' } });
    expect(grandchild.json()).toMatchObject({ parentRunId: child.runId, rootRunId: parentId, body: { assetSelection: ['orders_clean', 'report'] } });
  });

  it('re-executes an op run from failure as a step selection, and all steps of a successful one', async () => {
    const failedId = await submitted({ job: 'ingest' });
    await advance(failedId, 'FAILURE');
    await api.events.appendEvents([stepEvent(failedId, 'STEP_SUCCESS', 'list_files'), stepEvent(failedId, 'STEP_FAILURE', 'parse[a]')]);
    const fromFailure = await api.app.inject({ method: 'POST', url: `/runs/${failedId}/reexecute`, payload: { strategy: 'from_failure' } });
    // The failed mapped op runs again with its dynamic producer: its items exist per run, and
    // the engine refuses a mapped step without the step that maps it.
    expect(fromFailure.json().body).toMatchObject({ stepSelection: ['list_files', 'parse', 'total'] });

    const succeededId = await submitted({ job: 'ingest' });
    await advance(succeededId, 'SUCCESS');
    const all = await api.app.inject({ method: 'POST', url: `/runs/${succeededId}/reexecute`, payload: { strategy: 'all' } });
    expect(all.statusCode).toBe(201);
    expect(all.json().body).toEqual({ runConfig: {}, reexecution: { parentRunId: succeededId, strategy: 'ALL_STEPS' } });
  });

  it('refuses from_failure of a run that did not fail (400), a running one (409), a bad strategy and an unknown run', async () => {
    const succeededId = await submitted({ job: 'ingest' });
    await advance(succeededId, 'SUCCESS');
    const notFailed = await api.app.inject({ method: 'POST', url: `/runs/${succeededId}/reexecute`, payload: { strategy: 'from_failure' } });
    expect(notFailed.statusCode).toBe(400);
    expect(notFailed.json().message).toContain('is SUCCESS, not FAILURE');

    const runningId = await submitted({ job: 'ingest' });
    await advance(runningId);
    expect((await api.app.inject({ method: 'POST', url: `/runs/${runningId}/reexecute`, payload: { strategy: 'all' } })).statusCode).toBe(409);
    expect((await api.app.inject({ method: 'POST', url: `/runs/${runningId}/reexecute`, payload: { strategy: 'sometimes' } })).json().message).toMatch(/^body\.strategy: /);
    expect((await api.app.inject({ method: 'POST', url: '/runs/00000000-0000-4000-8000-000000000000/reexecute', payload: { strategy: 'all' } })).statusCode).toBe(404);
  });
});
