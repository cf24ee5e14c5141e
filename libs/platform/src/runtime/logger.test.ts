import { trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { startTelemetry } from './telemetry.js';
import { captureLogger } from './test-logger.js';

describe('createLogger', () => {
  const telemetry = startTelemetry({ serviceName: 'logger-test' });
  afterAll(() => telemetry.shutdown());

  it('writes the active span ids on each line, and none outside a span', () => {
    const { logger, lines } = captureLogger();
    logger.info('outside');
    let ids: { traceId: string; spanId: string } | undefined;
    trace.getTracer('test').startActiveSpan('work', (span) => {
      ids = span.spanContext();
      logger.info('inside');
      span.end();
    });
    expect(telemetry.exporting).toBe(false);
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[1]).toMatchObject({ msg: 'inside', service: 'test', trace_id: ids!.traceId, span_id: ids!.spanId });
    expect(ids!.traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});
