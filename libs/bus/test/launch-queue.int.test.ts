import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { subjectsFor } from '@orrery/contracts';
import { useTestNats } from '@orrery/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus, LaunchInput, LaunchMeta, LaunchPayload } from '../src/index.js';
import { captureLogs, delay, eventually, rawConnection, testBus } from './helpers.js';

// Registered first so that its stream clean-up runs after this file's afterAll has drained.
const nats = useTestNats();
const { prefix } = nats;
const names = subjectsFor(prefix);
const logs = captureLogs();
const ackWaitMs = 1_000;
let bus: Bus;

beforeAll(async () => {
  bus = await testBus(nats.url, prefix, {
    logger: logs.logger,
    launch: { ackWaitMs, maxDeliver: 3, nakDelayMs: 100, maxNakDelayMs: 200, duplicateWindowMs: 60_000 },
  });
  await bus.ensureStreams();
});
afterAll(async () => {
  await bus?.drain();
});

const launch = (location: string, runId: string, attempt = 1): LaunchInput => ({
  runId, attempt, location, jobName: 'my_job', launchedAt: new Date().toISOString(),
});

async function consumerState(location: string) {
  const nc = await rawConnection(nats.url);
  try {
    const manager = await jetstreamManager(nc);
    return await manager.consumers.info(names.launchStream(), names.launchConsumer(location));
  } finally {
    await nc.close();
  }
}

describe('launch stream', () => {
  it('ensures the stream and consumers idempotently, with the 2.9 settings', async () => {
    const nc = await rawConnection(nats.url);
    const manager = await jetstreamManager(nc);
    const before = (await manager.streams.info(names.launchStream())).config;
    expect(await bus.ensureStreams()).toEqual([{ kind: 'stream', name: names.launchStream(), action: 'unchanged' }]);
    const after = (await manager.streams.info(names.launchStream())).config;
    expect(after).toEqual(before);
    expect(after).toMatchObject({
      subjects: [`${prefix}.launch.>`], retention: 'workqueue', storage: 'file', duplicate_window: 60_000 * 1e6,
    });

    expect(await bus.ensureLaunchConsumer('ensure-loc')).toMatchObject({ kind: 'consumer', name: 'launch_ensure-loc', action: 'created' });
    expect(await bus.ensureStreams({ launchConsumers: ['ensure-loc'] })).toEqual([
      { kind: 'stream', name: names.launchStream(), action: 'unchanged' },
      { kind: 'consumer', name: 'launch_ensure-loc', action: 'unchanged' },
    ]);
    const consumer = (await manager.consumers.info(names.launchStream(), 'launch_ensure-loc')).config;
    expect(consumer).toMatchObject({
      durable_name: 'launch_ensure-loc', filter_subject: `${prefix}.launch.ensure-loc`, ack_policy: 'explicit', ack_wait: ackWaitMs * 1e6, max_deliver: 3,
    });
    expect(consumer).not.toHaveProperty('filter_subjects');

    // Two replicas starting together, one with a changed setting: no error, settings applied.
    const other = await testBus(nats.url, prefix, { launch: { ackWaitMs: 2_000, maxDeliver: 3, duplicateWindowMs: 90_000 } });
    const [a, b] = await Promise.all([other.ensureStreams(), other.ensureStreams()]);
    expect([a[0]!.action, b[0]!.action]).toContain('updated');
    expect((await manager.streams.info(names.launchStream())).config.duplicate_window).toBe(90_000 * 1e6);
    expect(await other.ensureLaunchConsumer('ensure-loc')).toMatchObject({ action: 'updated' });
    expect((await manager.consumers.info(names.launchStream(), 'launch_ensure-loc')).config.ack_wait).toBe(2_000 * 1e6);
    await other.drain();
    await bus.ensureStreams(); // back to this file's settings
    await nc.close();
  });

  it('refuses a stream of the same name that belongs to another prefix', async () => {
    const twin = await testBus(nats.url, prefix.toUpperCase()); // same stream name, other subjects
    await expect(twin.ensureStreams()).rejects.toThrow(/another prefix/);
    await twin.drain();
  });

  it('stores a launch once per runId:attempt (msgID dedup) and the consumer sees it once', async () => {
    const first = await bus.publishLaunch(launch('dedup', 'run-d'));
    const again = await bus.publishLaunch(launch('dedup', 'run-d'));
    const retry = await bus.publishLaunch(launch('dedup', 'run-d', 2));
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, seq: first.seq });
    expect(retry.duplicate).toBe(false);

    const seen: string[] = [];
    const consumer = bus.consumeLaunches('dedup', (payload) => void seen.push(`${payload.runId}:${payload.attempt}`));
    await eventually(() => expect(seen).toEqual(['run-d:1', 'run-d:2']));
    await delay(ackWaitMs + 300);
    expect(seen).toEqual(['run-d:1', 'run-d:2']);
    await consumer.stop();
    expect(await consumerState('dedup')).toMatchObject({ num_pending: 0, num_ack_pending: 0 });
  });

  it('redelivers a launch whose handler failed (nak with delay)', async () => {
    const deliveries: LaunchMeta[] = [];
    const times: number[] = [];
    const consumer = bus.consumeLaunches('nak', (_payload, meta) => {
      deliveries.push(meta);
      times.push(Date.now());
      if (meta.deliveryCount === 1) throw new Error('executor busy');
    });
    await bus.publishLaunch(launch('nak', 'run-n'));
    await eventually(() => expect(deliveries.map((meta) => meta.deliveryCount)).toEqual([1, 2]));
    // The redelivery came from the nak delay, well before ack_wait would have expired.
    expect(deliveries[1]!.streamSequence).toBe(deliveries[0]!.streamSequence);
    expect(times[1]! - times[0]!).toBeLessThan(ackWaitMs * 0.8);
    await delay(ackWaitMs + 300);
    expect(deliveries).toHaveLength(2);
    await consumer.stop();
    expect(logs.messages('warn').some((entry) => entry.message.includes('will be redelivered') && entry.fields.runId === 'run-n')).toBe(true);
  });

  it('terminates a launch after its last failed delivery', async () => {
    let calls = 0;
    const consumer = bus.consumeLaunches('hopeless', () => {
      calls++;
      throw new Error('always fails');
    });
    await bus.publishLaunch(launch('hopeless', 'run-h'));
    await eventually(() => expect(calls).toBe(3));
    await delay(ackWaitMs + 500);
    expect(calls).toBe(3);
    expect(logs.messages('error').some((entry) => entry.message.includes('last delivery') && entry.fields.runId === 'run-h')).toBe(true);
    await consumer.stop();
  });

  it('terminates a malformed launch instead of redelivering it, and goes on', async () => {
    const seen: LaunchPayload[] = [];
    const consumer = bus.consumeLaunches('badloc', (payload) => void seen.push(payload));
    const nc = await rawConnection(nats.url);
    const js = jetstream(nc);
    await js.publish(names.launch('badloc'), '{"runId": 42', { msgID: 'garbage-1' });
    await js.publish(names.launch('badloc'), JSON.stringify({ ...launch('badloc', 'run-b'), attempt: -1 }), { msgID: 'garbage-2' });
    await js.publish(names.launch('badloc'), JSON.stringify({ v: 1, ...launch('elsewhere', 'run-e') }), { msgID: 'garbage-3' });
    await nc.close();
    await bus.publishLaunch(launch('badloc', 'run-good'));

    await eventually(() => expect(seen.map((payload) => payload.runId)).toEqual(['run-good']));
    await delay(2 * ackWaitMs + 300);
    expect(seen).toHaveLength(1);
    const terminated = logs.messages('warn').filter((entry) => entry.fields.subject === names.launch('badloc'));
    expect(terminated.map((entry) => entry.fields.reason)).toEqual(['json', 'schema', 'location']);
    expect(await consumerState('badloc')).toMatchObject({ num_pending: 0, num_ack_pending: 0, num_redelivered: 0 });
    await consumer.stop();
  });

  it('keeps each location\'s launches to its own consumer', async () => {
    const a: string[] = [];
    const b: string[] = [];
    const consumerA = bus.consumeLaunches('loc-a', (payload) => void a.push(payload.runId));
    const consumerB = bus.consumeLaunches('loc-b', (payload) => void b.push(payload.runId));
    await bus.publishLaunch(launch('loc-a', 'run-a1'));
    await bus.publishLaunch(launch('loc-b', 'run-b1'));
    await bus.publishLaunch(launch('loc-a', 'run-a2'));
    await eventually(() => {
      expect(a).toEqual(['run-a1', 'run-a2']);
      expect(b).toEqual(['run-b1']);
    });
    await Promise.all([consumerA.stop(), consumerB.stop()]);
  });

  it('finishes and acks the launch in hand when stopped', async () => {
    let finished = false;
    const consumer = bus.consumeLaunches('stopping', async () => {
      await delay(400);
      finished = true;
    });
    await bus.publishLaunch(launch('stopping', 'run-s'));
    await eventually(async () => expect((await consumerState('stopping')).num_ack_pending).toBe(1));
    await consumer.stop();
    expect(finished).toBe(true);
    await eventually(async () => expect(await consumerState('stopping')).toMatchObject({ num_pending: 0, num_ack_pending: 0 }));
  });

  it('keeps a long handler\'s launch from being redelivered while it works', async () => {
    let calls = 0;
    const consumer = bus.consumeLaunches('long', async () => {
      calls++;
      await delay(ackWaitMs * 2.5);
    });
    await bus.publishLaunch(launch('long', 'run-l'));
    await eventually(() => expect(calls).toBe(1));
    await delay(ackWaitMs * 3);
    expect(calls).toBe(1);
    await consumer.stop();
  });
});
