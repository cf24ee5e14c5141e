import type { z } from 'zod';
import type { EnvSource } from '../env/env-source.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { interpolateEnv } from './interpolate.js';
import { parseYamlSource } from './yaml-source.js';
import { formatKeyPath, humanErrorMap, zodProblems } from './zod-problems.js';

/** Options of {@link parseConfigText}. */
export interface ParseConfigTextOptions {
  /** Names the file in errors. */
  readonly path: string;
  /** Values for `${VAR}` references. */
  readonly env: EnvSource;
}

/**
 * YAML text → interpolated → validated by `schema`, with defaults filled. Throws one
 * {@link ConfigError} listing every problem, in file order.
 */
export function parseConfigText<Schema extends z.ZodType>(schema: Schema, text: string, options: ParseConfigTextOptions): z.output<Schema> {
  const source = parseYamlSource(text);
  if (source.syntaxProblems.length > 0) {
    throw new ConfigError({ path: options.path, problems: source.syntaxProblems, cause: source.syntaxError });
  }
  const interpolated = interpolateEnv(source.data ?? {}, options.env);
  const result = schema.safeParse(withoutNulls(interpolated.value), { error: humanErrorMap, reportInput: true });

  const unresolved = interpolated.problems.map(({ path, message }) => ({ path, message }));
  // A value still holding an unresolved `${VAR}` would fail the schema too; report it once.
  const unresolvedKeys = new Set(unresolved.map(({ path }) => formatKeyPath(path)));
  const invalid = result.success
    ? []
    : zodProblems(result.error.issues).filter(({ path }) => !unresolvedKeys.has(formatKeyPath(path)));
  const all = [...unresolved, ...invalid];
  if (all.length === 0 && result.success) return result.data;

  const problems = all
    .map((problem, order) => ({ problem, order, offset: source.offsetOf(problem.path) }))
    .sort((a, b) => a.offset - b.offset || a.order - b.order)
    .map(({ problem }): ConfigProblem => ({ keyPath: formatKeyPath(problem.path), message: problem.message }));
  throw new ConfigError({ path: options.path, problems: dedupe(problems), cause: result.success ? undefined : result.error });
}

// `key:` with nothing after it is YAML null; treat it like an absent key so the default
// applies (as when the line is commented out). The key stays, so a typo is still reported.
function withoutNulls(value: unknown): unknown {
  // A null list item is kept: `- ` with nothing after it is a mistake, not a default.
  if (Array.isArray(value)) return value.map((item: unknown) => (item === null ? null : withoutNulls(item)));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, item === null ? undefined : withoutNulls(item)]));
}

function dedupe(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.keyPath}\0${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
