/** One problem in a config file: where (key path or line) and what is wrong. */
export interface ConfigProblem {
  /** Dotted path of the key with `[i]` for list items, e.g. `load_from[0].module`; `''` for the whole file. */
  readonly keyPath: string;
  /** Human message: what was expected and what was found. */
  readonly message: string;
  /** 1-based line, for YAML syntax errors. */
  readonly line?: number;
  /** 1-based column, for YAML syntax errors. */
  readonly column?: number;
}

/** Options of {@link ConfigError}. */
export interface ConfigErrorOptions {
  /** The config file as the caller named it. */
  readonly path: string;
  /** Every problem found; the message lists them all. Default: none. */
  readonly problems?: readonly ConfigProblem[];
  /** What is wrong with the file as a whole. Default: "is invalid". */
  readonly reason?: string;
  /** The underlying error (YAML parser, zod, fs). */
  readonly cause?: unknown;
}

/**
 * A config file cannot be used: unreadable, missing when required, bad YAML, an unset
 * `${VAR}`, or values that fail the schema. Thrown once per file, listing every problem,
 * e.g. `orrery.yaml is invalid:\n  storage.pool_sise: unknown key`.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The config file as the caller named it. */
  readonly path: string;
  /** Every problem found, in file order. */
  readonly problems: readonly ConfigProblem[];

  constructor(options: ConfigErrorOptions) {
    const problems = options.problems ?? [];
    const headline = `${options.path} ${options.reason ?? 'is invalid'}`;
    const details = problems.map((problem) => `\n  ${formatConfigProblem(problem)}`).join('');
    super(problems.length > 0 ? `${headline}:${details}` : headline, { cause: options.cause });
    this.path = options.path;
    this.problems = problems;
  }
}

/** `keyPath: message`, or `line L, column C: message` for a syntax error. */
export function formatConfigProblem(problem: ConfigProblem): string {
  if (problem.keyPath !== '') return `${problem.keyPath}: ${problem.message}`;
  if (problem.line !== undefined) return `line ${problem.line}, column ${problem.column ?? 1}: ${problem.message}`;
  return `(top level): ${problem.message}`;
}
