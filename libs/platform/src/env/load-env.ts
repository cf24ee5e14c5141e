import type { z } from 'zod';
import { humanErrorMap, zodProblems } from '../config/zod-problems.js';
import type { EnvSource } from './env-source.js';
import { EnvError, type EnvProblem } from './env-error.js';

/**
 * Validates the variables named by `schema`'s keys, from `source` (apps pass
 * `process.env` from main.ts). An empty variable counts as unset, so `.default()` and
 * `.optional()` apply to `NAME=` too. Other variables in `source` are ignored.
 * @throws EnvError listing every bad or missing variable.
 */
export function loadEnv<Schema extends z.ZodObject>(schema: Schema, source: EnvSource): z.output<Schema> {
  const names = Object.keys(schema.shape);
  const picked = Object.fromEntries(names.map((name) => [name, source[name] === '' ? undefined : source[name]]));
  const result = schema.safeParse(picked, { error: humanErrorMap, reportInput: true });
  if (result.success) return result.data;

  const problems = zodProblems(result.error.issues).map(({ path, message }): EnvProblem => {
    const variable = String(path[0] ?? '(environment)');
    // Plain zod fields say only "required"; their .describe() text says what is needed.
    const description = (schema.shape as Record<string, z.ZodType | undefined>)[variable]?.description;
    return { variable, message: message === 'required' && description !== undefined ? `required (${description})` : message };
  });
  throw new EnvError(problems, { cause: result.error });
}
