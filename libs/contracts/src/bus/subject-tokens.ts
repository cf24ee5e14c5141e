import { z } from 'zod';

/**
 * One token of a NATS subject that Orrery builds from data (a run id, a location name):
 * letters, digits, `_` and `-`. No `.` (it would add a token), no wildcards, no spaces.
 * The same rule makes it a valid JetStream durable name.
 */
export const subjectTokenPattern = /^[A-Za-z0-9_-]{1,128}$/;

/** The wildcard a subscriber may pass for one parameter token, e.g. `subjects.runCancel(ANY)`. */
export const ANY = '*';

export const subjectTokenSchema = z.string().regex(subjectTokenPattern, 'must be 1-128 of [A-Za-z0-9_-]');

/** A run id (a UUID in practice); it becomes a subject token of `run.<runId>.*`. */
export const runIdSchema = subjectTokenSchema;

/** A code location name; it becomes a subject token and part of a durable consumer name. */
export const locationNameSchema = subjectTokenSchema;

/**
 * The prefix of every subject and stream (default `orrery`): one or more subject tokens,
 * dot-separated, like `bus.prefix` in orrery.yaml. Each test file uses its own (e.g.
 * `t1a2b3c`) to share one NATS server. Stream names upper-case it and turn dots into `_`
 * (`orrery` → `ORRERY_LAUNCH`); two prefixes that map to one stream name are refused when
 * the stream is ensured.
 */
/** Dot-separated subject tokens of [A-Za-z0-9_-]: the shape of a subject prefix. */
export const subjectPrefixPattern = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

export const subjectPrefixSchema = z
  .string()
  .max(64)
  .regex(subjectPrefixPattern, 'must be dot-separated subject tokens of [A-Za-z0-9_-]');

export const defaultSubjectPrefix = 'orrery';

/** True when `value` may stand as a token of a subject Orrery builds. */
export function isSubjectToken(value: string): boolean {
  return subjectTokenPattern.test(value);
}
