/** One bad or missing environment variable. */
export interface EnvProblem {
  /** The variable's name, e.g. `DATABASE_URL`. */
  readonly variable: string;
  /** What is wrong, e.g. `required (a postgresql:// URL)`. */
  readonly message: string;
}

/**
 * The environment does not satisfy an app's env schema. Thrown by `loadEnv` once, listing
 * every bad or missing variable: `environment is invalid:\n  DATABASE_URL: required (...)`.
 */
export class EnvError extends Error {
  override readonly name = 'EnvError';
  /** Every problem, in the order of the schema's keys. */
  readonly problems: readonly EnvProblem[];

  constructor(problems: readonly EnvProblem[], options: { cause?: unknown } = {}) {
    const details = problems.map(({ variable, message }) => `\n  ${variable}: ${message}`).join('');
    super(`environment is invalid:${details}`, options);
    this.problems = problems;
  }
}
