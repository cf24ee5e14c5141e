import { InvalidDefinitionError } from '../errors.js';

// Dagster's rule for names of ops, jobs, schedules, sensors and resources. Names become
// step keys, run tags and NATS subject tokens, so nothing outside this set is allowed.
const namePattern = /^[A-Za-z0-9_]+$/;

/** True when `name` is a valid definition name (`[A-Za-z0-9_]+`). */
export function isValidName(name: string): boolean {
  return namePattern.test(name);
}

/** Returns `name`; throws {@link InvalidDefinitionError} for `kind` when it is invalid. */
export function assertName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || !namePattern.test(name)) {
    throw new InvalidDefinitionError(
      `${kind} ${JSON.stringify(name)}`,
      'a name may contain only letters, digits and "_", and is not empty',
    );
  }
  return name;
}

/** Validates a string→string tag map (keys non-empty); returns a sorted copy. */
export function normalizeTags(definition: string, tags: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (tags === undefined) return out;
  for (const key of Object.keys(tags).sort()) {
    const value = tags[key];
    if (key === '' || typeof value !== 'string') {
      throw new InvalidDefinitionError(definition, `tag ${JSON.stringify(key)} must have a non-empty key and a string value`);
    }
    out[key] = value;
  }
  return out;
}
