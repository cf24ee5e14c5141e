import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { trace, SpanStatusCode } from '@opentelemetry/api';
import { isOrreryError, toWireError } from '@orrery/contracts';

/**
 * Maps errors to the catalog's wire shape (STYLE.md 8): an OrreryError answers with its
 * code's status and reason; fastify's own validation and client errors are 4xx with the
 * reason; anything else is recorded on the span and answered as a bare 500.
 */
export async function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (isOrreryError(error)) return reply.code(error.httpStatus).send(error.toWire());
  if (error.validation) {
    return reply.code(400).send({ code: 'VALIDATION_FAILED', message: error.message });
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.code(error.statusCode).send({ code: error.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED', message: error.message });
  }
  const span = trace.getActiveSpan();
  span?.recordException(error);
  span?.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send(toWireError(error));
}
