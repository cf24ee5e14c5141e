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
 * The prefix of every subject and stream (default `orrery`); each test file uses its own
 * (e.g. `t1a2b3c`) to share one NATS server. Lower-case so the stream name
 * (`<PREFIX>_LAUNCH`) maps back to exactly one prefix.
 */
export const subjectPrefixSchema = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be 1-32 of [a-z0-9_], starting with a letter');

export const defaultSubjectPrefix = 'orrery';

/** True when `value` may stand as a token of a subject Orrery builds. */
export function isSubjectToken(value: string): boolean {
  return subjectTokenPattern.test(value);
}
