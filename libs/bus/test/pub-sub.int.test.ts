import { catalog, subjects, subjectsFor, ANY, type PayloadOf } from '@orrery/contracts';
import { useTestNats } from '@orrery/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../src/index.js';
import { captureLogs, delay, eventually, rawConnection, testBus } from './helpers.js';

const nats = useTestNats();
const { prefix } = nats;
const logs = captureLogs();
let bus: Bus;

beforeAll(async () => {
  bus = await testBus(nats.url, prefix, { logger: logs.logger });
});
afterAll(async () => {
  await bus?.drain();
});

const event = (runId: string, storageId: string): PayloadOf<typeof catalog.runEvents> => ({
  v: 1,
  storageId,
  runId,
  type: 'STEP_SUCCESS',
  timestamp: new Date().toISOString(),
  stepKey: 'my_op',
  body: { n: Number(storageId) },
});

describe('publish/subscribe', () => {
  it('round-trips a typed payload under the prefix, filling in the version', async () => {
    const received: PayloadOf<typeof catalog.runQueued>[] = [];
    const subjectsSeen: string[] = [];
    const sub = bus.subscribe(catalog.runQueued, (payload, meta) => {
      received.push(payload);
      subjectsSeen.push(meta.subject);
    });
    await bus.connection.flush();
    bus.publish(catalog.runQueued, { runId: 'run-1' });
    await eventually(() => expect(received).toEqual([{ v: 1, runId: 'run-1' }]));
    expect(subjectsSeen).toEqual([`${prefix}.run.queued`]);
    expect(bus.subject(subjects.runQueued())).toBe(subjectsFor(prefix).runQueued());
    await sub.drain();
  });

  it('delivers parameterised subjects, and a wildcard subscriber sees every run', async () => {
    const one: string[] = [];
    const all: string[] = [];
    const subOne = bus.subscribe(subjects.runEvents('run-a'), (payload) => void one.push(payload.storageId));
    const subAll = bus.subscribe(subjects.runEvents(ANY), (payload) => void all.push(`${payload.runId}/${payload.storageId}`));
    await bus.connection.flush();
    bus.publish(subjects.runEvents('run-a'), event('run-a', '1'));
    bus.publish(subjects.runEvents('run-b'), event('run-b', '2'));
    bus.publish(subjects.runEvents('run-a'), event('run-a', '3'));
    await eventually(() => expect(all).toEqual(['run-a/1', 'run-b/2', 'run-a/3']));
    expect(one).toEqual(['1', '3']);
    await Promise.all([subOne.drain(), subAll.drain()]);
  });

  it('drops and logs a malformed message, and still delivers the next good one', async () => {
    const received: string[] = [];
    const sub = bus.subscribe(subjects.runCancel('run-x'), (payload) => void received.push(payload.requestedAt));
    await bus.connection.flush();
    const raw = await rawConnection(nats.url);
    const subject = subjectsFor(prefix).runCancel('run-x');
    raw.publish(subject, JSON.stringify({ v: 1, runId: 'run-x' })); // requestedAt missing
    raw.publish(subject, '{not json');
    await raw.flush();
    await raw.close();
    const requestedAt = new Date().toISOString();
    bus.publish(subjects.runCancel('run-x'), { runId: 'run-x', requestedAt });
    await eventually(() => expect(received).toEqual([requestedAt]));

    const dropped = logs.messages('warn').filter((entry) => entry.fields.subject === subject);
    expect(dropped).toHaveLength(2);
    expect(dropped[0]!.fields.reason).toBe('schema');
    expect(JSON.stringify(dropped[0]!.fields.issues)).toContain('requestedAt');
    expect(dropped[1]!.fields.reason).toBe('json');
    await sub.drain();
  });

  it('logs a handler that throws and keeps the subscription going', async () => {
    const seen: string[] = [];
    const sub = bus.subscribe(catalog.definitionsUpdated, (payload) => {
      seen.push(payload.snapshotId);
      if (payload.snapshotId === 'bad') throw new Error('handler exploded');
    });
    await bus.connection.flush();
    bus.publish(catalog.definitionsUpdated, { location: 'loc', snapshotId: 'bad' });
    bus.publish(catalog.definitionsUpdated, { location: 'loc', snapshotId: 'good' });
    await eventually(() => expect(seen).toEqual(['bad', 'good']));
    const failures = logs.messages('error').filter((entry) => entry.message === 'message handler failed');
    expect(failures).toHaveLength(1);
    expect((failures[0]!.fields.err as Error).message).toBe('handler exploded');
    expect(sub.subject).toBe(`${prefix}.definitions.updated`);
    await sub.drain();
  });

  it('shares a queue group: each message reaches exactly one member', async () => {
    const counts = [0, 0, 0];
    const subs = counts.map((_, index) => bus.subscribe(catalog.runQueued, () => void counts[index]!++, { queue: 'launchers' }));
    await bus.connection.flush();
    const total = 60;
    for (let i = 0; i < total; i++) bus.publish(catalog.runQueued, { runId: `q-${i}` });
    await eventually(() => expect(counts.reduce((a, b) => a + b, 0)).toBe(total));
    await delay(100);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
    expect(counts.filter((count) => count > 0).length).toBeGreaterThan(1);
    await Promise.all(subs.map((sub) => sub.drain()));
  });

  it('validates on publish and refuses wildcards and bad tokens', () => {
    // A value that satisfies the type but not the schema (not an ISO instant).
    expect(() => bus.publish(subjects.runCancel('r'), { runId: 'r', requestedAt: 'tomorrow' })).toThrow(/requestedAt/);
    expect(() => bus.publish(subjects.runCancel(ANY), { runId: 'r', requestedAt: new Date().toISOString() })).toThrow(/wildcard/);
    expect(() => subjects.runCancel('a.b')).toThrow(/subject token/);
  });

  it('passes extra headers through', async () => {
    let headers: Readonly<Record<string, string>> = {};
    const sub = bus.subscribe(catalog.runQueued, (_payload, meta) => {
      headers = meta.headers;
    });
    await bus.connection.flush();
    bus.publish(catalog.runQueued, { runId: 'h' }, { headers: { 'orrery-origin': 'test' } });
    await eventually(() => expect(headers['orrery-origin']).toBe('test'));
    await sub.drain();
  });

  it('makes a wrong subject/payload pair a compile error', () => {
    // These lines only have to type-check (tsc runs over test/); they never execute.
    const neverRun = (b: Bus) => {
      // @ts-expect-error runEvents needs its runId: the entry alone is not an address
      b.publish(catalog.runEvents, event('r', '1'));
      // @ts-expect-error a cancel payload on the run.queued subject
      b.publish(catalog.runQueued, { runId: 'r', requestedAt: 'x' });
      // @ts-expect-error a run.queued payload without runId
      b.publish(catalog.runQueued, {});
      // @ts-expect-error a request entry is not published with publish()
      b.publish(subjects.codeSnapshot('loc'), {});
      // @ts-expect-error the launch work queue is published with publishLaunch()
      b.publish(subjects.launch('loc'), {});
      // @ts-expect-error handler payload type comes from the entry
      b.subscribe(catalog.runQueued, (payload) => payload.snapshotId);
    };
    expect(typeof neverRun).toBe('function');
  });
});
