import { OrreryError } from '@orrery/contracts';

/** One problem found by `defineDefinitions`. */
export interface DefinitionProblem {
  /** Stable machine code, e.g. `missing_dependency`, `asset_cycle`, `unknown_resource`. */
  readonly code: string;
  /** What is wrong, by kind and name: `asset raw/orders`, `job etl`, `schedule nightly`. */
  readonly subject: string;
  readonly message: string;
}

/**
 * Thrown by `defineDefinitions` with every problem of the definitions at once (duplicate
 * names, cycles with their path, missing deps, unknown resources, bad crons, incompatible
 * partition mappings, checks of unknown assets, jobs selecting nothing, unknown targets),
 * sorted by subject so the message is the same on every load.
 */
export class DefinitionsError extends OrreryError<'VALIDATION_FAILED', { problems: DefinitionProblem[] }> {
  constructor(readonly problems: readonly DefinitionProblem[]) {
    const lines = problems.map((problem) => `  - ${problem.subject}: ${problem.message}`);
    super('VALIDATION_FAILED', {
      message: `invalid definitions (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
      details: { problems: [...problems] },
    });
  }
}

/** Collects problems; sorted by subject then code then message when read. */
export class ProblemList {
  private readonly items: DefinitionProblem[] = [];

  add(code: string, subject: string, message: string): void {
    this.items.push({ code, subject, message });
  }

  get size(): number {
    return this.items.length;
  }

  sorted(): DefinitionProblem[] {
    const key = (p: DefinitionProblem) => `${p.subject}\u0000${p.code}\u0000${p.message}`;
    // Deduplicated: one cause can be seen twice (an unknown job named by two routes).
    const unique = new Map(this.items.map((p) => [key(p), p]));
    return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
  }
}
