import type { FastifyPluginAsync } from 'fastify';
import { RunNotFoundError, parseEventId } from '@orrery/core';
import { cancelRun } from '../runs/cancel-run.js';
import { REEXECUTION_STRATEGIES, reexecuteRun } from '../runs/reexecute-run.js';
import { parseRequest, reexecuteBodySchema, runEventsQuerySchema, runParamsSchema, submitRunBodySchema } from '../runs/run-schemas.js';
import { toEventView, toRunView } from '../runs/run-views.js';
import type { RunsContext } from '../runs/runs-context.js';
import { submitRun } from '../runs/submit-run.js';

/**
 * The run routes (docs/api.md): submit, read, read events, cancel, re-execute. Handlers
 * parse input and call the functions of `src/runs`; errors map through the error handler.
 */
export const runRoutes: FastifyPluginAsync<{ runs: RunsContext }> = async (app, { runs }) => {
  app.post('/runs', async (request, reply) => {
    const { run, created } = await submitRun(runs, parseRequest(submitRunBodySchema, request.body, 'body'));
    // 200 with the existing run: the run key was already used for this job.
    return reply.code(created ? 201 : 200).send(toRunView(run));
  });

  app.get('/runs/:id', async (request) => {
    const { id } = parseRequest(runParamsSchema, request.params, 'params');
    const run = await runs.runs.getRun(id);
    if (run === null) throw new RunNotFoundError(id);
    return toRunView(run);
  });

  app.get('/runs/:id/events', async (request) => {
    const { id } = parseRequest(runParamsSchema, request.params, 'params');
    const query = parseRequest(runEventsQuerySchema, request.query, 'query');
    if ((await runs.runs.getRun(id)) === null) throw new RunNotFoundError(id);
    const after = query.after === undefined ? null : parseEventId(query.after);
    const events = await runs.events.readRunEvents(id, { after, limit: query.limit });
    // The cursor stays put on an empty page, so a follower can poll with it.
    const last = events.at(-1);
    return { events: events.map(toEventView), cursor: last ? toEventView(last).id : (query.after ?? null) };
  });

  app.post('/runs/:id/cancel', async (request) => {
    const { id } = parseRequest(runParamsSchema, request.params, 'params');
    return toRunView(await cancelRun(runs, id));
  });

  app.post('/runs/:id/reexecute', async (request, reply) => {
    const { id } = parseRequest(runParamsSchema, request.params, 'params');
    const { strategy } = parseRequest(reexecuteBodySchema, request.body, 'body');
    const run = await reexecuteRun(runs, id, REEXECUTION_STRATEGIES[strategy]);
    return reply.code(201).send(toRunView(run));
  });
};
