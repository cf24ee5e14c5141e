import { jetstreamManager } from '@nats-io/jetstream';
import { ANY, catalog, subjects } from '@orrery/contracts';
import { startNatsServer, type PrivateNatsServer } from '@orrery/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusPublishError, connectBus, type Bus } from '../src/index.js';
import { captureLogs, delay, eventually } from './helpers.js';

// Outages against a nats-server of this file alone; the shared server is never touched.

let server: PrivateNatsServer;

beforeAll(async () => {
  // Not started: the first test connects before the server is up.
  server = await startNatsServer({ start: false });
});
afterAll(async () => {
  await server?.dispose();
});

const fastReconnect = { reconnectMinWaitMs: 100, reconnectMaxWaitMs: 500, reconnectJitterMs: 100 };

describe('reconnect', () => {
  it('waits at start-up for a NATS server that is not up yet', async () => {
    const logs = captureLogs();
    const connecting = connectBus({ servers: server.url, name: 'startup-test', prefix: 'startup', logger: logs.logger, ...fastReconnect, connectTimeoutMs: 1_000 });
    let connected = false;
    void connecting.then(() => {
      connected = true;
    });
    await delay(1_500);
    expect(connected).toBe(false);
    await server.start();
    const bus = await connecting;
    expect(bus.status).toBe('connected');
    expect(await bus.ping(1_000)).toBe(true);
    await bus.drain();
    expect(bus.status).toBe('closed');
    expect(await bus.ping(100)).toBe(false);
  });

  it('reports the outage, recovers without a new bus, and keeps subscriptions and launch consumers', async () => {
    await server.start();
    const logs = captureLogs();
    const bus: Bus = await connectBus({
      servers: server.url, name: 'reconnect-test', prefix: 'rc', logger: logs.logger, ...fastReconnect, jetStreamTimeoutMs: 1_000,
      launch: { ackWaitMs: 2_000, nakDelayMs: 100 },
    });
    await bus.ensureStreams();
    const queued: string[] = [];
    const cancels: string[] = [];
    const launched: string[] = [];
    const sub = bus.subscribe(catalog.runQueued, (payload) => void queued.push(payload.runId));
    const wildcard = bus.subscribe(subjects.runCancel(ANY), (payload) => void cancels.push(payload.runId));
    const consumer = bus.consumeLaunches('rc-loc', (payload) => void launched.push(payload.runId));

    bus.publish(catalog.runQueued, { runId: 'before' });
    await bus.publishLaunch({ runId: 'launch-before', attempt: 1, location: 'rc-loc', jobName: 'j', launchedAt: new Date().toISOString() });
    await eventually(() => {
      expect(queued).toEqual(['before']);
      expect(launched).toEqual(['launch-before']);
    });
    expect(await bus.ping(1_000)).toBe(true);

    await server.stop({ hard: true });
    await eventually(() => expect(bus.status).toBe('reconnecting'));
    expect(bus.isConnected()).toBe(false);
    const started = Date.now();
    expect(await bus.ping(500)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    await delay(1_000);
    expect(await bus.ping(500)).toBe(false);
    // A core publish during the outage does not throw; it may well be lost (docs/messaging.md).
    expect(() => bus.publish(catalog.runQueued, { runId: 'during' })).not.toThrow();
    const launchDuring = { runId: 'launch-during', attempt: 1, location: 'rc-loc', jobName: 'j', launchedAt: new Date().toISOString() };
    await expect(bus.publishLaunch(launchDuring)).rejects.toBeInstanceOf(BusPublishError);

    await server.start();
    await eventually(async () => expect(await bus.ping(500)).toBe(true), 15_000, 100);
    expect(bus.status).toBe('connected');
    expect(logs.messages('warn').some((entry) => entry.message.startsWith('disconnected from NATS'))).toBe(true);
    expect(logs.messages('info').some((entry) => entry.message === 'reconnected to NATS')).toBe(true);

    // The same subscriptions, resubscribed by the client, still deliver.
    bus.publish(catalog.runQueued, { runId: 'after' });
    bus.publish(subjects.runCancel('r9'), { runId: 'r9', requestedAt: new Date().toISOString() });
    await eventually(() => {
      expect(queued.filter((runId) => runId !== 'during')).toEqual(['before', 'after']);
      expect(cancels).toEqual(['r9']);
    });
    // The launch consumer resumes pulling from the restarted server's stored stream.
    await bus.publishLaunch({ runId: 'launch-after', attempt: 1, location: 'rc-loc', jobName: 'j', launchedAt: new Date().toISOString() });
    // (The failed publish may still have been stored after all: the run-launcher retries it
    // with the same msgID, which the duplicate window absorbs.)
    await eventually(() => expect(launched.filter((runId) => runId !== 'launch-during')).toEqual(['launch-before', 'launch-after']), 20_000, 100);

    await Promise.all([sub.drain(), wildcard.drain(), consumer.stop()]);
    await bus.drain();
  });

  it('answers ping false within its timeout when the server hangs with the connection open', async () => {
    await server.start();
    const bus = await connectBus({ servers: server.url, name: 'hang-test', prefix: 'hang', ...fastReconnect });
    expect(await bus.ping(1_000)).toBe(true);
    server.pause();
    await delay(200); // let the stop take hold before asking
    try {
      const started = Date.now();
      expect(await bus.ping(300)).toBe(false);
      expect(Date.now() - started).toBeLessThan(800);
      expect(bus.status).toBe('connected'); // nothing told the client yet: only the ping could
    } finally {
      server.resume();
    }
    await eventually(async () => expect(await bus.ping(500)).toBe(true), 10_000, 100);
    await bus.drain();
  });

  it('drains promptly during an outage (nothing can be flushed then)', async () => {
    await server.start();
    const bus = await connectBus({ servers: server.url, name: 'drain-test', prefix: 'drain', ...fastReconnect });
    bus.subscribe(catalog.runQueued, () => {});
    bus.respond(subjects.codeSnapshot('drain-loc'), () => ({ snapshotId: 's', snapshot: {} }));
    const consumer = bus.consumeLaunches('drain-loc', () => {});
    await eventually(async () => {
      const manager = await jetstreamManager(bus.connection);
      await manager.consumers.info('DRAIN_LAUNCH', 'launch_drain-loc');
    });
    await server.stop({ hard: true });
    await eventually(() => expect(bus.status).toBe('reconnecting'));
    const started = Date.now();
    await bus.drain();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(bus.status).toBe('closed');
    await consumer.closed;
  });

  it('recreates the launch stream and consumer when the server comes back without its store', async () => {
    await server.start();
    const logs = captureLogs();
    const bus = await connectBus({
      servers: server.url, name: 'wipe-test', prefix: 'wipe', logger: logs.logger, ...fastReconnect,
      launch: { ackWaitMs: 2_000 },
    });
    const launched: string[] = [];
    const consumer = bus.consumeLaunches('wipe-loc', (payload) => void launched.push(payload.runId));
    const launch = (runId: string) => ({ runId, attempt: 1, location: 'wipe-loc', jobName: 'j', launchedAt: new Date().toISOString() });
    await eventually(() => bus.publishLaunch(launch('first')));
    await eventually(() => expect(launched).toEqual(['first']));

    await server.stop({ hard: true });
    server.wipeStore();
    await server.start();
    await eventually(async () => expect(await bus.ping(500)).toBe(true), 15_000, 100);

    // The consumer notices and recreates the stream and its durable consumer by itself.
    const manager = await jetstreamManager(bus.connection);
    await eventually(() => manager.consumers.info('WIPE_LAUNCH', 'launch_wipe-loc'), 10_000, 100);
    expect(logs.messages('warn').some((entry) => entry.message.startsWith('launch consumption ended'))).toBe(true);
    await bus.publishLaunch(launch('second'));
    await eventually(() => expect(launched).toEqual(['first', 'second']), 30_000, 100);
    await consumer.stop();
    await bus.drain();
  });
});
