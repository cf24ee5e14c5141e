import { OrreryError } from '@orrery/contracts';

/**
 * Resolves with `work`, or rejects with CODE_LOCATION_TIMEOUT after `timeoutMs`: user code
 * that hangs (a schedule function awaiting forever) gets a typed error reply in time instead
 * of leaving the requester to its own timeout. The hung promise itself cannot be stopped.
 */
export async function withTimeLimit<T>(what: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new OrreryError('CODE_LOCATION_TIMEOUT', { message: `${what} did not finish within ${timeoutMs} ms` })),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
