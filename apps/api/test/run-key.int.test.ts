import { subjects } from '@orrery/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApi } from './support/api-fixture.js';
import { warehouseDefinitions } from './support/definitions.js';

const api = useApi();

beforeAll(async () => {
  await api.publishLocation('warehouse', warehouseDefinitions());
});

const submit = (payload: Record<string, unknown>) => api.app.inject({ method: 'POST', url: '/runs', payload });

describe('POST /runs: run keys', () => {
  it('returns the existing run with 200 for a second submission of the same job and run key, and creates nothing', async () => {
    const queued = await api.collect(subjects.runQueued());
    const first = await submit({ job: 'ingest', runKey: 'file-17' });
    expect(first.statusCode).toBe(201);
    expect(first.json().tags['orrery/run_key']).toBe('file-17');
    const second = await submit({ job: 'ingest', runKey: 'file-17', tags: { other: 'tags' } });
    expect(second.statusCode).toBe(200);
    expect(second.json().runId).toBe(first.json().runId);
    expect(await api.prisma.run.count({ where: { jobName: 'ingest' } })).toBe(1);
    await expect.poll(() => queued.map((message) => message.runId)).toEqual([first.json().runId]);
  });

  it('keys per job: the same key on another job is another run', async () => {
    const ingest = await submit({ job: 'ingest', runKey: 'shared-key' });
    const region = await submit({ job: 'region_job', partitionKey: 'us', runKey: 'shared-key' });
    expect([ingest.statusCode, region.statusCode]).toEqual([201, 201]);
    expect(region.json().runId).not.toBe(ingest.json().runId);
  });

  it('creates exactly one run when submissions of one key race', async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, () => submit({ job: 'split_job', runKey: 'race' })));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((response) => response.json().runId)).size).toBe(1);
    expect(await api.prisma.run.count({ where: { jobName: 'split_job' } })).toBe(1);
  });
});

describe('POST /runs: when NATS is gone', () => {
  it('still queues the run (the run-launcher polls Postgres) and logs the failed publish', async () => {
    const closed = await api.connectBus();
    await closed.drain();
    const app = api.buildAppWith(closed);
    const response = await app.inject({ method: 'POST', url: '/runs', payload: { job: 'ingest' } });
    await app.close();
    expect(response.statusCode, response.body).toBe(201);
    const runId = response.json().runId as string;
    expect((await api.runs.getRun(runId))?.status).toBe('QUEUED');
    expect(api.logLines.some((line) => line['runId'] === runId && String(line['msg']).includes('could not publish run queued'))).toBe(true);
  });
});
