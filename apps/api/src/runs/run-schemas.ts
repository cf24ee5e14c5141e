import { z } from 'zod';
import { InvalidRequestError } from './request-errors.js';

const name = z.string().trim().min(1, 'must not be empty');

/** Body of `POST /runs`. Which job and partition are checked against the snapshot later. */
export const submitRunBodySchema = z.strictObject({
  /** Job name; absent: the implicit asset job of `assetSelection`. */
  job: name.optional(),
  /** Dagster selection text, e.g. `key:raw/orders+` or `group:finance and kind:sql`. */
  assetSelection: name.optional(),
  /** Code location; absent: the one location whose current snapshot has the job. */
  location: name.optional(),
  partitionKey: z.string().min(1, 'must not be empty').optional(),
  partitionRange: z.strictObject({ start: z.string().min(1, 'must not be empty'), end: z.string().min(1, 'must not be empty') }).optional(),
  runConfig: z.record(z.string(), z.json()).optional(),
  tags: z.record(z.string().min(1, 'a tag key must not be empty'), z.string()).optional(),
  /** Deduplicates submissions per job. */
  runKey: name.optional(),
});

/** A parsed `POST /runs` body. */
export type SubmitRunBody = z.output<typeof submitRunBodySchema>;

/** `:id` of the run routes. */
export const runParamsSchema = z.object({ id: z.string().min(1) });

/** Query of `GET /runs/:id/events`. */
export const runEventsQuerySchema = z.strictObject({
  /** Event storage id (decimal) of the last event already read. */
  after: z.string().regex(/^\d{1,19}$/, 'must be an event id (a non-negative integer)').optional(),
  limit: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(100),
});

/** Body of `POST /runs/:id/reexecute`. */
export const reexecuteBodySchema = z.strictObject({
  strategy: z.enum(['from_failure', 'all']),
});

/**
 * Parses request input with a zod schema; a failure is an {@link InvalidRequestError} naming
 * the path of the first problem under `where` (`body.partitionRange.start`).
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = [where, ...issue.path.map(String)];
  // zod reports unknown keys on the object itself; naming the key helps more.
  if (issue.code === 'unrecognized_keys') return fail([...path, issue.keys[0] ?? ''].join('.'), 'is not a known field');
  return fail(path.join('.'), issue.message);
}

function fail(field: string, problem: string): never {
  throw new InvalidRequestError(field, problem);
}
