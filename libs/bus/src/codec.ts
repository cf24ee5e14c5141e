import type { ValidationIssue } from '@orrery/contracts';
import { InvalidPayloadError } from './errors.js';

/** What a schema must offer: zod's safeParse. */
export interface PayloadSchema {
  safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly ValidationIssue[] } };
}

/** A received payload, parsed and validated, or why it was refused. */
export type Decoded<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'json'; error: Error }
  | { ok: false; reason: 'schema'; issues: readonly ValidationIssue[] };

/** Validates a payload (filling defaults such as `v`) and returns it with its JSON text. */
export function encode<T>(schema: PayloadSchema, subject: string, payload: unknown): { value: T; json: string } {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new InvalidPayloadError(subject, parsed.error.issues);
  return { value: parsed.data as T, json: JSON.stringify(parsed.data) };
}

const decoder = new TextDecoder();

/** Parses JSON bytes and validates them against a schema whose output is T; never throws. */
export function decode<T>(schema: PayloadSchema, data: Uint8Array): Decoded<T> {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(data));
  } catch (error) {
    return { ok: false, reason: 'json', error: error instanceof Error ? error : new Error(String(error)) };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data as T } : { ok: false, reason: 'schema', issues: parsed.error.issues };
}

/** Log fields describing why a payload was refused. */
export function refusalFields(decoded: Exclude<Decoded<unknown>, { ok: true }>): Record<string, unknown> {
  return decoded.reason === 'json' ? { reason: 'json', err: decoded.error } : { reason: 'schema', issues: decoded.issues };
}
