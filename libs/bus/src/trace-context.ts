import {
  context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace,
  type Attributes, type Span, type TextMapGetter, type TextMapSetter,
} from '@opentelemetry/api';
import { headers as createHeaders, Match, type MsgHdrs } from '@nats-io/transport-node';

// Only @opentelemetry/api here: it is a no-op until an app registers the SDK, so the bus
// costs nothing untraced and needs no telemetry configuration of its own.

const tracer = trace.getTracer('@orrery/bus');

const setter: TextMapSetter<MsgHdrs> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

const getter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (carrier) => carrier?.keys() ?? [],
  get: (carrier, key) => {
    // Case-insensitive: a publisher in another language may send `Traceparent`.
    const values = carrier?.values(key, Match.IgnoreCase) ?? [];
    return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
  },
};

/** What a span describes: a message of a catalog entry on a concrete subject. */
export interface MessageSpanInfo {
  /** Catalog pattern with prefix, e.g. `orrery.run.{runId}.events`: the low-cardinality name. */
  readonly template: string;
  readonly subject: string;
  readonly version: number;
  readonly attributes?: Attributes;
}

function messagingAttributes(info: MessageSpanInfo, operation: string, type: 'send' | 'process'): Attributes {
  return {
    'messaging.system': 'nats',
    'messaging.operation.name': operation,
    'messaging.operation.type': type,
    'messaging.destination.name': info.subject,
    'messaging.destination.template': info.template,
    'orrery.message.version': info.version,
    ...info.attributes,
  };
}

/**
 * Starts a PRODUCER (or CLIENT, for requests) span child of the active context and returns
 * it with outgoing headers that carry its W3C trace context. The caller ends the span.
 */
export function startSendSpan(
  operation: 'publish' | 'request',
  info: MessageSpanInfo,
  extraHeaders: Readonly<Record<string, string>> | undefined,
): { span: Span; headers: MsgHdrs } {
  const kind = operation === 'request' ? SpanKind.CLIENT : SpanKind.PRODUCER;
  const active = context.active();
  const span = tracer.startSpan(`${operation} ${info.template}`, { kind, attributes: messagingAttributes(info, operation, 'send') }, active);
  const headers = toHeaders(extraHeaders);
  propagation.inject(trace.setSpan(active, span), headers, setter);
  return { span, headers };
}

/**
 * Runs a handler inside a CONSUMER (or SERVER, for replies) span whose parent is the trace
 * context found in the message headers — never the subscriber's own context.
 */
export async function withProcessSpan<T>(
  operation: 'process' | 'respond',
  info: MessageSpanInfo,
  headers: MsgHdrs | undefined,
  handle: (span: Span) => T | Promise<T>,
): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, headers, getter);
  const kind = operation === 'respond' ? SpanKind.SERVER : SpanKind.CONSUMER;
  return await tracer.startActiveSpan(
    `${operation} ${info.template}`,
    { kind, attributes: messagingAttributes(info, operation, 'process') },
    parent,
    async (span) => {
      try {
        return await handle(span);
      } catch (error) {
        recordError(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** Marks a span failed with the error. */
export function recordError(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

function toHeaders(extra: Readonly<Record<string, string>> | undefined): MsgHdrs {
  const headers = createHeaders();
  for (const [key, value] of Object.entries(extra ?? {})) headers.set(key, value);
  return headers;
}

/** The headers of a received message as a plain record (last value per key). */
export function headersToRecord(headers: MsgHdrs | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (!headers) return record;
  for (const key of headers.keys()) record[key] = headers.last(key);
  return record;
}
