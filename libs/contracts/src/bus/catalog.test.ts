import { describe, expect, expectTypeOf, it } from 'vitest';
import { OrreryError } from '../errors/orrery-error.js';
import { catalog, codeVerbs, subjects, subjectsFor } from './catalog.js';
import { launchMessageId } from './launch-messages.js';
import type { PayloadInput, PayloadOf, ReplyOf } from './message-entry.js';
import { ANY } from './subject-tokens.js';

describe('message catalog', () => {
  it('declares every subject of ARCHITECTURE.md once, each with a version', () => {
    const patterns = Object.values(catalog).map((entry) => entry.pattern);
    expect(new Set(patterns).size).toBe(patterns.length);
    expect(patterns).toEqual([
      'run.queued',
      'launch.{location}',
      'run.{runId}.events',
      'run.{runId}.cancel',
      'definitions.updated',
      'code.{location}.snapshot',
      'code.{location}.schedule.evaluate',
      'code.{location}.sensor.evaluate',
      'code.{location}.partitions',
    ]);
    for (const entry of Object.values(catalog)) expect(entry.version).toBeGreaterThanOrEqual(1);
    expect(Object.values(codeVerbs).every((entry) => entry.kind === 'request')).toBe(true);
  });

  it('fills in v on publish input and requires the entry version on receive', () => {
    const parsed = catalog.runQueued.schema.parse({ runId: 'r1' });
    expect(parsed).toEqual({ v: 1, runId: 'r1' });
    expect(catalog.runQueued.schema.safeParse({ v: 2, runId: 'r1' }).success).toBe(false);
    for (const entry of [catalog.runQueued, catalog.definitionsUpdated]) {
      expect(entry.schema.shape.v.parse(undefined)).toBe(entry.version);
    }
  });

  it('types payloads as z.infer of the entry schema', () => {
    expectTypeOf<PayloadOf<typeof catalog.runQueued>>().toEqualTypeOf<{ v: 1; runId: string }>();
    expectTypeOf<PayloadInput<typeof catalog.runQueued>>().toEqualTypeOf<{ v?: 1 | undefined; runId: string }>();
    expectTypeOf<PayloadOf<typeof catalog.launch>['attempt']>().toEqualTypeOf<number>();
    expectTypeOf<ReplyOf<typeof catalog.codePartitions>>().toExtend<
      { ok: true; result: { partitionKeys: string[] } } | { ok: false; error: { code: string; message: string } }
    >();
    expectTypeOf(catalog.runEvents.params).toEqualTypeOf<['runId']>();
  });

  it('validates run events: storage id is a bigint string, timestamp an instant', () => {
    const event = {
      storageId: '9007199254740993',
      runId: 'r1',
      type: 'RUN_SUCCESS',
      timestamp: '2026-03-08T07:00:00.000Z',
      body: { message: 'done' },
    };
    expect(catalog.runEvents.schema.parse(event)).toEqual({ v: 1, ...event });
    expect(catalog.runEvents.schema.safeParse({ ...event, storageId: '12a' }).success).toBe(false);
    expect(catalog.runEvents.schema.safeParse({ ...event, timestamp: 'yesterday' }).success).toBe(false);
    expect(catalog.runEvents.schema.safeParse({ ...event, timestamp: '2026-03-08T02:00:00-05:00' }).success).toBe(true);
  });

  it('parses ok and error replies, rejecting unknown error codes', () => {
    const reply = catalog.scheduleEvaluate.reply;
    expect(reply.parse({ ok: true, result: { runRequests: [{ runKey: 'k', extra: 1 }] } })).toEqual({
      ok: true,
      result: { runRequests: [{ runKey: 'k', extra: 1 }] },
    });
    const error = { ok: false, error: { code: 'USER_CODE_ERROR', message: 'boom', cause: { message: 'inner' } } };
    expect(reply.parse(error)).toEqual(error);
    expect(reply.safeParse({ ok: false, error: { code: 'NOPE', message: 'x' } }).success).toBe(false);
    expect(reply.safeParse({ ok: true }).success).toBe(false);
  });
});

describe('subjects', () => {
  it('builds parameterised subjects and refuses tokens that would change their shape', () => {
    expect(subjects.runEvents('abc-1').subject).toBe('run.abc-1.events');
    expect(subjects.launch('my_location').entry).toBe(catalog.launch);
    expect(subjects.runCancel(ANY).subject).toBe('run.*.cancel');
    for (const bad of ['a.b', '', '>', 'a b', 'x*']) {
      expect(() => subjects.runEvents(bad)).toThrow(OrreryError);
    }
  });

  it('prefixes every subject and stream', () => {
    const s = subjectsFor('t1a2b');
    expect(s.runQueued()).toBe('t1a2b.run.queued');
    expect(s.launch('loc')).toBe('t1a2b.launch.loc');
    expect(s.launchAll()).toBe('t1a2b.launch.>');
    expect(s.runEvents('r')).toBe('t1a2b.run.r.events');
    expect(s.code('loc', 'schedule.evaluate')).toBe('t1a2b.code.loc.schedule.evaluate');
    expect(s.launchStream()).toBe('T1A2B_LAUNCH');
    expect(s.launchConsumer('loc')).toBe('launch_loc');
    expect(subjectsFor('orrery').launchStream()).toBe('ORRERY_LAUNCH');
    expect(subjectsFor('acme.prod').launchStream()).toBe('ACME_PROD_LAUNCH');
    expect(subjectsFor('acme.prod').runQueued()).toBe('acme.prod.run.queued');
    for (const bad of ['', 'a..b', 'a.*', 'a b', '>']) expect(() => subjectsFor(bad)).toThrow();
  });

  it('derives the launch message id from run id and attempt', () => {
    expect(launchMessageId({ runId: 'r1', attempt: 2 })).toBe('r1:2');
  });
});
