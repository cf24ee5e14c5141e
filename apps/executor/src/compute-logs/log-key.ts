// Log keys (`<runId>/<stepKey>`, as the engine's MemoryComputeLogs names them) and where
// each stream of a key is stored.

/** A captured stream of a step. */
export type LogStream = 'stdout' | 'stderr';

/** File/object name suffix of each stream. */
export const STREAM_EXTENSIONS: Readonly<Record<LogStream, string>> = { stdout: 'out', stderr: 'err' };

/** The log key of a step of a run. */
export function logKeyFor(runId: string, stepKey: string): string {
  return `${runId}/${stepKey}`;
}

/**
 * The run id and step key of a log key. The run id (a UUID) holds no `/`, so the key
 * splits at its first one; the step key may hold more (check steps: `check:a/b:name`).
 * Throws TypeError for a key without a step.
 */
export function parseLogKey(logKey: string): { runId: string; stepKey: string } {
  const slash = logKey.indexOf('/');
  if (slash <= 0 || slash === logKey.length - 1) throw new TypeError(`"${logKey}" is not a compute log key (<runId>/<stepKey>)`);
  return { runId: logKey.slice(0, slash), stepKey: logKey.slice(slash + 1) };
}

/**
 * A step key as one path segment: `%`, `/`, `\` and control characters percent-encoded (a
 * leading `.` too, so no key names `.` or `..`); everything else — `:`, `[`, `]` of check
 * and dynamic step keys — kept readable. Reversible with decodeURIComponent.
 */
export function stepKeySegment(stepKey: string): string {
  // eslint-disable-next-line no-control-regex
  const encoded = stepKey.replace(/[%/\\\u0000-\u001f\u007f]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return encoded.startsWith('.') ? `%2E${encoded.slice(1)}` : encoded;
}

/** `<runId>/<encoded stepKey>.<out|err>`: the relative path (or object key suffix) of a stream. */
export function streamPath(logKey: string, stream: LogStream): string {
  const { runId, stepKey } = parseLogKey(logKey);
  return `${stepKeySegment(runId)}/${stepKeySegment(stepKey)}.${STREAM_EXTENSIONS[stream]}`;
}
