import { toErrorInfo } from '@orrery/contracts';
import type { ResolvedCodeLocationConfig } from '@orrery/platform';
import type { Definitions } from '@orrery/sdk';
import { loadDefinitions } from './load-definitions.js';

/** A location's load error as stored and served: message and stack of the user's error. */
export interface LocationLoadError {
  message: string;
  stack?: string;
}

/** One code location hosted by this executor: its definitions, or why they failed to load. */
export type CodeLocation =
  | { readonly name: string; readonly config: ResolvedCodeLocationConfig; readonly status: 'loaded'; readonly definitions: Definitions }
  | { readonly name: string; readonly config: ResolvedCodeLocationConfig; readonly status: 'failed'; readonly error: LocationLoadError };

/**
 * Loads one location. Never throws: user code that throws while loading (a syntax error, a
 * DefinitionsError, a missing module) makes a `failed` location, reported and served, while
 * the executor's other locations keep working.
 */
export async function loadCodeLocation(config: ResolvedCodeLocationConfig): Promise<CodeLocation> {
  try {
    const definitions = await loadDefinitions(config);
    return { name: config.locationName, config, status: 'loaded', definitions };
  } catch (error) {
    const info = toErrorInfo(error);
    const stack = error instanceof Error ? error.stack : undefined;
    return {
      name: config.locationName,
      config,
      status: 'failed',
      error: { message: `code location ${config.locationName} failed to load: ${info.message}`, ...(stack ? { stack } : {}) },
    };
  }
}
