import { createHash } from 'node:crypto';

/** Longest Job name (and label value): Job names become the pods' `job-name` label. */
export const MAX_NAME_LENGTH = 63;

/** RFC 1123 label: lowercase alphanumerics and `-`, alphanumeric at both ends (length checked apart). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: dot-separated labels (length checked apart). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Label value: empty, or alphanumeric at both ends with `-`, `_`, `.` between (length checked apart). */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const JOB_NAME_PREFIX = 'orrery-run-';
/** Hex digits of the hash that keeps shortened or rewritten values distinct (40 bits). */
const HASH_LENGTH = 10;

/** True for a DNS-1123 label of at most 63 characters (names of Jobs, namespaces). */
export function isDnsLabel(value: string): boolean {
  return value.length <= MAX_NAME_LENGTH && DNS_LABEL.test(value);
}

/** True for a DNS-1123 subdomain of at most 253 characters (names of service accounts). */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

/** True for a valid label value: at most 63 characters of the label-value syntax. */
export function isLabelValue(value: string): boolean {
  return value.length <= MAX_NAME_LENGTH && LABEL_VALUE.test(value);
}

/**
 * Name of the Job of one run attempt: `orrery-run-<id>-<attempt>`, a DNS-1123 label of at
 * most 63 characters. A lowercase UUID run id is kept whole (58 characters with a
 * 10-digit attempt), so `kubectl get job orrery-run-<runId>-<attempt>` finds it.
 *
 * The name is the launch's idempotency key: creating the Job of an attempt twice fails
 * with AlreadyExists instead of starting a second pod. So distinct (runId, attempt) pairs
 * must get distinct names: an id that is not already a short DNS label is shortened or
 * lowercased *and* suffixed with a hash of the exact id, and the attempt is always the
 * last `-` segment.
 */
export function runJobName(runId: string, attempt: number): string {
  const suffix = `-${attempt}`;
  const budget = MAX_NAME_LENGTH - JOB_NAME_PREFIX.length - suffix.length;
  return `${JOB_NAME_PREFIX}${shortRunId(runId, budget)}${suffix}`;
}

function shortRunId(runId: string, budget: number): string {
  if (runId.length <= budget && DNS_LABEL.test(runId)) return runId;
  const readable = runId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, budget - HASH_LENGTH - 1)
    .replace(/^-+|-+$/g, '');
  return joinHash(readable, runId);
}

/**
 * `value` as a label value: unchanged when it already is one (the usual case: UUIDs, job
 * names, location names); otherwise invalid characters become `-`, the ends are trimmed to
 * alphanumerics, and a hash of the full value is appended, so that two different values
 * never share a label (a selector on `orrery/run-id` must find one run's pods only). The
 * full value travels in the annotation of the same key.
 */
export function toLabelValue(value: string): string {
  if (isLabelValue(value)) return value;
  const readable = value
    .replace(/[^-A-Za-z0-9_.]+/g, '-')
    .slice(0, MAX_NAME_LENGTH - HASH_LENGTH - 1)
    .replace(/^[-_.]+|[-_.]+$/g, '');
  return joinHash(readable, value);
}

function joinHash(readable: string, original: string): string {
  const hash = createHash('sha256').update(original).digest('hex').slice(0, HASH_LENGTH);
  return readable === '' ? hash : `${readable}-${hash}`;
}
