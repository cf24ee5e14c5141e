import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { catalog, subjects } from '@orrery/contracts';
import { useTestNats } from '@orrery/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Bus } from '../src/index.js';
import { eventually, testBus } from './helpers.js';

// An in-memory SDK stands in for the one an app registers; the bus itself uses only the API.

// Registered first so that its stream clean-up runs after this file's afterAll has drained.
const nats = useTestNats();
const { prefix } = nats;
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = trace.getTracer('bus-test');
let bus: Bus;

beforeAll(async () => {
  provider.register();
  bus = await testBus(nats.url, prefix);
  await bus.ensureStreams();
});
beforeEach(() => exporter.reset());
afterAll(async () => {
  await bus?.drain();
  await provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
});

const traceparent = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

function span(name: string): ReadableSpan {
  const found = exporter.getFinishedSpans().find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no span ${name} among ${exporter.getFinishedSpans().map((s) => s.name).join(', ')}`);
  return found;
}

/** Runs `fn` inside an active root span and returns that span's trace id. */
async function inRootSpan(fn: () => Promise<void> | void): Promise<string> {
  return await tracer.startActiveSpan('root', async (root) => {
    try {
      await fn();
    } finally {
      root.end();
    }
    return root.spanContext().traceId;
  });
}

describe('trace context over NATS', () => {
  it('injects traceparent on publish and runs the handler in a CONSUMER span of the same trace', async () => {
    let headers: Readonly<Record<string, string>> = {};
    let handlerTraceId: string | undefined;
    const sub = bus.subscribe(catalog.runQueued, (_payload, meta) => {
      headers = meta.headers;
      handlerTraceId = trace.getActiveSpan()?.spanContext().traceId;
    });
    await bus.connection.flush();
    const traceId = await inRootSpan(() => bus.publish(catalog.runQueued, { runId: 'traced' }));
    await eventually(() => expect(handlerTraceId).toBe(traceId));

    const [, headerTraceId, headerSpanId] = traceparent.exec(headers.traceparent ?? '') ?? [];
    expect(headerTraceId).toBe(traceId);
    const producer = span(`publish ${prefix}.run.queued`);
    const consumer = await eventually(() => span(`process ${prefix}.run.queued`));
    expect(producer.kind).toBe(SpanKind.PRODUCER);
    expect(producer.spanContext().spanId).toBe(headerSpanId);
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(consumer.attributes).toMatchObject({
      'messaging.system': 'nats', 'messaging.destination.name': `${prefix}.run.queued`, 'messaging.operation.type': 'process',
    });
    await sub.drain();
  });

  it('links request and reply: CLIENT span parent of the SERVER span, error replies marked', async () => {
    const responder = bus.respond(subjects.codeSnapshot('traced'), () => {
      throw new Error('no snapshot yet');
    });
    await bus.connection.flush();
    const traceId = await inRootSpan(async () => {
      const reply = await bus.request(subjects.codeSnapshot('traced'), {});
      expect(reply.ok).toBe(false);
    });
    const client = span(`request ${prefix}.code.{location}.snapshot`);
    const server = await eventually(() => span(`respond ${prefix}.code.{location}.snapshot`));
    expect(client.spanContext().traceId).toBe(traceId);
    expect(server.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.attributes['orrery.error.code']).toBe('INTERNAL');
    expect(client.attributes['orrery.error.code']).toBe('INTERNAL');
    await responder.drain();
  });

  it('carries the trace through the launch work queue', async () => {
    let handlerTraceId: string | undefined;
    let headers: Readonly<Record<string, string>> = {};
    const consumer = bus.consumeLaunches('traced', (_payload, meta) => {
      handlerTraceId = trace.getActiveSpan()?.spanContext().traceId;
      headers = meta.headers;
    });
    const traceId = await inRootSpan(async () => {
      await bus.publishLaunch({ runId: 'run-t', attempt: 1, location: 'traced', jobName: 'j', launchedAt: new Date().toISOString() });
    });
    await eventually(() => expect(handlerTraceId).toBe(traceId));
    expect(traceparent.exec(headers.traceparent ?? '')?.[1]).toBe(traceId);
    const process = await eventually(() => span(`process ${prefix}.launch.{location}`));
    expect(process.attributes['messaging.message.id']).toBe('run-t:1');
    await consumer.stop();
  });
});
