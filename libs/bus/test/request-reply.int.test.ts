import { catalog, subjects, subjectsFor, type ReplyOf } from '@orrery/contracts';
import { OrreryError } from '@orrery/contracts';
import { useTestNats } from '@orrery/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BadReplyError, BusTimeoutError, NoRespondersError, RemoteError, unwrapReply, type Bus,
} from '../src/index.js';
import { captureLogs, delay, rawConnection, testBus } from './helpers.js';

const nats = useTestNats();
const { prefix } = nats;
const logs = captureLogs();
let bus: Bus;

beforeAll(async () => {
  bus = await testBus(nats.url, prefix, { logger: logs.logger, requestTimeoutMs: 2_000 });
});
afterAll(async () => {
  await bus?.drain();
});

describe('request/reply', () => {
  it('answers with a typed ok reply', async () => {
    const responder = bus.respond(subjects.codePartitions('loc'), (payload) => ({ partitionKeys: [payload.jobName ?? 'none', 'b'] }));
    await bus.connection.flush();
    const reply: ReplyOf<typeof catalog.codePartitions> = await bus.request(subjects.codePartitions('loc'), { jobName: 'daily' });
    expect(reply).toEqual({ ok: true, result: { partitionKeys: ['daily', 'b'] } });
    expect(unwrapReply('x', reply).partitionKeys).toEqual(['daily', 'b']);
    expect(responder.queue).toBe(`${prefix}.code.loc.partitions`);
    await responder.drain();
  });

  it('throws BusTimeoutError when the responder does not answer in time', async () => {
    const responder = bus.respond(subjects.codeSnapshot('slow'), async () => {
      await delay(1_000);
      return { snapshotId: 's', snapshot: {} };
    });
    await bus.connection.flush();
    const started = Date.now();
    const error = await bus.request(subjects.codeSnapshot('slow'), {}, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusTimeoutError);
    expect(error).toMatchObject({ code: 'CODE_LOCATION_TIMEOUT', subject: `${prefix}.code.slow.snapshot`, timeoutMs: 200 });
    expect((error as OrreryError).httpStatus).toBe(504);
    expect(Date.now() - started).toBeLessThan(900);
    await responder.drain();
  });

  it('throws NoRespondersError at once when nobody serves the location', async () => {
    const started = Date.now();
    const error = await bus.request(subjects.codeSnapshot('nobody-home'), {}, { timeoutMs: 1_500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoRespondersError);
    expect(error).toMatchObject({ code: 'CODE_LOCATION_UNAVAILABLE', subject: `${prefix}.code.nobody-home.snapshot` });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('turns a handler error into a typed error reply, keeping its code and cause', async () => {
    const responder = bus.respond(subjects.sensorEvaluate('loc'), (payload) => {
      if (payload.sensorName === 'user-bug') {
        throw new OrreryError('USER_CODE_ERROR', { message: 'sensor raised', cause: new RangeError('index 7') });
      }
      throw new Error('unexpected');
    });
    await bus.connection.flush();
    const reply = await bus.request(subjects.sensorEvaluate('loc'), { sensorName: 'user-bug', cursor: null });
    expect(reply.ok).toBe(false);
    if (reply.ok) throw new Error('unreachable');
    expect(reply.error).toMatchObject({ code: 'USER_CODE_ERROR', message: 'sensor raised', cause: { name: 'RangeError', message: 'index 7' } });
    expect(reply.error.stack).toContain('sensor raised');
    const thrown = (() => {
      try {
        unwrapReply('s', reply);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(RemoteError);
    expect(thrown).toMatchObject({ code: 'USER_CODE_ERROR', httpStatus: 422 });

    const internal = await bus.request(subjects.sensorEvaluate('loc'), { sensorName: 'other' });
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'unexpected' } });
    expect(logs.messages('warn').filter((entry) => entry.message.startsWith('request handler failed'))).toHaveLength(2);
    await responder.drain();
  });

  it('replies BAD_MESSAGE to a request that fails its schema, and INTERNAL to an invalid result', async () => {
    const responder = bus.respond(subjects.scheduleEvaluate('loc'), (payload) => {
      if (payload.scheduleName === 'broken') return { runRequests: 'not-a-list' } as never;
      return { runRequests: [] };
    });
    await bus.connection.flush();
    const raw = await rawConnection(nats.url);
    const msg = await raw.request(subjectsFor(prefix).code('loc', 'schedule.evaluate'), JSON.stringify({ scheduleName: 'x' }), { timeout: 2_000 });
    await raw.close();
    const badRequest = catalog.scheduleEvaluate.reply.parse(msg.json());
    expect(badRequest).toMatchObject({ ok: false, error: { code: 'BAD_MESSAGE' } });
    expect(!badRequest.ok && badRequest.error.message).toContain('scheduledAt');

    const invalid = await bus.request(subjects.scheduleEvaluate('loc'), { scheduleName: 'broken', scheduledAt: new Date().toISOString() });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(!invalid.ok && invalid.error.message).toContain('invalid result');
    await responder.drain();
  });

  it('throws BadReplyError when the reply does not match the reply schema', async () => {
    const raw = await rawConnection(nats.url);
    const sub = raw.subscribe(subjectsFor(prefix).code('rogue', 'snapshot'), {
      callback: (_error, msg) => void msg.respond(JSON.stringify({ ok: true, result: { wrong: 1 } })),
    });
    await raw.flush();
    const error = await bus.request(subjects.codeSnapshot('rogue'), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadReplyError);
    expect((error as BadReplyError).issues.length).toBeGreaterThan(0);
    sub.unsubscribe();
    await raw.close();
  });

  it('shares requests among the responders of a location', async () => {
    const served = [0, 0, 0];
    const responders = served.map((_, index) =>
      bus.respond(subjects.codePartitions('shared'), () => {
        served[index]!++;
        return { partitionKeys: [String(index)] };
      }),
    );
    await bus.connection.flush();
    const replies = await Promise.all(Array.from({ length: 30 }, () => bus.request(subjects.codePartitions('shared'), {})));
    expect(replies.every((reply) => reply.ok)).toBe(true);
    expect(served.reduce((a, b) => a + b, 0)).toBe(30);
    expect(served.filter((count) => count > 0).length).toBeGreaterThan(1);
    await Promise.all(responders.map((responder) => responder.drain()));
  });

  it('waits for requests in hand when a responder drains', async () => {
    let finished = false;
    const responder = bus.respond(subjects.codeSnapshot('draining'), async () => {
      await delay(300);
      finished = true;
      return { snapshotId: 's1', snapshot: {} };
    });
    await bus.connection.flush();
    const pending = bus.request(subjects.codeSnapshot('draining'), {});
    await delay(50);
    await responder.drain();
    expect(finished).toBe(true);
    expect(await pending).toMatchObject({ ok: true, result: { snapshotId: 's1' } });
  });
});
